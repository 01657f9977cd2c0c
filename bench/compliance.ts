/**
 * Committee dashboard under load on a province-size data set.
 *
 * Builds 10,000 units (province committee → 20 city committees → 200 county committees → 5,000
 * units, 4,779 of them with a party branch), their leading groups, and about 2 million ledger
 * records over 2024–2026 with raw SQL (`insert … select … from generate_series`) straight into the
 * tables behind the modules' countable records. Then starts the real server (buildApp + listen on
 * 127.0.0.1) and measures, in the same run: GET /api/health throughput (the anchor) and
 * GET /api/v1/compliance/city?year=2025 latency, both with 20 concurrent clients (undici Pool).
 * Runs on PGlite and, when reachable, on PostgreSQL (a dedicated database `shoutu_bench`,
 * created and dropped here).
 *
 *   npm run bench:compliance                 both databases
 *   BENCH_DB=pglite npm run bench:compliance only one
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { Pool, request } from 'undici';
import { buildApp } from '../src/app.js';
import { computeYear } from '../src/compliance/compute.js';
import { countableRows } from '../src/compliance/countables.js';
import { reminderJob, reminderRunOf } from '../src/compliance/reminders.js';
import { systemClock } from '../src/platform/clock.js';
import { systemContext } from '../src/platform/context.js';
import { type Database, openDatabase } from '../src/platform/db.js';
import { startJobs, stopJobs } from '../src/platform/jobs.js';
import { hashPassword } from '../src/platform/passwords.js';
import { createMeeting } from '../src/responsibility/service.js';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 20;
const DASHBOARD_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const HEALTH_SECONDS = 5;
const MAX_SECONDS = 90;
const YEAR = 2025;
const PASSWORD = 'Bench@Pass2026';

const CITIES = 20;
const COUNTIES_PER_CITY = 10;
const UNITS_PER_COUNTY = 25;
const BRANCHES = 4_779;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  process.stdout.write(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  return result;
}

/** The organisation: ids are assigned here so paths are known without round trips. */
async function buildTree(
  q: Database['query'],
): Promise<{ units: number; leaves: number; firstUnit: number }> {
  const ids: number[] = [];
  const parents: (number | null)[] = [];
  const kinds: string[] = [];
  const names: string[] = [];
  const paths: string[] = [];
  let next = 1;
  const add = (parent: { id: number; path: string } | null, kind: string, name: string) => {
    const id = next++;
    const path = `${parent?.path ?? '/'}${id}/`;
    ids.push(id);
    parents.push(parent?.id ?? null);
    kinds.push(kind);
    names.push(name);
    paths.push(path);
    return { id, path };
  };
  const province = add(null, 'committee', '省直机关工委');
  const unitsList: { id: number; path: string }[] = [];
  for (let c = 1; c <= CITIES; c++) {
    const city = add(province, 'committee', `第${c}市机关工委`);
    for (let k = 1; k <= COUNTIES_PER_CITY; k++) {
      const county = add(city, 'committee', `第${c}市第${k}县机关工委`);
      for (let u = 1; u <= UNITS_PER_COUNTY; u++) {
        unitsList.push(add(county, 'unit', `第${c}市第${k}县第${u}单位`));
      }
    }
  }
  for (let b = 0; b < BRANCHES; b++) add(unitsList[b]!, 'branch', '机关党支部');
  await q(
    `insert into units (id, parent_id, kind, name, short_name, path, created_at)
     select id, parent_id, kind, name, name, path, '2020-01-01T00:00:00+08:00'
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[])
            as t(id, parent_id, kind, name, path)`,
    [ids, parents, kinds, names, paths],
  );
  await q(`select setval(pg_get_serial_sequence('units', 'id'), ${next})`);
  return { units: ids.length, leaves: unitsList.length, firstUnit: unitsList[0]!.id };
}

/**
 * Ledger rows per unit per year (about 2 million over three years): most units do their work,
 * a deterministic share skips some of it so the heat map has every colour.
 */
async function fillLedgers(database: Database): Promise<number> {
  const q = database.query;
  await q('select setseed(0.2026)');
  // Five leading-group members per unit: people, groups, members.
  await q(`insert into people (name, unit_id, title, leading_group)
           select '成员' || g, u.id, '班子成员', true from units u, generate_series(1, 5) g
            where u.kind = 'unit'`);
  await q(`insert into leading_groups (unit_id, name)
           select id, '意识形态工作领导小组' from units where kind = 'unit'`);
  await q(`insert into leading_group_members (group_id, unit_id, person_id, duty, sort)
           select g.id, p.unit_id, p.id, 'member', 0
             from people p join leading_groups g on g.unit_id = p.unit_id`);
  const years = 'generate_series(2024, 2026) y';
  // Agenda meetings: a special study and an analysis meeting per half-year (90 % of units).
  await q(`insert into agenda_meetings (unit_id, kind, held_at, title)
           select u.id, k, make_timestamptz(y, h * 6 - 2, 1 + (u.id % 27), 9, 0, 0, 'Asia/Shanghai'),
                  '专题研究意识形态工作'
             from units u, ${years}, generate_series(1, 2) h,
                  unnest(array['special-study', 'analysis']) k
            where u.kind = 'unit' and random() < 0.9`);
  await q(`insert into yearly_reports (unit_id, year, title, submitted_on)
           select u.id, y, '年度报告', make_date(y + 1, 1, 1) + (u.id % 40)
             from units u, ${years} where u.kind = 'unit' and random() < 0.85`);
  await q(`insert into responsibility_letters (unit_id, year, person_id, status, signed_on)
           select p.unit_id, y, p.id, 'signed', make_date(y, 1 + (p.id % 4), 1 + (p.id % 28))
             from people p, ${years} where random() < 0.95`);
  // Unit-level study: central group quarterly, party-group meetings monthly, yearly training.
  await q(`insert into study_sessions (unit_id, kind, held_at, title, first_topic)
           select u.id, 'central-group',
                  make_timestamptz(y, q * 3 - 1, 1 + (u.id % 28), 14, 30, 0, 'Asia/Shanghai'), '中心组学习', null
             from units u, ${years}, generate_series(1, 4) q
            where u.kind = 'unit' and random() < 0.93`);
  await q(`insert into study_sessions (unit_id, kind, held_at, title, first_topic)
           select u.id, 'party-group',
                  make_timestamptz(y, m, 1 + (u.id % 28), 9, 0, 0, 'Asia/Shanghai'), '党组会议', random() < 0.98
             from units u, ${years}, generate_series(1, 12) m where u.kind = 'unit'`);
  await q(`insert into study_sessions (unit_id, kind, held_at, title, first_topic)
           select u.id, 'training', make_timestamptz(y, 9, 1 + (u.id % 28), 9, 0, 0, 'Asia/Shanghai'), '培训', null
             from units u, ${years} where u.kind = 'unit' and random() < 0.8`);
  // Branches: 三会一课, theme days and the yearly organisational life meeting.
  await q(`insert into study_sessions (unit_id, kind, held_at, title, first_topic)
           select b.id, k, make_timestamptz(y, m, 1 + (b.id % 28), 15, 0, 0, 'Asia/Shanghai'), '支部活动', null
             from units b, ${years}, generate_series(1, 12) m,
                  unnest(array['committee-meeting', 'group-meeting', 'theme-day']) k
            where b.kind = 'branch' and random() < 0.95`);
  await q(`insert into study_sessions (unit_id, kind, held_at, title, first_topic)
           select b.id, k, make_timestamptz(y, q * 3, 1 + (b.id % 28), 15, 0, 0, 'Asia/Shanghai'), '支部活动', null
             from units b, ${years}, generate_series(1, 4) q,
                  unnest(array['member-meeting', 'party-lecture']) k
            where b.kind = 'branch' and random() < 0.95`);
  await q(`insert into study_sessions (unit_id, kind, held_at, title, first_topic)
           select b.id, 'life-meeting', make_timestamptz(y, 12, 1 + (b.id % 20), 15, 0, 0, 'Asia/Shanghai'), '组织生活会', null
             from units b, ${years} where b.kind = 'branch' and random() < 0.9`);
  // Activities: about 70 a year per unit, spread over the year.
  await q(`insert into activities (unit_id, type, title, held_on, sessions, participants, beneficiaries)
           select u.id, (array['lecture','reading','volunteer','culture','theme-education','other'])[1 + (n % 6)],
                  '载体活动', make_date(y, 1, 1) + ((n * 5 + u.id) % 365), 1, 20, 50
             from units u, ${years}, generate_series(1, 70) n
            where u.kind = 'unit' and (u.id % 10 <> 0 or n <= 10)`);
  for (const table of [
    'agenda_meetings',
    'yearly_reports',
    'responsibility_letters',
    'study_sessions',
    'activities',
    'units',
    'people',
    'leading_group_members',
  ]) {
    await q(`analyze ${table}`);
  }
  const [row] = await countableRows<{ n: number }>(database.db, sql`count(*)::int as n`);
  return Number(row!.n);
}

async function login(origin: string): Promise<string> {
  const response = await request(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-admin', password: PASSWORD }),
  });
  const setCookie = response.headers['set-cookie'];
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode}`);
  const cookies = (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])
    .map((c) => c.split(';')[0])
    .join('; ');
  return cookies;
}

interface LoadResult {
  requests: number;
  seconds: number;
  latencies: number[];
  bytes: number;
}

/** `CONCURRENCY` clients issuing requests back to back until `count` are done or time runs out. */
async function load(
  pool: Pool,
  path: string,
  headers: Record<string, string>,
  limit: { count: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let issued = 0;
  let bytes = 0;
  const start = performance.now();
  const deadline = start + limit.seconds * 1000;
  const client = async () => {
    while (issued < limit.count && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      const response = await pool.request({ method: 'GET', path, headers });
      const body = await response.body.arrayBuffer();
      if (response.statusCode !== 200) throw new Error(`${path}: HTTP ${response.statusCode}`);
      latencies.push(performance.now() - t0);
      bytes += body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return {
    requests: latencies.length,
    seconds: (performance.now() - start) / 1000,
    latencies,
    bytes,
  };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface RunResult {
  db: string;
  units: number;
  records: number;
  buildSeconds: number;
  coldMs: number;
  fullComputeMs: number;
  afterWriteMs: number;
  p50: number;
  p95: number;
  dashboardRps: number;
  healthRps: number;
  responseKb: number;
  requests: number;
}

async function runOn(kind: 'pglite' | 'postgres', database: Database): Promise<RunResult> {
  process.stdout.write(`\n[${kind}]\n`);
  const buildStart = performance.now();
  await timed('migrate', () => database.migrate());
  const tree = await timed('units', () => buildTree(database.query));
  const records = await timed('ledgers', () => fillLedgers(database));
  const [admin] = await database.query<{ id: number }>(
    `insert into users (username, display_name, unit_id, password_hash, must_change_password)
     values ('bench-admin', '基准管理员', 1, $1, false) returning id`,
    [await hashPassword(PASSWORD)],
  );
  await database.query(
    `insert into role_bindings (user_id, role, unit_id) values ($1, 'committee_admin', 1)`,
    [admin!.id],
  );
  const buildSeconds = (performance.now() - buildStart) / 1000;
  process.stdout.write(`  ${tree.units} units, ${records.toLocaleString('en')} ledger records\n`);

  // The server as `shoutu serve` runs it: the job queue in this process, then the app.
  await startJobs(database, { jobs: [reminderJob] }, { workers: true });
  const app = await buildApp({ database, secureCookies: false, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The reminder pass that starts with the server is not what is measured: let it finish.
  await timed('reminder pass at start', () => reminderRunOf(app));
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const cookie = await login(origin);
    const dashboard = `/api/v1/compliance/city?year=${YEAR}`;
    const coldStart = performance.now();
    const first = await pool.request({ method: 'GET', path: dashboard, headers: { cookie } });
    const firstBody = await first.body.text();
    if (first.statusCode !== 200) throw new Error(`dashboard: ${first.statusCode} ${firstBody}`);
    const coldMs = performance.now() - coldStart;
    const city = JSON.parse(firstBody) as { units: unknown[]; summary: Record<string, number> };
    process.stdout.write(
      `  first dashboard request (computes the year): ${coldMs.toFixed(0)} ms, ${city.units.length} rows, ` +
        `${(firstBody.length / 1024).toFixed(0)} KB, summary ${JSON.stringify(city.summary)}\n`,
    );

    const health = await load(pool, '/api/health', {}, { count: 1e9, seconds: HEALTH_SECONDS });
    const healthRps = health.requests / health.seconds;
    const dash = await load(
      pool,
      dashboard,
      { cookie, 'accept-encoding': 'gzip' },
      { count: DASHBOARD_REQUESTS, seconds: MAX_SECONDS },
    );
    const sorted = [...dash.latencies].sort((a, b) => a - b);
    // One ledger entry through the service (audited): the next request recomputes that unit only.
    await database.db.transaction((tx) =>
      createMeeting(systemContext(tx, systemClock, '基准'), {
        unitId: tree.firstUnit,
        kind: 'special-study',
        heldAt: new Date(`${YEAR}-05-05T10:00:00+08:00`),
        title: '基准写入',
      }),
    );
    const writeStart = performance.now();
    const afterWrite = await pool.request({ method: 'GET', path: dashboard, headers: { cookie } });
    await afterWrite.body.arrayBuffer();
    const afterWriteMs = performance.now() - writeStart;
    // What a rule edit or a new day costs: the whole year from scratch, outside the cache.
    const computeStart = performance.now();
    await computeYear(database.db, { year: YEAR, now: new Date() });
    const fullComputeMs = performance.now() - computeStart;
    process.stdout.write(
      `  dashboard after one ledger write: ${afterWriteMs.toFixed(0)} ms; ` +
        `full recomputation of ${YEAR}: ${fullComputeMs.toFixed(0)} ms\n`,
    );
    const result: RunResult = {
      db: kind,
      units: tree.units,
      records,
      buildSeconds,
      coldMs,
      fullComputeMs,
      afterWriteMs,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      dashboardRps: dash.requests / dash.seconds,
      healthRps,
      responseKb: dash.bytes / dash.requests / 1024,
      requests: dash.requests,
    };
    process.stdout.write(
      `  /api/health: ${healthRps.toFixed(0)} req/s (${CONCURRENCY} clients, ${HEALTH_SECONDS} s)\n` +
        `  dashboard: ${dash.requests} requests, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, ` +
        `${result.dashboardRps.toFixed(1)} req/s\n` +
        `  ratio dashboard/health throughput: ${(result.dashboardRps / healthRps).toFixed(3)}\n`,
    );
    return result;
  } finally {
    await pool.close();
    await app.close();
    await stopJobs();
  }
}

async function main() {
  const which = process.env.BENCH_DB ?? 'both';
  const results: RunResult[] = [];
  process.stdout.write(
    `compliance benchmark — node ${process.version}, ${new Date().toISOString()}\n`,
  );
  if (which === 'both' || which === 'pglite') {
    const database = await openDatabase({});
    try {
      results.push(await runOn('pglite', database));
    } finally {
      await database.close();
    }
  }
  if (which === 'both' || which === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query('drop database if exists shoutu_bench with (force)');
    await admin.query('create database shoutu_bench');
    const url = new URL(PG_URL);
    url.pathname = '/shoutu_bench';
    const database = await openDatabase({ databaseUrl: url.toString() });
    try {
      results.push(await runOn('postgres', database));
    } finally {
      await database.close();
      // BENCH_KEEP=1 leaves the database for profiling by hand.
      if (process.env.BENCH_KEEP !== '1') {
        await admin.query('drop database if exists shoutu_bench with (force)');
      }
      await admin.end();
    }
  }
  process.stdout.write(
    '\n| database | units | records | p50 | p95 | dashboard req/s | health req/s | ratio | first request | after a write | full recompute |\n',
  );
  process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (const r of results) {
    process.stdout.write(
      `| ${r.db} | ${r.units.toLocaleString('en')} | ${r.records.toLocaleString('en')} | ` +
        `${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.dashboardRps.toFixed(1)} | ${r.healthRps.toFixed(0)} | ` +
        `${(r.dashboardRps / r.healthRps).toFixed(3)} | ${r.coldMs.toFixed(0)} ms | ${r.afterWriteMs.toFixed(0)} ms | ` +
        `${(r.fullComputeMs / 1000).toFixed(1)} s |\n`,
    );
  }
  const postgres = results.find((r) => r.db === 'postgres');
  if (postgres) {
    process.stdout.write(
      `\ntarget p95 ≤ 300 ms on PostgreSQL: ${postgres.p95 <= 300 ? 'met' : 'NOT met'} (${postgres.p95.toFixed(1)} ms)\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
