/**
 * Times `shoutu proofread <file> --json` on 30 MB of real official text against mint-filter
 * (Aho–Corasick) holding every one-edit miswriting of the same formulations, both as child
 * processes reading the same file; prints times, the ratio and both peak RSS values.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { confusablesOf, defaultEntries } from '../src/proofread/index.js';
import { readCorpus } from '../src/proofread/testing.js';

const TARGET_BYTES = 30 * 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-bench-'));
const file = path.join(dir, 'corpus-30mb.txt');
const wordsFile = path.join(dir, 'mint-words.json');

const corpusText = readCorpus()
  .map((f) => f.text)
  .join('\n\n');
const unit = Buffer.from(`${corpusText}\n\n`, 'utf8');
const copies = Math.ceil(TARGET_BYTES / unit.length);
writeFileSync(
  file,
  Buffer.concat(Array.from({ length: copies }, () => unit)).subarray(0, TARGET_BYTES),
);
// Cut may land inside a UTF-8 sequence; both programs decode it the same way.

// Every one-edit miswriting of each formulation: confusable substitutions, deletions, a
// duplicated character, adjacent swaps.
const words = new Set<string>();
for (const e of defaultEntries) {
  if (e.kind === 'typo' || e.enabled === false) continue;
  const c = e.canonical;
  for (let k = 0; k < c.length; k++) {
    for (const alt of confusablesOf(c[k])) words.add(c.slice(0, k) + alt + c.slice(k + 1));
    if (c.length > 3) words.add(c.slice(0, k) + c.slice(k + 1));
    words.add(c.slice(0, k + 1) + c[k] + c.slice(k + 1));
    if (k + 1 < c.length && c[k] !== c[k + 1])
      words.add(c.slice(0, k) + c[k + 1] + c[k] + c.slice(k + 2));
  }
  words.delete(c);
}
writeFileSync(wordsFile, JSON.stringify([...words]));

interface Run {
  ms: number;
  peakRssMb: number;
  stdout: string;
}

/** Runs a command, polling /proc/<pid>/status for VmHWM (peak RSS). */
function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const poll = setInterval(() => {
      const status = `/proc/${child.pid}/status`;
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // the process just ended
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`));
      else resolve({ ms: performance.now() - started, peakRssMb: peakKb / 1024, stdout });
    });
  });
}

const root = path.resolve(import.meta.dirname, '..');
const ours = await run(process.execPath, [
  path.join(root, 'bin/shoutu.mjs'),
  'proofread',
  file,
  '--json',
]);
const mint = await run(process.execPath, [
  path.join(root, 'bench/proofread-mint-worker.mjs'),
  file,
  wordsFile,
]);
const result = JSON.parse(ours.stdout) as { chars: number; findings: unknown[] };
const anchor = JSON.parse(mint.stdout) as { hits: number; words: number };

console.log(
  `文件：${(statSync(file).size / 1048576).toFixed(1)} MB，${result.chars} 字（语料重复 ${copies} 次）`,
);
console.log(
  `shoutu proofread --json：${ours.ms.toFixed(0)} ms，峰值 RSS ${ours.peakRssMb.toFixed(0)} MB，${result.findings.length} 处`,
);
console.log(
  `mint-filter（${anchor.words} 个一处错误的写法）：${mint.ms.toFixed(0)} ms，峰值 RSS ${mint.peakRssMb.toFixed(0)} MB，${anchor.hits} 处`,
);
console.log(
  `速度比（mint ÷ ours）：${(mint.ms / ours.ms).toFixed(2)}×；RSS 比（ours ÷ mint）：${(ours.peakRssMb / mint.peakRssMb).toFixed(2)}`,
);
if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
