/**
 * Start-up of the command line: `shoutu --help` (the compiled CLI in dist/, as `npx shoutu` runs
 * it) against linkinator's `--help` (the anchor), measured in the same run, alternating, median of
 * RUNS each. Also `shoutu check-site --help` and `shoutu proofread --help` (a command's own code
 * loaded), and the sources through tsx for comparison.
 *
 *   npm run bench:startup
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 15);

function timeOnce(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, SHOUTU_FROM_SOURCE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

if (!existsSync(path.join(root, 'dist/main.js'))) {
  execFileSync(process.execPath, ['bin/build.mjs'], { cwd: root, stdio: 'inherit' });
}
const cases: { name: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
  {
    name: 'linkinator --help (anchor)',
    args: ['node_modules/linkinator/build/src/cli.js', '--help'],
  },
  { name: 'shoutu --help', args: ['bin/shoutu.mjs', '--help'] },
  { name: 'shoutu check-site --help', args: ['bin/shoutu.mjs', 'check-site', '--help'] },
  { name: 'shoutu proofread --help', args: ['bin/shoutu.mjs', 'proofread', '--help'] },
  {
    name: 'shoutu --help from the sources (tsx)',
    args: ['bin/shoutu.mjs', '--help'],
    env: { SHOUTU_FROM_SOURCE: '1' },
  },
];
// Warm the file cache once, then alternate so that load on the machine hits every case alike.
for (const c of cases) timeOnce(c.args, c.env);
const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
for (let i = 0; i < RUNS; i++) {
  for (const c of cases) samples.get(c.name)!.push(timeOnce(c.args, c.env));
}
const anchor = median(samples.get(cases[0]!.name)!);
console.log(
  `start-up, median of ${RUNS} runs each (${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)})`,
);
for (const c of cases) {
  const ms = median(samples.get(c.name)!);
  console.log(
    `${c.name.padEnd(40)} ${ms.toFixed(0).padStart(5)} ms   ${(ms / anchor).toFixed(2)}× linkinator`,
  );
}
const ours = median(samples.get('shoutu --help')!);
console.log(
  `ratio shoutu --help / linkinator --help: ${(ours / anchor).toFixed(2)} (≤ 1 is the target)`,
);
