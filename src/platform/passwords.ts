import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum for argon2id). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(hashed: string, password: string): Promise<boolean> {
  return verify(hashed, password).catch(() => false);
}

// Words at the core of the passwords people pick first (leaked-password lists, Chinese and
// English); a password that is one of them plus digits and symbols is guessed in the first minutes.
const commonWords = [
  'password',
  'passwd',
  'pass',
  'admin',
  'administrator',
  'root',
  'user',
  'login',
  'welcome',
  'qwerty',
  'qwertyuiop',
  'asdf',
  'asdfgh',
  'asdfghjkl',
  'zxcvbn',
  'zxcvbnm',
  'abc',
  'abcd',
  'abcdef',
  'abcdefg',
  'abcdefgh',
  'iloveyou',
  'letmein',
  'monkey',
  'dragon',
  'master',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'shadow',
  'trustno',
  'secret',
  'changeme',
  'default',
  'test',
  'guest',
  'woaini',
  'wangyi',
  'zhang',
  'wang',
  'china',
  'beijing',
  'shoutu',
  'aaaa',
  'qazwsx',
  'qweasd',
  'qwer',
  'asdzxc',
  'system',
  'server',
  'manager',
  'office',
];
const commonSet = new Set(commonWords);

// Rows of a keyboard and plain sequences: runs along them are what "strong-looking" weak
// passwords are made of (1qaz2wsx, qwer1234, asdf!@#$).
const sequences = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abcdefghijklmnopqrstuvwxyz',
  '!@#$%^&*()',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
];

/** Undoes the usual letter-for-digit disguises: P@ssw0rd → password. */
function unleet(text: string): string {
  const map: Record<string, string> = {
    '0': 'o',
    '1': 'i',
    '3': 'e',
    '4': 'a',
    '5': 's',
    '7': 't',
    '@': 'a',
    $: 's',
    '!': 'i',
  };
  return text.replace(/[0134578@$!]/g, (c) => map[c] ?? c);
}

/** The length of the longest run of `text` found along a sequence, forwards or backwards. */
function longestSequenceRun(text: string): number {
  let longest = 0;
  for (const base of sequences) {
    for (const line of [base, [...base].reverse().join('')]) {
      for (let i = 0; i < text.length; i++) {
        let length = 0;
        const at = line.indexOf(text[i]!);
        while (at >= 0 && i + length < text.length && line[at + length] === text[i + length])
          length++;
        longest = Math.max(longest, length);
      }
    }
  }
  return longest;
}

/**
 * MLPS level-3 baseline: at least 8 characters from at least 3 of 4 character classes; and not a
 * password an attacker tries first: a common word with digits and symbols around it (Password1,
 * P@ssw0rd), a keyboard or alphabet run (1qaz2wsx, Qwer1234!), or one containing the username.
 */
export function passwordPolicyProblem(password: string, username = ''): string | null {
  if (password.length < 8) return '密码至少需要 8 个字符';
  if (password.length > 128) return '密码不能超过 128 个字符';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password));
  if (classes.length < 3) return '密码需包含大写字母、小写字母、数字、符号中的至少 3 类';
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length >= 3) {
    const parts = [name, ...name.split(/[^a-z0-9]+/).filter((p) => p.length >= 3)];
    if (parts.some((part) => lower.includes(part) || unleet(lower).includes(part)))
      return '密码不能包含用户名';
  }
  const letters = lower.replace(/[^a-z]/g, '');
  const core = unleet(lower.replace(/^[^a-z]+|[^a-z]+$/g, '')).replace(/[^a-z]/g, '');
  if (commonSet.has(letters) || commonSet.has(core) || letters.length < 3)
    return '密码过于常见（常用单词加数字或符号），请换一个不易猜到的密码';
  if (longestSequenceRun(lower) >= Math.max(4, Math.ceil(password.length * 0.6)))
    return '密码不能主要由键盘或字母表上的连续字符组成（如 qwer、1qaz、abcd）';
  return null;
}

/** A one-time password that satisfies the policy, for new accounts and init-admin. */
export function generateInitialPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=!'];
  const chars = sets.map((s) => s[randomInt(s.length)]);
  const all = sets.join('');
  while (chars.length < 12) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
