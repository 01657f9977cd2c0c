import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}
async function shoutu(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run('node', ['bin/shoutu.mjs', ...args], {
      env: { ...process.env, SHOUTU_DATA_DIR: dir, DATABASE_URL: '', ...env },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the shoutu command', () => {
  it('lists its commands and answers --help for each', async () => {
    const help = await shoutu(['--help']);
    expect(help.code).toBe(0);
    const names = [...help.stdout.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!);
    for (const name of [
      'serve',
      'migrate',
      'demo',
      'init-admin',
      'check-site',
      'proofread',
      'export',
      'import',
      'backup',
      'restore',
      'audit',
    ]) {
      expect(names, name).toContain(name);
    }
    // Three at a time: a dozen tsx start-ups at once outran the per-child timeout on a busy machine.
    const results: Result[] = [];
    for (let i = 0; i < names.length; i += 3) {
      results.push(...(await Promise.all(names.slice(i, i + 3).map((n) => shoutu([n, '--help'])))));
    }
    results.forEach((result, i) => {
      expect(result.code, names[i]).toBe(0);
      expect(result.stdout, names[i]).toMatch(/用法/);
    });
  }, 180_000);

  it.each([
    [['no-such-command'], /未知命令/],
    [['backup'], /--out/],
    [['restore', '/nonexistent/file'], /找不到备份文件/],
    [['audit', 'tamper'], /未知子命令/],
    [['export', 'nothing', '--out', 'x.xlsx'], /未知台账/],
    [['migrate', '--bogus'], /未知选项/],
  ])(
    'refuses %j with a one-line Chinese reason and status 2',
    async (args, reason) => {
      const result = await shoutu(args as string[]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(reason as RegExp);
    },
    60_000,
  );

  it('will not serve a real deployment (SHOUTU_DEMO=0) on a database with demo accounts', async () => {
    expect((await shoutu(['demo'])).code).toBe(0);
    const refused = await shoutu(['serve'], { SHOUTU_DEMO: '0', PORT: '0', HOST: '127.0.0.1' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/演示账号/);
  }, 120_000);
});
