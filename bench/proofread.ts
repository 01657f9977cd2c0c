/**
 * Times `shoutu proofread <file> --json` (the compiled CLI) on 30 MB of real official text against
 * mint-filter (Aho–Corasick) holding every one-edit miswriting of the same formulations that the
 * engine looks for, both as child processes reading the same file; three alternating rounds,
 * prints each time, the best-time ratio and both peak RSS values.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { confusablesOf, defaultEntries } from '../src/proofread/index.js';
import { glyphsOf, readingsOf } from '../src/proofread/similar.js';
import { readCorpus } from '../src/proofread/testing.js';

const TARGET_BYTES = 30 * 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-bench-'));
const file = path.join(dir, 'corpus-30mb.txt');
const wordsFile = path.join(dir, 'mint-words.json');
const basicWordsFile = path.join(dir, 'mint-words-basic.json');

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

// Every one-edit miswriting of each formulation that the engine looks for: substitutions by a
// confusable, glyph-similar or same-pinyin character (same-pinyin among the characters that occur
// ≥ 20 times in the corpus, as in src/proofread/mutation.test.ts), deletions, a duplicated
// character, adjacent swaps.
const frequency = new Map<string, number>();
for (const ch of corpusText) frequency.set(ch, (frequency.get(ch) ?? 0) + 1);
const bySyllable = new Map<string, string[]>();
for (const [ch, n] of frequency) {
  if (n < 20 || !/[\u4e00-\u9fff]/.test(ch)) continue;
  for (const r of readingsOf(ch.charCodeAt(0))) {
    const list = bySyllable.get(r) ?? [];
    list.push(ch);
    bySyllable.set(r, list);
  }
}
/** One-edit miswritings; `rich` adds the glyph-similar and same-pinyin substitutions. */
function miswritings(rich: boolean): string[] {
  const words = new Set<string>();
  for (const e of defaultEntries) {
    if (e.kind === 'typo' || e.enabled === false) continue;
    const c = e.canonical;
    for (let k = 0; k < c.length; k++) {
      const alternatives = new Set(confusablesOf(c[k]));
      if (rich) {
        for (const x of glyphsOf(c[k])) alternatives.add(x);
        for (const r of readingsOf(c.charCodeAt(k)))
          for (const x of bySyllable.get(r) ?? []) alternatives.add(x);
      }
      alternatives.delete(c[k]);
      for (const alt of alternatives) words.add(c.slice(0, k) + alt + c.slice(k + 1));
      if (c.length > 3) words.add(c.slice(0, k) + c.slice(k + 1));
      words.add(c.slice(0, k + 1) + c[k] + c.slice(k + 1));
      if (k + 1 < c.length && c[k] !== c[k + 1])
        words.add(c.slice(0, k) + c[k + 1] + c[k] + c.slice(k + 2));
    }
    words.delete(c);
  }
  return [...words];
}
writeFileSync(basicWordsFile, JSON.stringify(miswritings(false)));
writeFileSync(wordsFile, JSON.stringify(miswritings(true)));

interface Run {
  ms: number;
  /** User + system CPU time: on a shared machine less distorted by waiting for a core. */
  cpuMs: number;
  peakRssMb: number;
  stdout: string;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * Runs a command, polling /proc/<pid>/status for VmHWM (peak RSS) and /proc/<pid>/stat for the
 * CPU time used so far (the last reading before exit; at most one poll interval is missed).
 */
function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    let cpuTicks = 0;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const poll = setInterval(() => {
      const status = `/proc/${child.pid}/status`;
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
      } catch {
        // the process just ended
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`));
      else
        resolve({
          ms: performance.now() - started,
          cpuMs: cpuTicks * TICK_MS,
          peakRssMb: peakKb / 1024,
          stdout,
        });
    });
  });
}

const root = path.resolve(import.meta.dirname, '..');
// Ours runs compiled, as `npm start` ships it, from a bundle of its own: other sessions editing
// src/ make bin/shoutu.mjs rebuild dist/ (seconds) inside a timed run. Same esbuild options as
// bin/build.mjs; under node_modules so that the external packages resolve.
const outdir = path.join(root, 'node_modules/.cache/shoutu-bench-proofread');
rmSync(outdir, { recursive: true, force: true });
const srcDir = path.join(root, 'src');
const folders = readdirSync(srcDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(srcDir, d.name, 'module.ts')))
  .map((d) => d.name)
  .sort();
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  define: { SHOUTU_MODULE_FOLDERS: JSON.stringify(folders) },
});
const oursArgs = [path.join(outdir, 'main.js'), 'proofread', file, '--json'];
const mintArgs = [path.join(root, 'bench/proofread-mint-worker.mjs'), file, wordsFile];
const basicArgs = [path.join(root, 'bench/proofread-mint-worker.mjs'), file, basicWordsFile];

// The machine is shared: three alternating rounds, and the best time of each side counts.
const oursRuns: Run[] = [];
const mintRuns: Run[] = [];
const basicRuns: Run[] = [];
for (let round = 0; round < 3; round++) {
  oursRuns.push(await run(process.execPath, oursArgs));
  mintRuns.push(await run(process.execPath, mintArgs));
  basicRuns.push(await run(process.execPath, basicArgs));
}
const best = (runs: Run[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const ours = best(oursRuns);
const mint = best(mintRuns);
const basic = best(basicRuns);
const peak = (runs: Run[]) => Math.max(...runs.map((r) => r.peakRssMb));
const result = JSON.parse(ours.stdout) as { chars: number; findings: unknown[] };
const anchor = JSON.parse(mint.stdout) as { hits: number; words: number };
const basicAnchor = JSON.parse(basic.stdout) as { hits: number; words: number };
const times = (runs: Run[]) => runs.map((r) => r.ms.toFixed(0)).join(' / ');

console.log(
  `文件：${(statSync(file).size / 1048576).toFixed(1)} MB，${result.chars} 字（语料重复 ${copies} 次）`,
);
console.log(
  `shoutu proofread --json：最快 ${ours.ms.toFixed(0)} ms（三轮 ${times(oursRuns)}），峰值 RSS ${peak(oursRuns).toFixed(0)} MB，${result.findings.length} 处`,
);
console.log(
  `mint-filter（${anchor.words} 个一处错误的写法）：最快 ${mint.ms.toFixed(0)} ms（三轮 ${times(mintRuns)}），峰值 RSS ${peak(mintRuns).toFixed(0)} MB，${anchor.hits} 处`,
);
console.log(
  `mint-filter 旧词表（${basicAnchor.words} 个，仅手工近音组，无形近字和同音字）：最快 ${basic.ms.toFixed(0)} ms（三轮 ${times(basicRuns)}），峰值 RSS ${peak(basicRuns).toFixed(0)} MB`,
);
console.log(
  `旧词表速度比（mint ÷ ours）：${(basic.ms / ours.ms).toFixed(2)}×；RSS 比：${(peak(oursRuns) / peak(basicRuns)).toFixed(2)}`,
);
const bestCpu = (runs: Run[]) => Math.min(...runs.map((r) => r.cpuMs));
console.log(
  `CPU 时间（用户 + 系统，最少的一轮）：ours ${bestCpu(oursRuns)} ms，mint ${bestCpu(mintRuns)} ms，旧词表 ${bestCpu(basicRuns)} ms；` +
    `CPU 时间比 ${(bestCpu(mintRuns) / bestCpu(oursRuns)).toFixed(2)}×（旧词表 ${(bestCpu(basicRuns) / bestCpu(oursRuns)).toFixed(2)}×）`,
);
console.log(
  `速度比（mint ÷ ours）：${(mint.ms / ours.ms).toFixed(2)}×；RSS 比（ours ÷ mint）：${(peak(oursRuns) / peak(mintRuns)).toFixed(2)}`,
);
if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
rmSync(outdir, { recursive: true, force: true });
