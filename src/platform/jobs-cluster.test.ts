// The job queue across processes on PostgreSQL (issue 8's acceptance): two `shoutu worker`
// processes and a web-only `shoutu serve` (SHOUTU_WORKERS=0) share one queue; 1,000 queued jobs
// complete exactly once while one worker is killed with SIGKILL mid-job (another takes its jobs
// over within 2 minutes), and a cron schedule fires once per period across three processes.
// On PGlite (no DATABASE_URL): `shoutu serve` runs the jobs in its own process, and `shoutu
// worker` refuses to open the embedded database beside it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './db.js';
import { enqueueMany, PROBE_JOB, probeJob, schedule, startJobs, stopJobs } from './jobs.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/shoutu.mjs');
const serverUrl = process.env.DATABASE_URL;

if (!serverUrl) {
  describe('shoutu serve on the embedded database', () => {
    it('runs the jobs in its own process: the start-up reminder pass, and the hourly schedule', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'shoutu-jobs-'));
      try {
        const child = spawn(process.execPath, [bin, 'serve'], {
          cwd: root,
          env: {
            ...process.env,
            DATABASE_URL: '',
            SHOUTU_FROM_SOURCE: '1',
            SHOUTU_DATA_DIR: dir,
            SHOUTU_DEMO: '0',
            HOST: '127.0.0.1',
            PORT: '0',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
        });
        child.stderr!.on('data', (d) => {
          out += d;
        });
        const until = Date.now() + 150_000;
        while (!out.includes('守土已启动') && child.exitCode === null && Date.now() < until)
          await new Promise((r) => setTimeout(r, 200));
        expect(out).toContain('守土已启动');
        // The pass is enqueued when the server listens; SIGTERM lets a running handler finish.
        await new Promise((r) => setTimeout(r, 8_000));
        child.kill('SIGTERM');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 60_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        expect(child.exitCode).toBe(0);
        const database = await openDatabase({ dataDir: dir });
        try {
          const jobs = await database.query<{ name: string; state: string }>(
            "select name, state::text as state from pgboss.job where name = 'compliance.reminders'",
          );
          expect(jobs).toEqual([{ name: 'compliance.reminders', state: 'completed' }]);
          const schedules = await database.query<{ cron: string; timezone: string }>(
            "select cron, timezone from pgboss.schedule where name = 'compliance.reminders'",
          );
          expect(schedules).toEqual([{ cron: '0 * * * *', timezone: 'Asia/Shanghai' }]);
        } finally {
          await database.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 240_000);
  });

  describe('shoutu worker on the embedded database', () => {
    it('refuses to run: PGlite jobs run inside the serve process', () => {
      const result = spawnSync(process.execPath, [bin, 'worker'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '', SHOUTU_FROM_SOURCE: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('未设置 DATABASE_URL');
    });
  });
} else {
  const name = `jobs_test_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let database: Database;
  const children: ChildProcess[] = [];

  interface Started {
    child: ChildProcess;
    output: () => string;
  }

  /** Spawns the CLI and resolves once its stdout shows `ready` (bounded). */
  function spawnCli(args: string[], env: Record<string, string>, ready: RegExp): Promise<Started> {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, SHOUTU_FROM_SOURCE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready in 120 s: ${out}`)), 120_000);
      const check = () => {
        if (ready.test(out)) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve({ child, output: () => out });
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before ready: ${out}`));
      });
    });
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | null | undefined | false>,
    timeoutMs: number,
    everyMs = 200,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  async function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    database = await openDatabase({ databaseUrl });
    await database.migrate();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => exited(c, 20_000)));
    await stopJobs(2_000);
    await database?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }, 120_000);

  describe('jobs across processes on PostgreSQL', () => {
    it('completes 1,000 jobs exactly once through a SIGKILL, and fires cron once per period', async () => {
      // Three processes start at once on a database whose queue schema does not exist yet.
      const [a, b, web] = await Promise.all([
        spawnCli(['worker'], {}, /后台任务进程已启动/),
        spawnCli(['worker'], {}, /后台任务进程已启动/),
        spawnCli(
          ['serve'],
          { SHOUTU_WORKERS: '0', SHOUTU_DEMO: '0', HOST: '127.0.0.1', PORT: '0' },
          /守土已启动：(http:\/\/127\.0\.0\.1:\d+)/,
        ),
      ]);
      const origin = /守土已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(web.output())![1]!;
      const health = await fetch(`${origin}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', db: 'postgres' });

      // This test process only enqueues and schedules: no workers, no cron of its own.
      await startJobs(
        database,
        { jobs: [probeJob] as never },
        { workers: false, scheduling: false, databaseUrl },
      );
      await schedule(PROBE_JOB, '* * * * *', { tag: 'cron' });

      const enqueuedAt = Date.now();
      // In 50 statements of 20: jobs of one statement share a created_on, the fetch order.
      for (let chunk = 0; chunk < 50; chunk++) {
        await enqueueMany(
          PROBE_JOB,
          Array.from({ length: 20 }, (_, i) => ({
            tag: 'bulk',
            n: chunk * 20 + i,
            sleepMs: 1_000,
          })),
        );
      }

      // Kill worker A, after it finished some jobs, while it holds jobs that all began less than 300 ms ago (≥ 700 ms of their
      // 1 s still to go): those attempts are surely mid-job, before their one write.
      const victim = a.child.pid!;
      const held = await waitFor(
        'worker A mid-job',
        async () => {
          const rows = await database.query<{ id: string; fresh: boolean }>(
            `select j.id::text as id, p.updated_at > now() - interval '300 milliseconds' as fresh
             from pgboss.job j join job_progress p on p.job_id = j.id::text
             where j.name = $1 and j.state = 'active' and p.note = $2`,
            [PROBE_JOB, `pid ${victim}`],
          );
          // Several jobs in hand, all of them well before their end.
          if (rows.length < 5 || !rows.every((r) => r.fresh)) return null;
          // Mid-run: A has already finished a batch of its own.
          const [done] = await database.query<{ n: number }>(
            'select count(*)::int as n from job_probe_runs where pid = $1',
            [victim],
          );
          return done!.n > 0 ? rows.map((r) => r.id) : null;
        },
        90_000,
        20,
      );
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      await exited(a.child, 10_000);
      expect(a.child.signalCode).toBe('SIGKILL');

      // Every job finishes; the killed worker's jobs are taken over by worker B.
      await waitFor(
        '1,000 effects',
        async () => {
          const [row] = await database.query<{ n: number }>(
            "select count(*)::int as n from job_probe_runs where tag = 'bulk'",
          );
          return row!.n >= 1_000;
        },
        180_000,
        500,
      );
      const [recovered] = await database.query<{ last: Date; first: Date }>(
        `select max(finished_at) as last, min(finished_at) as first from job_probe_runs
         where job_id = any($1::text[])`,
        [held],
      );
      const recoverySeconds = (new Date(recovered!.last).getTime() - killedAt) / 1000;
      // When the other worker started them again (pg-boss's started_on is the last attempt's).
      const [restarted] = await database.query<{ first: Date; last: Date }>(
        'select min(started_on) as first, max(started_on) as last from pgboss.job where id = any($1::uuid[])',
        [held],
      );
      const pickupSeconds = (new Date(restarted!.last).getTime() - killedAt) / 1000;
      const totalSeconds = (Date.now() - enqueuedAt) / 1000;

      const effects = await database.query<{
        job_id: string;
        pid: number;
        attempt: number;
        runs: number;
      }>("select job_id, pid, attempt, runs from job_probe_runs where tag = 'bulk'");
      expect(effects).toHaveLength(1_000);
      // Exactly once: no job's effect was written twice, none was lost.
      expect(effects.filter((e) => e.runs !== 1)).toEqual([]);
      const states = await database.query<{ state: string; n: number }>(
        `select state::text as state, count(*)::int as n from pgboss.job
         where name = $1 and data->>'tag' = 'bulk' group by state`,
        [PROBE_JOB],
      );
      expect(states).toEqual([{ state: 'completed', n: 1_000 }]);
      // The killed attempts left nothing: each held job was finished by B, on a later attempt.
      const byId = new Map(effects.map((e) => [e.job_id, e]));
      for (const id of held) {
        expect(byId.get(id)).toMatchObject({ pid: b.child.pid, runs: 1 });
        expect(byId.get(id)!.attempt).toBeGreaterThanOrEqual(1);
      }
      // Both workers did part of the work before the kill.
      expect(new Set(effects.map((e) => e.pid))).toEqual(new Set([victim, b.child.pid]));
      expect(pickupSeconds).toBeLessThan(120);
      expect(recoverySeconds).toBeLessThan(120);
      process.stdout.write(
        `jobs-cluster: 1000 jobs (1 s each) in ${totalSeconds.toFixed(1)} s on 2 workers; ` +
          `${held.length} jobs held by the killed worker: all restarted by the other ${pickupSeconds.toFixed(1)} s ` +
          `and finished ${recoverySeconds.toFixed(1)} s after SIGKILL\n`,
      );

      // Three processes again (a replacement worker), then two more cron periods.
      const a2 = await spawnCli(['worker'], {}, /后台任务进程已启动/);
      const since = Date.now();
      const cronJobs = () =>
        database.query<{ minute: string; n: number; after: boolean }>(
          `select date_trunc('minute', created_on)::text as minute, count(*)::int as n,
             bool_and(created_on >= $2) as after
           from pgboss.job where name = $1 and data->>'tag' = 'cron'
           group by 1 order by 1`,
          [PROBE_JOB, new Date(since)],
        );
      await waitFor(
        'two cron periods with three processes',
        async () => (await cronJobs()).filter((m) => m.after).length >= 2,
        150_000,
        1_000,
      );
      const minutes = await cronJobs();
      expect(minutes.length).toBeGreaterThanOrEqual(2);
      // Once per period, however many processes were running its timekeeper.
      expect(minutes.filter((m) => m.n !== 1)).toEqual([]);
      // And each fired job ran once.
      const [cronRuns] = await database.query<{ n: number; runs: number }>(
        "select count(*)::int as n, coalesce(sum(runs), 0)::int as runs from job_probe_runs where tag = 'cron'",
      );
      expect(cronRuns!.runs).toBe(cronRuns!.n);
      expect(a2.child.exitCode).toBeNull();
      expect(web.child.exitCode).toBeNull();
    }, 600_000);
  });
}
