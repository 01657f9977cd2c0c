import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-proofread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  peakRssMb: number;
}

function shoutu(args: string[], input?: Buffer): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/shoutu.mjs', 'proofread', ...args]);
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // ended
      }
    }, 25);
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code: code ?? -1, stdout, stderr, peakRssMb: peak / 1024 });
    });
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('shoutu proofread', () => {
  it('prints JSON with code-point offsets and ignores a leading BOM', async () => {
    const file = write('a.txt', '\uFEFF𠀀深入学习新时代中国特色社会注义思想，电话13812345678。');
    const r = await shoutu([file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.chars).toBe(33);
    expect(out.findings.map((f: { code: string; offset: number }) => [f.code, f.offset])).toEqual([
      ['formulation-error', 5],
      ['pii-mobile', 21],
    ]);
  });

  it('reads a Windows text file: mark in the first line, CRLF inside a formulation, straight quotes', async () => {
    const text =
      '份号 000123　机密★1年　关于学习贯彻会议精神的通知\r\n' +
      '各单位：要深入学习新时代中国特色社会注\r\n义思想，推动共键"一带一路"高质量发展，' +
      '增强"四个意识"。\r\n';
    const r = await shoutu([write('crlf.txt', text), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { code: string; text: string }) => [f.code, f.text])).toEqual([
      ['secret-marking', '机密★1年'],
      ['formulation-error', '新时代中国特色社会注\r\n义思想'],
      ['formulation-error', '共键"一带一路"'],
    ]);
    expect(out.findings[1].offset).toBe([...text.slice(0, text.indexOf('新时代'))].length);
    expect(out.findings[2].suggestion).toBe('共建“一带一路”');
  });

  it('prints a readable Chinese list without --json and reads standard input', async () => {
    const r = await shoutu(['-'], Buffer.from('要再接再励'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('发现 1 处问题');
    expect(r.stdout).toContain('建议改为“再接再厉”');
  });

  it('checks empty input and text with unpaired surrogates', async () => {
    const empty = await shoutu([write('empty.txt', ''), '--json']);
    expect(JSON.parse(empty.stdout)).toEqual({ chars: 0, findings: [] });
    // Lone surrogates cannot be encoded in UTF-8; invalid bytes decode to U+FFFD, one each.
    const odd = Buffer.concat([Buffer.from('\xed\xa0\x80', 'latin1'), Buffer.from('再接再励')]);
    const r = await shoutu(['-', '--json'], odd);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.findings[0]).toMatchObject({ code: 'typo', offset: 3 });
  });

  it('refuses binary input, missing files and bad arguments with status 2', async () => {
    const binary = write(
      'b.bin',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0xff, 0xfe]),
    );
    const r = await shoutu([binary]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不是 UTF-8 文本');
    expect((await shoutu([path.join(dir, 'missing.txt')])).stderr).toContain('文件不存在');
    expect((await shoutu([dir])).code).toBe(2);
    expect((await shoutu([])).code).toBe(2);
    expect((await shoutu(['a', 'b'])).code).toBe(2);
    expect((await shoutu(['--bogus', 'a'])).code).toBe(2);
  });

  it('streams a 100 MB file with bounded memory and loses nothing at chunk seams', async () => {
    // 1,000,003-byte units do not line up with the 1 MB read size or the checker's chunks, so
    // findings fall on seams throughout the file.
    const marker = '新时代中国特色社会注义思想，13812345678，再接再励。';
    const filler = '坚持全面从严治党，推进国家治理体系和治理能力现代化。';
    let unit = '';
    while (Buffer.byteLength(unit) < 1_000_000) unit += filler;
    unit = `${marker}${unit}`;
    const unitBuf = Buffer.from(unit);
    const file = path.join(dir, 'big.txt');
    const fd = openSync(file, 'w');
    const copies = 100;
    for (let i = 0; i < copies; i++) writeSync(fd, unitBuf);
    closeSync(fd);
    const r = await shoutu([file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.chars).toBe([...unit].length * copies);
    expect(out.findings).toHaveLength(3 * copies);
    const offsets = out.findings
      .filter((f: { code: string }) => f.code === 'pii-mobile')
      .map((f: { offset: number }) => f.offset);
    expect(offsets[99]).toBe(99 * [...unit].length + 14);
    expect(r.peakRssMb).toBeLessThan(400);
  }, 120_000);
});
