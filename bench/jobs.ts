/**
 * The job queue (src/platform/jobs.ts over pg-boss 12.38.0): throughput and kill recovery.
 *
 * In the same run, on each database:
 *   - anchor: the queue's self-test effect (one keyed insert per job) written N times straight
 *     from this process, no queue — what the work itself costs;
 *   - queue, in-process: N self-test jobs (no sleep) enqueued in bulk and run by this process's
 *     workers; jobs/s and the ratio to the anchor;
 * and on PostgreSQL also
 *   - queue, 2 worker processes (`shoutu worker`): N jobs, jobs/s;
 *   - kill recovery: 200 jobs of 1 s each on the 2 workers; one worker is killed with SIGKILL while
 *     mid-job; seconds until the other has restarted and finished every job the dead one held.
 *
 *   npm run bench:jobs                  both databases (PostgreSQL at BENCH_PG_URL or 127.0.0.1)
 *   BENCH_DB=pglite npm run bench:jobs  only one; BENCH_JOBS=5000 jobs per throughput run
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { type Database, openDatabase } from '../src/platform/db.js';
import {
  defineJob,
  enqueueMany,
  PROBE_JOB,
  probeJob,
  startJobs,
  stopJobs,
} from '../src/platform/jobs.js';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.BENCH_JOBS ?? 5_000);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/shoutu.mjs');

async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const effects = async (database: Database, tag: string) =>
  (
    await database.query<{ n: number }>(
      'select count(*)::int as n from job_probe_runs where tag = $1',
      [tag],
    )
  )[0]!.n;

/** The anchor: the same effect statements, one per job, without a queue. */
async function anchor(database: Database): Promise<number> {
  const tag = `anchor-${randomUUID()}`;
  const start = performance.now();
  const inFlight = 20;
  for (let i = 0; i < N; i += inFlight) {
    await Promise.all(
      Array.from({ length: Math.min(inFlight, N - i) }, () =>
        database.query(
          `insert into job_probe_runs (job_id, tag, pid, attempt, runs, finished_at)
           values ($1, $2, $3, 0, 1, now())
           on conflict (job_id) do update set runs = job_probe_runs.runs + 1`,
          [randomUUID(), tag, process.pid],
        ),
      ),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  return N / seconds;
}

/** A job with no work at all, fetched 100 at a time: what the queue alone costs. */
const noopJob = defineJob('bench.noop', async () => null, { batchSize: 100, concurrency: 2 });

async function completed(database: Database, name: string): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    "select count(*)::int as n from pgboss.job where name = $1 and state = 'completed'",
    [name],
  );
  return row!.n;
}

async function inProcess(
  database: Database,
  databaseUrl?: string,
): Promise<{ probe: number; noop: number }> {
  await startJobs(database, { jobs: [probeJob, noopJob] as never }, { workers: true, databaseUrl });
  try {
    const noopStart = performance.now();
    await enqueueMany(
      'bench.noop',
      Array.from({ length: N }, () => ({})),
    );
    await waitFor(
      'no-op jobs',
      async () => (await completed(database, 'bench.noop')) >= N,
      600_000,
      50,
    );
    const noop = N / ((performance.now() - noopStart) / 1000);
    const tag = `inproc-${randomUUID()}`;
    const start = performance.now();
    await enqueueMany(
      PROBE_JOB,
      Array.from({ length: N }, () => ({ tag })),
    );
    await waitFor('in-process jobs', async () => (await effects(database, tag)) >= N, 600_000, 50);
    return { probe: N / ((performance.now() - start) / 1000), noop };
  } finally {
    await stopJobs(5_000);
  }
}

function report(anchorRate: number, rates: { probe: number; noop: number }) {
  process.stdout.write(
    `  anchor (the self-test's write, direct, 20 in flight): ${anchorRate.toFixed(0)} writes/s\n` +
      `  queue, in-process, self-test jobs (one write each): ${rates.probe.toFixed(0)} jobs/s ` +
      `(${N} jobs; ${(rates.probe / anchorRate).toFixed(2)}× the anchor)\n` +
      `  queue, in-process, no-op jobs (batches of 100): ${rates.noop.toFixed(0)} jobs/s\n`,
  );
}

function spawnWorker(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'worker'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, SHOUTU_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready: ${out}`)), 120_000);
    child.stdout!.on('data', () => {
      if (out.includes('后台任务进程已启动')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited ${code}: ${out}`));
    });
  });
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function postgres(): Promise<void> {
  const name = `jobs_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openDatabase({ databaseUrl });
  const workers: ChildProcess[] = [];
  try {
    await database.migrate();
    const anchorRate = await anchor(database);
    const rates = await inProcess(database, databaseUrl);
    report(anchorRate, rates);

    workers.push(...(await Promise.all([spawnWorker(databaseUrl), spawnWorker(databaseUrl)])));
    // This process only enqueues.
    await startJobs(
      database,
      { jobs: [probeJob] as never },
      { workers: false, scheduling: false, databaseUrl },
    );
    const tag = `procs-${randomUUID()}`;
    const start = performance.now();
    await enqueueMany(
      PROBE_JOB,
      Array.from({ length: N }, () => ({ tag })),
    );
    await waitFor('2-process jobs', async () => (await effects(database, tag)) >= N, 600_000, 50);
    const procRate = N / ((performance.now() - start) / 1000);
    process.stdout.write(
      `  queue, 2 worker processes: ${procRate.toFixed(0)} jobs/s (${N} jobs)\n`,
    );

    // Kill recovery.
    const slow = `kill-${randomUUID()}`;
    await enqueueMany(
      PROBE_JOB,
      Array.from({ length: 200 }, () => ({ tag: slow, sleepMs: 1_000 })),
    );
    const victim = workers[0]!;
    let held: string[] = [];
    await waitFor(
      'worker mid-job',
      async () => {
        const rows = await database.query<{ id: string; fresh: boolean }>(
          `select j.id::text as id, p.updated_at > now() - interval '300 milliseconds' as fresh
           from pgboss.job j join job_progress p on p.job_id = j.id::text
           where j.name = $1 and j.state = 'active' and p.note = $2`,
          [PROBE_JOB, `pid ${victim.pid}`],
        );
        held = rows.map((r) => r.id);
        return rows.length > 0 && rows.every((r) => r.fresh);
      },
      60_000,
      20,
    );
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      'all slow jobs',
      async () => (await effects(database, slow)) >= 200,
      300_000,
      200,
    );
    const [times] = await database.query<{ restarted: Date; finished: Date }>(
      `select max(j.started_on) as restarted, max(r.finished_at) as finished
       from pgboss.job j join job_probe_runs r on r.job_id = j.id::text
       where j.id = any($1::uuid[])`,
      [held],
    );
    const [dupes] = await database.query<{ n: number }>(
      "select count(*)::int as n from job_probe_runs where tag like 'kill-%' and runs <> 1",
    );
    process.stdout.write(
      `  kill recovery: ${held.length} jobs held by the SIGKILLed worker, restarted by the other ` +
        `${((new Date(times!.restarted).getTime() - killedAt) / 1000).toFixed(1)} s and finished ` +
        `${((new Date(times!.finished).getTime() - killedAt) / 1000).toFixed(1)} s after the kill; ` +
        `effects written twice: ${dupes!.n}\n`,
    );
  } finally {
    await stopJobs(5_000);
    await Promise.all(workers.map(stopChild));
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function pglite(): Promise<void> {
  const database = await openDatabase({});
  try {
    await database.migrate();
    const anchorRate = await anchor(database);
    report(anchorRate, await inProcess(database));
  } finally {
    await database.close();
  }
}

process.stdout.write(
  `jobs benchmark — node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}\n`,
);
const which = process.env.BENCH_DB;
if (!which || which === 'pglite') {
  process.stdout.write('\n[pglite]\n');
  await pglite();
}
if (!which || which === 'postgres') {
  process.stdout.write('\n[postgres]\n');
  await postgres();
}
