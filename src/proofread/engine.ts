import { scanPii } from './pii.js';
import { scanSecretMarkings } from './secret.js';
import { confusableChars, isWord, looksTraditional, samePinyin } from './similar.js';
import type { DictionaryEntry, ProofFinding, RangeProofreader, RawFinding } from './types.js';

/**
 * The engine makes one pass over the text. Every rule is reached through a two-character anchor:
 * a table of first characters and a table of second characters reject almost every position with
 * two array reads, and only real anchor bigrams reach the Map lookup. Each formulation is anchored
 * on two bigrams far enough apart that any single edit (substitution, deletion, insertion, adjacent
 * swap) leaves one of them intact; from that anchor the text is aligned against the canonical form
 * in both directions, so correct text costs one comparison per occurrence and no allocation.
 */

/** A formulation matched with one edit allowed. */
interface FuzzyPattern {
  entry: number;
  chars: string;
  len: number;
}

type ExactKind = 'typo' | 'wrong' | 'swap' | 'name' | 'count' | 'member';

/** A string matched exactly, with what its occurrence means. */
interface ExactPattern {
  kind: ExactKind;
  entry: number;
  chars: string;
  suggestion: string;
  /** typo: longer correct words containing the wrong form. */
  exceptions?: string[];
}

interface CompiledEntry {
  id: string;
  rule: string;
  canonical: string;
  verbs: string[];
  members: string[];
  memberLen: number;
  memberAffix: { prefix: string; suffix: string };
}

type EditKind = 'sub' | 'del' | 'ins' | 'swap';

interface Candidate {
  pattern: number;
  start: number;
  end: number;
  editFrom: number;
  editTo: number;
}

// Characters that may legitimately be inserted into a formulation (的, 和 …) or that are layout.
const FUNCTION_CHARS = new Set([...'的地得之和与及或并而等了着过也都就把被对向在于以为是所']);
// One-character modifiers that a correct shorter wording may leave out (基层党组织建设 →
// 基层组织建设, 全国统一大市场 → 全国统一市场).
// Particles that join words: one more of them makes a looser but correct wording.
const LINKING_CHARS = new Set([...'的地得之和与及或并而等']);
const OPTIONAL_CHARS = new Set([...'式家党新大内型化专总全各国']);
const QUOTES = new Set([...'“”"‘’\'「」『』《》〈〉']);
const NUMERALS = ['一', '两', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

function commonAffix(members: string[]): { prefix: string; suffix: string } {
  if (members.length === 0) return { prefix: '', suffix: '' };
  let prefix = members[0];
  let suffix = members[0];
  for (const m of members) {
    while (!m.startsWith(prefix)) prefix = prefix.slice(0, -1);
    while (!m.endsWith(suffix)) suffix = suffix.slice(1);
  }
  return { prefix, suffix };
}

// Bigrams that occur everywhere in official prose; an anchor on one of them would make the engine
// verify candidates at a large share of all positions, so anchors prefer other bigrams.
const COMMON_BIGRAMS = new Set(
  '发展 建设 社会 主义 中国 国家 经济 工作 人民 坚持 全面 推进 加强 改革 制度 体系 现代 政治 文化 特色 管理 教育 社会 领导 体制 治理 重大 生态 文明 民主 法治 安全 思想 精神 党的 中央 群众 意识 开放 创新 战略 实现 我们 全国 机制 国际 服务 问题 进一 一步 完善 推动 提高 加快'.split(
    ' ',
  ),
);

interface Compiled {
  entries: CompiledEntry[];
  fuzzy: FuzzyPattern[];
  exact: ExactPattern[];
  first: Uint8Array;
  second: Uint8Array;
  anchors: Map<number, number[]>;
  valid: Set<string>;
  /** char code → (valid phrase, index of that char in it), to test coverage by a valid phrase. */
  validByChar: Map<number, Array<[string, number]>>;
  verbStarts: Map<number, string[]>;
  triggerVerbs: Set<string>;
  maxLen: number;
}

function bigramKey(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/** Anchor offsets for a pattern of length L: a pair that no single edit can both destroy. */
function chooseAnchors(chars: string, bigramUse: Map<number, number>): number[] {
  const L = chars.length;
  if (L < 4) return [];
  const cost = (q: number) =>
    (bigramUse.get(bigramKey(chars, q)) ?? 0) +
    (COMMON_BIGRAMS.has(chars.slice(q, q + 2)) ? 50 : 0);
  if (L === 4) return [0, 2];
  let best: [number, number] = [0, L - 2];
  let bestCost = Number.POSITIVE_INFINITY;
  for (let a = 0; a <= L - 2; a++) {
    for (let b = a + 3; b <= L - 2; b++) {
      const c = Math.max(cost(a), cost(b)) * 100 + cost(a) + cost(b);
      if (c < bestCost) {
        bestCost = c;
        best = [a, b];
      }
    }
  }
  return best;
}

function fold(s: string): string {
  return s.replace(QUOTE_FOLD, '"');
}

function foldEntry(e: DictionaryEntry): DictionaryEntry {
  const out: DictionaryEntry = { ...e, canonical: fold(e.canonical) };
  if (e.knownWrong) out.knownWrong = e.knownWrong.map(fold);
  if (e.alsoValid) out.alsoValid = e.alsoValid.map(fold);
  if (e.members) out.members = e.members.map(fold);
  if (e.exceptions) out.exceptions = e.exceptions.map(fold);
  return out;
}

function compile(list: DictionaryEntry[]): Compiled {
  // Matching runs on folded strings (see TextView); suggestions keep the entry's own quotes.
  const originalOf = new Map<DictionaryEntry, string>();
  const active = list
    .filter((e) => e.enabled !== false && e.canonical.length > 0)
    .map((e) => {
      const folded = foldEntry(e);
      originalOf.set(folded, e.canonical);
      return folded;
    });
  const entries: CompiledEntry[] = [];
  const fuzzy: FuzzyPattern[] = [];
  const exact: ExactPattern[] = [];
  const valid = new Set<string>();
  const verbStarts = new Map<number, string[]>();
  const triggerVerbs = new Set<string>();
  const allVerbs = new Set<string>();

  for (const e of active) {
    if (e.kind === 'typo') continue;
    valid.add(e.canonical);
    for (const v of e.alsoValid ?? []) valid.add(v);
    for (const m of e.members ?? []) valid.add(m);
  }

  for (const e of active) {
    const members = (e.members ?? []).filter((m) => m.length > 0);
    const memberLen =
      members.length > 0 && members.every((m) => m.length === members[0].length)
        ? members[0].length
        : 0;
    const entryIndex = entries.length;
    entries.push({
      id: e.id,
      rule: e.id.startsWith(`${e.kind}:`)
        ? e.id
        : `${e.kind === 'typo' ? 'typo' : 'formulation'}:${e.id}`,
      canonical: originalOf.get(e) ?? e.canonical,
      verbs: e.verbs ?? [],
      members,
      memberLen,
      memberAffix: commonAffix(members),
    });
    if (e.kind === 'typo') {
      for (const wrong of e.knownWrong ?? []) {
        if (wrong.length >= 2 && wrong !== e.canonical) {
          exact.push({
            kind: 'typo',
            entry: entryIndex,
            chars: wrong,
            suggestion: e.canonical,
            exceptions: e.exceptions,
          });
        }
      }
      continue;
    }
    const original = originalOf.get(e) ?? e.canonical;
    for (const wrong of e.knownWrong ?? []) {
      if (wrong.length >= 2 && !valid.has(wrong)) {
        exact.push({ kind: 'wrong', entry: entryIndex, chars: wrong, suggestion: original });
      }
    }
    const c = e.canonical;
    if (c.length >= 4 && !/[\uD800-\uDFFF]/.test(c)) {
      fuzzy.push({ entry: entryIndex, chars: c, len: c.length });
      // A swap of the two middle characters of a four-character term destroys every bigram, so
      // that one variant is matched as a whole.
      if (c.length === 4) {
        const swapped = c[0] + c[2] + c[1] + c[3];
        if (!valid.has(swapped) && swapped !== c) {
          exact.push({ kind: 'swap', entry: entryIndex, chars: swapped, suggestion: original });
        }
      }
    }
    if (e.kind === 'numbered') {
      if (e.verbs && e.verbs.length > 0) {
        exact.push({ kind: 'name', entry: entryIndex, chars: c, suggestion: original });
        for (const v of e.verbs) allVerbs.add(v);
        triggerVerbs.add(e.verbs[0]);
        const numbered = /^(一|两|二|三|四|五|六|七|八|九|十)(个|大|项|种)(.+)$/.exec(c);
        if (numbered) {
          for (const n of NUMERALS) {
            const variant = `${n}${numbered[2]}${numbered[3]}`;
            if (n !== numbered[1] && !valid.has(variant)) {
              exact.push({
                kind: 'count',
                entry: entryIndex,
                chars: variant,
                suggestion: original,
              });
            }
          }
        }
      }
      if (memberLen >= 2 && members.length >= 3) {
        for (const m of members) {
          exact.push({ kind: 'member', entry: entryIndex, chars: m, suggestion: m });
        }
      }
    }
  }
  for (const v of allVerbs) {
    const code = v.charCodeAt(v.length - 1);
    const list = verbStarts.get(code) ?? [];
    list.push(v);
    list.sort((a, b) => b.length - a.length);
    verbStarts.set(code, list);
  }

  // Count how many patterns use each bigram, so anchors avoid the shared building blocks.
  const bigramUse = new Map<number, number>();
  for (const p of fuzzy) {
    for (let i = 0; i + 1 < p.len; i++) {
      const k = bigramKey(p.chars, i);
      bigramUse.set(k, (bigramUse.get(k) ?? 0) + 1);
    }
  }

  const first = new Uint8Array(65536);
  const second = new Uint8Array(65536);
  const anchors = new Map<number, number[]>();
  const addAnchor = (s: string, q: number, item: number) => {
    const k = bigramKey(s, q);
    first[s.charCodeAt(q)] = 1;
    second[s.charCodeAt(q + 1)] = 1;
    const list = anchors.get(k);
    if (list) list.push(item);
    else anchors.set(k, [item]);
  };
  fuzzy.forEach((p, index) => {
    for (const q of chooseAnchors(p.chars, bigramUse))
      addAnchor(p.chars, q, (index << 7) | (q << 1));
  });
  exact.forEach((p, index) => {
    addAnchor(p.chars, 0, (index << 7) | 1);
  });

  const validByChar = new Map<number, Array<[string, number]>>();
  for (const v of valid) {
    for (let i = 0; i < v.length; i++) {
      const code = v.charCodeAt(i);
      const list = validByChar.get(code);
      if (list) list.push([v, i]);
      else validByChar.set(code, [[v, i]]);
    }
  }

  let maxLen = 0;
  for (const p of fuzzy) maxLen = Math.max(maxLen, p.len);
  for (const p of exact) maxLen = Math.max(maxLen, p.chars.length);
  return {
    entries,
    fuzzy,
    exact,
    first,
    second,
    anchors,
    valid,
    validByChar,
    verbStarts,
    triggerVerbs,
    maxLen,
  };
}

/** Whether text[from, to) lies inside an occurrence of a known correct phrase. */
function coveredByValid(
  c: Compiled,
  text: string,
  from: number,
  to: number,
  canonical = '',
): boolean {
  const list = c.validByChar.get(text.charCodeAt(from));
  if (!list) return false;
  for (const [phrase, i] of list) {
    // A part of the formulation itself (从严治党 inside 全面从从严治党) proves nothing.
    if (canonical.includes(phrase)) continue;
    const start = from - i;
    if (start >= 0 && start + phrase.length >= to && text.startsWith(phrase, start)) return true;
  }
  return false;
}

function regionEq(text: string, t: number, p: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (text.charCodeAt(t + k - from) !== p.charCodeAt(k)) return false;
  }
  return true;
}

class Engine implements RangeProofreader {
  readonly contextLength: number;
  private readonly c: Compiled;
  private readonly lastVerified: Int32Array;

  constructor(entries: DictionaryEntry[]) {
    this.c = compile(entries);
    this.lastVerified = new Int32Array(this.c.fuzzy.length);
    // Enumerations (up to six members plus separators) and verbs are read around a hit.
    this.contextLength = Math.max(256, this.c.maxLen * 4);
  }

  check(text: string): ProofFinding[] {
    if (text.charCodeAt(0) === 0xfeff) {
      return toCodePoints(text, this.scanRange(text, 1, text.length, true), -1);
    }
    return toCodePoints(text, this.scanRange(text, 0, text.length, true), 0);
  }

  scanRange(text: string, from: number, to: number, atDocumentStart: boolean): RawFinding[] {
    const c = this.c;
    const { first, second, anchors, fuzzy, exact } = c;
    const lastVerified = this.lastVerified;
    lastVerified.fill(-0x7fffffff);
    const candidates: Candidate[] = [];
    const hits: Array<[number, number]> = [];
    const lead = c.maxLen + 2;
    // Phrases are matched on a view of the text with quotes folded to one character and line
    // breaks inside a sentence taken out; PII and marks read the text itself (they need lines).
    const view = new TextView(text, Math.max(0, from - lead), Math.min(text.length, to + lead));
    const s = view.text;
    const scanTo = s.length - 1;

    for (let i = 0; i < scanTo; i++) {
      const ch = s.charCodeAt(i);
      if (first[ch] === 0) continue;
      if (second[s.charCodeAt(i + 1)] !== 1) continue;
      const items = anchors.get(ch * 65536 + s.charCodeAt(i + 1));
      if (items === undefined) continue;
      for (let n = 0; n < items.length; n++) {
        const item = items[n];
        if ((item & 1) === 1) {
          const p = exact[item >>> 7];
          if (s.startsWith(p.chars, i)) hits.push([item >>> 7, i]);
          continue;
        }
        const index = item >>> 7;
        const q = (item >>> 1) & 63;
        const s0 = i - q;
        if (lastVerified[index] === s0) continue;
        lastVerified[index] = s0;
        this.verify(s, fuzzy[index], index, i, q, candidates);
      }
    }

    // Findings in the context around the range are worked out too, so that of two overlapping
    // ones the same one wins whichever range (or chunk) each starts in; then only those that
    // start in the range are kept.
    const found: RawFinding[] = [];
    this.acceptCandidates(s, candidates, 0, s.length, found);
    this.acceptExactHits(s, hits, found, view);
    const out: RawFinding[] = [];
    for (const f of resolveOverlaps(found)) {
      const start = view.toText(f.start);
      const end = view.toTextEnd(f.end);
      if (start >= from && start < to) out.push({ ...f, start, end });
    }
    scanPii(text, from, to, out);
    scanSecretMarkings(text, from, to, atDocumentStart, out);
    return resolveOverlaps(out);
  }

  /** Aligns text around an intact anchor bigram against the canonical form, one edit allowed. */
  private verify(
    text: string,
    pat: FuzzyPattern,
    index: number,
    p: number,
    q: number,
    out: Candidate[],
  ): void {
    const P = pat.chars;
    const L = pat.len;
    const s0 = p - q;
    let kb = -1;
    for (let k = q - 1; k >= 0; k--) {
      if (text.charCodeAt(s0 + k) !== P.charCodeAt(k)) {
        kb = k;
        break;
      }
    }
    let kf = L;
    for (let k = q + 2; k < L; k++) {
      if (text.charCodeAt(s0 + k) !== P.charCodeAt(k)) {
        kf = k;
        break;
      }
    }
    if (kb === -1 && kf === L) return; // exact occurrence
    if (kb !== -1 && kf !== L) return; // two edits
    // Every reading of the mismatch is tried: at the last character a substitution always
    // aligns, but an inserted duplicate (科教兴国战战略) is the plausible reading.
    if (kf !== L) {
      const t = s0 + kf;
      if (regionEq(text, t + 1, P, kf + 1, L))
        this.consider(text, index, 'sub', kf, t, s0, s0 + L, out);
      if (
        kf + 1 < L &&
        text.charCodeAt(t) === P.charCodeAt(kf + 1) &&
        text.charCodeAt(t + 1) === P.charCodeAt(kf) &&
        regionEq(text, t + 2, P, kf + 2, L)
      )
        this.consider(text, index, 'swap', kf, t, s0, s0 + L, out);
      if (kf < L - 1 && regionEq(text, t, P, kf + 1, L))
        this.consider(text, index, 'del', kf, t, s0, s0 + L - 1, out);
      if (regionEq(text, t + 1, P, kf, L))
        this.consider(text, index, 'ins', kf, t, s0, s0 + L + 1, out);
    } else {
      const t = s0 + kb;
      const end = s0 + L;
      if (regionEq(text, t - kb, P, 0, kb))
        this.consider(text, index, 'sub', kb, t, t - kb, end, out);
      if (
        kb >= 1 &&
        text.charCodeAt(t) === P.charCodeAt(kb - 1) &&
        text.charCodeAt(t - 1) === P.charCodeAt(kb) &&
        regionEq(text, t - kb, P, 0, kb - 1)
      )
        this.consider(text, index, 'swap', kb - 1, t - 1, t - kb, end, out);
      // The missing character belongs between text[t] and text[t + 1].
      if (kb > 0 && regionEq(text, t - kb + 1, P, 0, kb))
        this.consider(text, index, 'del', kb, t + 1, t - kb + 1, end, out);
      if (regionEq(text, t - kb - 1, P, 0, kb + 1))
        this.consider(text, index, 'ins', kb, t, t - kb - 1, end, out);
    }
  }

  /** Records one reading of a mismatch if it looks like a miswriting. */
  private consider(
    text: string,
    index: number,
    kind: EditKind,
    k: number,
    t: number,
    start: number,
    end: number,
    out: Candidate[],
  ): void {
    if (start < 0 || !this.plausible(text, this.c.fuzzy[index].chars, kind, k, t)) return;
    let editFrom = t;
    let editTo = t + 1;
    if (kind === 'swap') editTo = t + 2;
    else if (kind === 'del') {
      editFrom = t - 1;
      editTo = t + 1;
    }
    out.push({ pattern: index, start, end, editFrom, editTo });
  }

  /** Whether an edit looks like a miswriting rather than a different, legitimate phrase. */
  private plausible(text: string, P: string, kind: EditKind, k: number, t: number): boolean {
    const L = P.length;
    switch (kind) {
      case 'sub': {
        const got = text.charCodeAt(t);
        const want = P.charCodeAt(k);
        if (!isCjk(got)) return false;
        if (confusableChars(want, got)) {
          if (looksTraditional(text, t)) return false; // 開放 in a text written in 繁體
          // At an edge of the term the new character may make a word with the text beside it
          // (科学发展规划, 推动科学发展关键在于): read as that word unless the term's own edge
          // is a word too (以人民为中新 keeps 中心).
          if (k === L - 1 && isWord(got, text.charCodeAt(t + 1)))
            return isWord(P.charCodeAt(L - 2), want);
          if (k === 0 && isWord(text.charCodeAt(t - 1), got)) return isWord(want, P.charCodeAt(1));
          return true;
        }
        // A non-confusable character near either end, inside a short term, or in place of a
        // particle usually makes another legitimate phrase (科学发展观 → 科学发展道路;
        // 社会主义民主政治 → 社会主义民主法治): only deep inside a long term is it a miswriting.
        if (k < 2 || k > L - 3 || L < 7) return false;
        return !FUNCTION_CHARS.has(text[t]) && !FUNCTION_CHARS.has(P[k]);
      }
      case 'del': {
        // Dropping a particle or a one-character modifier mostly leaves a correct shorter phrase
        // (中国共产党的领导 → 中国共产党领导, 中国式现代化 → 中国现代化). A term of four or five
        // characters minus one is a three- or four-character string that ordinary words contain
        // (法制建设 holds 制建设, 革命化 is a word), so there a deletion counts only when the
        // remainder stands alone in quotes or brackets (“两学做”).
        if (k < 1 || k > L - 2 || !isCjk(P.charCodeAt(k)) || FUNCTION_CHARS.has(P[k])) return false;
        const start = t - k;
        const end = start + L - 1;
        // A modifier that makes a word with its neighbour in the term (国 of 中国, 大 of 伟大,
        // 全 of 全面) is no optional modifier there: dropping it breaks that word.
        if (
          L >= 6 &&
          OPTIONAL_CHARS.has(P[k]) &&
          !isWord(P.charCodeAt(k - 1), P.charCodeAt(k)) &&
          !isWord(P.charCodeAt(k), P.charCodeAt(k + 1))
        )
          return false;
        // The remainder's edge may belong to a word of the text beside it (全体人民团结进步 is no
        // 民族团结进步 without 族; 马克思主义基本理论 no 基本原理 without 原).
        if (k === L - 2 && isWord(P.charCodeAt(L - 1), text.charCodeAt(end))) return false;
        if (k === 1 && isWord(text.charCodeAt(start - 1), P.charCodeAt(0))) return false;
        return L >= 6 || quoted(text, start, end);
      }
      case 'ins': {
        const got = text.charCodeAt(t);
        if (!isCjk(got)) return false;
        const left = text.charCodeAt(t - 1);
        const right = text.charCodeAt(t + 1);
        // A character typed twice (就是是) is a slip whatever it is; an extra particle (的, 和)
        // usually makes a correct looser wording, unless it sounds or looks like its neighbour.
        if (got === left || got === right) return true;
        if (LINKING_CHARS.has(text[t])) return false;
        if (FUNCTION_CHARS.has(text[t]) && !samePinyin(got, left) && !samePinyin(got, right))
          return false;
        return confusableChars(left, got) || confusableChars(right, got);
      }
      case 'swap':
        return isCjk(text.charCodeAt(t)) && isCjk(text.charCodeAt(t + 1));
    }
  }

  private acceptCandidates(
    text: string,
    candidates: Candidate[],
    from: number,
    to: number,
    out: RawFinding[],
  ): void {
    const seen = new Set<string>();
    for (const cand of candidates) {
      if (cand.start < from || cand.start >= to) continue;
      const key = `${cand.pattern}:${cand.start}:${cand.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const span = text.slice(cand.start, cand.end);
      if (this.c.valid.has(span)) continue;
      const pat = this.c.fuzzy[cand.pattern];
      if (coveredByValid(this.c, text, cand.editFrom, cand.editTo, pat.chars)) continue;
      const entry = this.c.entries[pat.entry];
      out.push({
        code: 'formulation-error',
        start: cand.start,
        end: cand.end,
        suggestion: entry.canonical,
        rule: entry.rule,
      });
    }
  }

  private acceptExactHits(
    text: string,
    hits: Array<[number, number]>,
    out: RawFinding[],
    view: TextView,
  ): void {
    let listEnd = -1;
    for (const [index, i] of hits) {
      const p = this.c.exact[index];
      const entry = this.c.entries[p.entry];
      const end = i + p.chars.length;
      switch (p.kind) {
        case 'typo':
          if (p.exceptions?.some((w) => occursAround(text, w, p.chars, i))) break;
          out.push({ code: 'typo', start: i, end, suggestion: p.suggestion, rule: entry.rule });
          break;
        case 'wrong':
        case 'swap':
          if (coveredByValid(this.c, text, i, end)) break;
          out.push({
            code: 'formulation-error',
            start: i,
            end,
            suggestion: p.suggestion,
            rule: entry.rule,
          });
          break;
        case 'name': {
          const verb = this.verbBefore(text, i);
          if (!verb || entry.verbs.includes(verb.verb)) break;
          const others = this.verbsEndingAt(text, verb.end);
          if (others.some((v) => entry.verbs.includes(v))) break;
          if (!others.some((v) => this.c.triggerVerbs.has(v))) break;
          out.push({
            code: 'formulation-error',
            start: verb.end - verb.verb.length,
            end,
            suggestion: `${entry.verbs[0]}${view.original(verb.end, i)}${entry.canonical}`,
            rule: `verb:${entry.id}`,
          });
          break;
        }
        case 'count': {
          const verb = this.verbBefore(text, i);
          if (!verb || !entry.verbs.includes(verb.verb)) break;
          out.push({
            code: 'formulation-error',
            start: i,
            end,
            suggestion: entry.canonical,
            rule: `count:${entry.id}`,
          });
          break;
        }
        case 'member':
          if (i < listEnd) break;
          listEnd = this.checkEnumeration(text, entry, i, out);
          break;
      }
    }
  }

  /** The longest known verb right before position i (quotes and spaces in between skipped). */
  private verbBefore(text: string, i: number): { verb: string; end: number } | undefined {
    let j = i;
    while (j > 0 && j > i - 3 && (QUOTES.has(text[j - 1]) || text[j - 1] === ' ')) j--;
    const verbs = this.c.verbStarts.get(text.charCodeAt(j - 1));
    if (!verbs) return undefined;
    for (const v of verbs) {
      if (text.startsWith(v, j - v.length)) return { verb: v, end: j };
    }
    return undefined;
  }

  private verbsEndingAt(text: string, end: number): string[] {
    const verbs = this.c.verbStarts.get(text.charCodeAt(end - 1)) ?? [];
    return verbs.filter((v) => text.startsWith(v, end - v.length));
  }

  /**
   * An enumeration of a numbered formulation's members separated by 、 with one item that is not a
   * member (政治意识、大局意识、核心意识、全局意识): reports that item. Returns where the list ends.
   */
  private checkEnumeration(
    text: string,
    entry: CompiledEntry,
    i: number,
    out: RawFinding[],
  ): number {
    const m = entry.memberLen;
    let s = i;
    while (s - 1 - m >= 0 && text[s - 1] === '、') s = s - 1 - m;
    const items: number[] = [s];
    let e = s + m;
    while (text[e] === '、' && e + 1 + m <= text.length) {
      items.push(e + 1);
      e = e + 1 + m;
    }
    if (items.length !== entry.members.length) return e;
    const seen = new Set<string>();
    let wrongAt = -1;
    for (const at of items) {
      const item = text.slice(at, at + m);
      if (entry.members.includes(item)) seen.add(item);
      else if (wrongAt === -1) wrongAt = at;
      else return e;
    }
    if (wrongAt === -1 || seen.size !== entry.members.length - 1) return e;
    const wrong = text.slice(wrongAt, wrongAt + m);
    const { prefix, suffix } = entry.memberAffix;
    if (!wrong.startsWith(prefix) || !wrong.endsWith(suffix)) return e;
    for (let k = 0; k < m; k++) if (!isCjk(wrong.charCodeAt(k))) return e;
    const missing = entry.members.find((x) => !seen.has(x))!;
    out.push({
      code: 'formulation-error',
      start: wrongAt,
      end: wrongAt + m,
      suggestion: missing,
      rule: `member:${entry.id}`,
    });
    return e;
  }
}

const OPENERS = new Set([...'“‘"\'「『《〈（(【[']);
const CLOSERS = new Set([...'”’"\'」』》〉）)】]']);

/** Whether text[start, end) stands between quotes or brackets (on one side at least). */
function quoted(text: string, start: number, end: number): boolean {
  if (isCjk(text.charCodeAt(start - 1)) || isCjk(text.charCodeAt(end))) return false;
  return OPENERS.has(text[start - 1]) || CLOSERS.has(text[end]);
}

/** Whether `word` (which contains `wrong`) occurs in text so that it covers the hit at i. */
function occursAround(text: string, word: string, wrong: string, i: number): boolean {
  for (let j = word.indexOf(wrong); j !== -1; j = word.indexOf(wrong, j + 1)) {
    if (text.startsWith(word, i - j)) return true;
  }
  return false;
}

// Every kind of quotation mark reads as one: 增强"四个意识" is 增强“四个意识”, and a
// formulation written with quotes (共建“一带一路”) matches whichever quotes the text uses.
const QUOTE_FOLD = /[“”‘’'「」『』＂＇]/g;
// A line break between two characters of a sentence (text copied from a PDF or a web page wraps
// anywhere) is no boundary; a blank line, or a break after punctuation, is one.
const LINE_JOIN = /[\u3400-\u9fff"][ \t\u3000]*\r?\n[ \t\u3000]*(?=[\u3400-\u9fff"])/g;

/** text[from, to) with quotes folded and in-sentence line breaks removed, and the way back. */
class TextView {
  readonly text: string;
  /** View index of the character after each removed break, ascending. */
  private readonly cutAt: number[] = [];
  /** Characters removed up to and including each break. */
  private readonly removed: number[] = [];

  constructor(
    private readonly source: string,
    private readonly from: number,
    to: number,
  ) {
    let s = source.slice(from, to);
    s = s.replace(QUOTE_FOLD, '"');
    if (s.indexOf('\n') === -1) {
      this.text = s;
      return;
    }
    const parts: string[] = [];
    let last = 0;
    let removed = 0;
    LINE_JOIN.lastIndex = 0;
    for (let m = LINE_JOIN.exec(s); m !== null; m = LINE_JOIN.exec(s)) {
      const breakStart = m.index + 1;
      parts.push(s.slice(last, breakStart));
      last = m.index + m[0].length;
      this.cutAt.push(breakStart - removed);
      removed += last - breakStart;
      this.removed.push(removed);
    }
    parts.push(s.slice(last));
    this.text = this.cutAt.length === 0 ? s : parts.join('');
  }

  /** Position in the source of view index v. */
  toText(v: number): number {
    let shift = 0;
    for (let j = 0; j < this.cutAt.length && this.cutAt[j] <= v; j++) shift = this.removed[j];
    return this.from + v + shift;
  }

  /** Position in the source of an exclusive end v (a break before it is not included). */
  toTextEnd(v: number): number {
    return v === 0 ? this.from : this.toText(v - 1) + 1;
  }

  /** The source text of view range [a, b). */
  original(a: number, b: number): string {
    return this.source.slice(this.toText(a), this.toTextEnd(b));
  }
}

/** Sorted by start; of overlapping formulation findings the longer one (more specific) is kept. */
function resolveOverlaps(findings: RawFinding[]): RawFinding[] {
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RawFinding[] = [];
  for (const f of findings) {
    const prev = out[out.length - 1];
    if (prev && f.start < prev.end && f.code === prev.code) {
      if (f.end - f.start > prev.end - prev.start) out[out.length - 1] = f;
      continue;
    }
    out.push(f);
  }
  return out;
}

/**
 * Converts UTF-16 positions (sorted by start) to code point offsets; `baseAdjust` is added to each
 * offset (−1 to skip a leading BOM, or a chunk's position in the whole input).
 */
export function toCodePoints(text: string, raw: RawFinding[], baseAdjust: number): ProofFinding[] {
  const out: ProofFinding[] = [];
  let pos = 0;
  let cp = 0;
  for (const f of raw) {
    cp += countCodePoints(text, pos, f.start);
    pos = f.start;
    const length = countCodePoints(text, f.start, f.end);
    const finding: ProofFinding = {
      code: f.code,
      offset: cp + baseAdjust,
      length,
      text: text.slice(f.start, f.end),
      ...(f.suggestion === undefined ? {} : { suggestion: f.suggestion }),
      rule: f.rule,
    };
    out.push(finding);
  }
  return out;
}

/** Code points in text[from, to): a lone surrogate counts as one, a valid pair as one. */
export function countCodePoints(text: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function compileProofreader(entries: DictionaryEntry[]): RangeProofreader {
  return new Engine(entries);
}
