/**
 * Website-monitoring benchmark: many local sites checked through the job system.
 *
 * A child process serves `--sites` synthetic municipal sites of about `--pages` pages each, one
 * node:http server per loopback address (127.0.0.2, 127.0.0.3, …: distinct hosts, so per-host
 * politeness applies) and counts the requests in flight per host. Then, in the same run:
 *   - anchor: the site checker alone (checkSite, no jobs, no database) in one process, two sites
 *     at a time like one worker's two job slots, 4 requests per host, the same proofreader;
 *   - PGlite: one process with the embedded database and in-process workers; a website position
 *     per site, a check row each and the positions' check job enqueued for every one;
 *   - PostgreSQL with 1 and then 2 `shoutu worker` processes (this process only enqueues).
 * Reported: aggregate pages/s, peak RSS (VmHWM from /proc) per checking process, total time, the
 * most requests ever in flight to one host, the ratio to the anchor, and the extrapolation to
 * 1,000 sites × 5,000 pages in one night on one 2-core worker.
 *
 *   npm run bench:monitoring                        (200 sites × ~1,000 pages)
 *   npm run bench:monitoring -- --sites 10 --pages 200 [--only anchor,pglite,pg1,pg2]
 * PostgreSQL at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const self = path.join(root, 'bench/monitoring.ts');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PER_HOST = 4;
/** "today" for the sites' dates and the checks. */
const TODAY = new Date().toISOString().slice(0, 10);
/** Longest any one configuration may run. */
const RUN_LIMIT_MS = 40 * 60_000;

const { values: args } = parseArgs({
  options: {
    sites: { type: 'string', default: '200' },
    pages: { type: 'string', default: '1000' },
    only: { type: 'string', default: 'anchor,pglite,pg1,pg2' },
    // Internal: the role of a child process.
    role: { type: 'string', default: '' },
    port: { type: 'string', default: '0' },
    db: { type: 'string', default: '' },
  },
});
const SITES = Math.min(Math.max(Number(args.sites), 1), 250);
const PAGES = Math.min(Math.max(Number(args.pages), 20), 20_000);

// ------------------------------------------------------------------ the sites

const COLUMNS = [
  '工作动态',
  '通知公告',
  '政策文件',
  '规划计划',
  '人事信息',
  '部门要闻',
  '媒体资讯',
  '公示公告',
];
const PER_LIST = 20;
const FILLER =
  '会议强调，要坚持以习近平新时代中国特色社会主义思想为指导，全面落实意识形态工作责任制，' +
  '压实一岗双责，推动各项工作落地见效。各处室要结合实际，细化任务分工，确保按时保质完成。';

const hostOf = (i: number) => `127.0.0.${i + 2}`;

function dateOf(id: number) {
  const d = new Date(Date.parse(`${TODAY}T00:00:00Z`) - (id % 300) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Articles such that home + listing pages + articles ≈ `pages`. */
function articlesFor(pages: number) {
  let a = pages - 1;
  while (a > 0 && 1 + COLUMNS.length * Math.ceil(a / COLUMNS.length / PER_LIST) + a > pages) a--;
  return a;
}

function makeHandler(articles: number) {
  const perColumn = Math.ceil(articles / COLUMNS.length);
  const listPages = Math.max(1, Math.ceil(perColumn / PER_LIST));
  const nav = COLUMNS.map((n, c) => `<li><a href="/c${c}/index.html">${n}</a></li>`).join('');
  const frame = (site: number, title: string, body: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="stylesheet" href="/css/main.css"><script src="/js/site.js"></script></head><body>` +
    `<div class="header"><img src="/img/logo.png"><ul class="nav"><li><a href="/">首页</a></li>${nav}</ul></div>` +
    `<div class="main">${body}</div><div class="footer">版权所有 基准市第${site}局</div></body></html>`;
  const article = (site: number, id: number) => {
    const c = id % COLUMNS.length;
    const related = [1, 2, 3]
      .map((k) => (id + k * 97) % articles)
      .map((r) => `<li><a href="/c${r % COLUMNS.length}/a${r}.html">相关文章第${r}号</a></li>`)
      .join('');
    const broken = id % 100 === 0 ? `<a href="/c${c}/missing${id}.html">附件</a>` : '';
    return frame(
      site,
      `文章${id}`,
      `<h1>${COLUMNS[c]}第${id}号文章</h1><div class="info">发布时间：${dateOf(id)} 来源：办公室</div>` +
        `<div class="content">${`<p>${FILLER}</p>`.repeat(5)}${broken}</div><ul class="related">${related}</ul>`,
    );
  };
  const list = (site: number, c: number, k: number) => {
    const items: string[] = [];
    for (let j = 0; j < PER_LIST; j++) {
      const id = c + COLUMNS.length * (k * PER_LIST + j);
      if (id >= articles) break;
      items.push(
        `<li><a href="/c${c}/a${id}.html">${COLUMNS[c]}第${id}号文章标题</a><span>${dateOf(id)}</span></li>`,
      );
    }
    const next = k + 1 < listPages ? `<a href="index_${k + 1}.html">下一页</a>` : '';
    return frame(site, COLUMNS[c]!, `<ul class="list">${items.join('')}</ul><div>${next}</div>`);
  };
  const home = (site: number) =>
    frame(
      site,
      `基准市第${site}局`,
      `<ul class="list">${[0, 1, 2, 3, 4, 5, 6, 7]
        .filter((id) => id < articles)
        .map(
          (id) =>
            `<li><a href="/c${id % 8}/a${id}.html">要闻第${id}号</a><span>${dateOf(id)}</span></li>`,
        )
        .join('')}</ul>`,
    );
  return (site: number, url: string): [number, string, string] => {
    const a = /^\/c(\d)\/a(\d+)\.html$/.exec(url);
    const l = /^\/c(\d)\/index(?:_(\d+))?\.html$/.exec(url);
    if (url === '/') return [200, 'text/html; charset=utf-8', home(site)];
    if (a && Number(a[2]) < articles)
      return [200, 'text/html; charset=utf-8', article(site, Number(a[2]))];
    if (l && Number(l[2] ?? 0) < listPages)
      return [200, 'text/html; charset=utf-8', list(site, Number(l[1]), Number(l[2] ?? 0))];
    if (/^\/(img|css|js)\//.test(url)) return [200, 'application/octet-stream', 'x'.repeat(1024)];
    return [404, 'text/html; charset=utf-8', 'not found'];
  };
}

/** Child role `serve`: the sites on 127.0.0.2…, one server each on the same port. */
async function serveSites() {
  const handler = makeHandler(articlesFor(PAGES));
  const inFlight = new Map<string, number>();
  let maxInFlight = 0;
  let requests = 0;
  const servers: http.Server[] = [];
  let port = Number(args.port);
  for (let i = 0; i < SITES; i++) {
    const host = hostOf(i);
    const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      requests++;
      const n = (inFlight.get(host) ?? 0) + 1;
      inFlight.set(host, n);
      if (n > maxInFlight) maxInFlight = n;
      res.on('close', () => inFlight.set(host, (inFlight.get(host) ?? 1) - 1));
      // Answered on the next turn, so requests really overlap as they would on a real server.
      setImmediate(() => {
        const [status, type, body] = handler(i, req.url ?? '/');
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    if (!port) port = (server.address() as { port: number }).port;
    servers.push(server);
  }
  process.send!({ ready: true, port });
  process.on('message', (m: { stats?: boolean; reset?: boolean; stop?: boolean }) => {
    if (m.reset) {
      maxInFlight = 0;
      requests = 0;
    }
    if (m.stats) process.send!({ stats: { maxInFlight, requests } });
    if (m.stop) {
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
      process.exit(0);
    }
  });
}

// ------------------------------------------------------------------ checking processes

const urls = (port: number) =>
  Array.from({ length: SITES }, (_, i) => `http://${hostOf(i)}:${port}/`);

/** Child role `anchor`: checkSite on every site, two at a time, in this one process. */
async function anchorRole() {
  const { checkSite } = await import('../src/sitecheck/index.js');
  const { defaultProofreader } = await import('../src/proofread/index.js');
  const engine = defaultProofreader();
  const list = urls(Number(args.port));
  const began = performance.now();
  let pages = 0;
  let next = 0;
  const slot = async () => {
    while (next < list.length) {
      const url = list[next++]!;
      const report = await checkSite({
        url,
        now: TODAY,
        allowPrivate: true,
        concurrency: PER_HOST,
        maxPages: 5_000,
        textChecker: (t) => engine.check(t),
      });
      pages += report.pages;
    }
  };
  await Promise.all([slot(), slot()]);
  process.stdout.write(
    `${JSON.stringify({ pages, seconds: (performance.now() - began) / 1000 })}\n`,
  );
}

async function seedPositions(db: import('../src/platform/db.js').Db, port: number) {
  const { units } = await import('../src/platform/tables.js');
  const { positions, positionChecks } = await import('../src/positions/tables.js');
  await db
    .insert(units)
    .values({ id: 1, name: '基准测试单位', shortName: '基准', kind: 'unit', path: '/1/' })
    .onConflictDoNothing();
  const rows = await db
    .insert(positions)
    .values(
      urls(port).map((url, i) => ({
        unitId: 1,
        kind: 'website' as const,
        name: `基准网站${i + 1}`,
        url,
        cadenceDays: 14,
        statusOn: TODAY,
      })),
    )
    .returning({ id: positions.id, url: positions.url });
  const checks = await db
    .insert(positionChecks)
    .values(
      rows.map((r) => ({
        positionId: r.id,
        unitId: 1,
        status: 'queued' as const,
        trigger: 'schedule',
        url: r.url,
        queuedAt: new Date(),
      })),
    )
    .returning({ id: positionChecks.id, positionId: positionChecks.positionId });
  return checks;
}

async function enqueueChecks(checks: { id: number; positionId: number }[]) {
  const { enqueue } = await import('../src/platform/jobs.js');
  const { CHECK_JOB } = await import('../src/positions/checks.js');
  for (const c of checks)
    await enqueue(CHECK_JOB, { checkId: c.id }, { singletonKey: `position:${c.positionId}` });
}

async function waitDone(db: import('../src/platform/db.js').Db, n: number) {
  const { sql } = await import('drizzle-orm');
  const until = Date.now() + RUN_LIMIT_MS;
  for (;;) {
    const [row] = (
      (await db.execute(
        sql`select count(*) filter (where status in ('done','failed'))::int as finished,
                   count(*) filter (where status = 'failed')::int as failed,
                   coalesce(sum(pages) filter (where status = 'done'), 0)::int as pages
              from position_checks`,
      )) as unknown as { rows: { finished: number; failed: number; pages: number }[] }
    ).rows;
    if (row!.finished >= n) return row!;
    if (Date.now() > until) throw new Error(`timed out: ${row!.finished}/${n} checks finished`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Child role `pglite`: the embedded database and in-process workers, all in this process. */
async function pgliteRole() {
  const { openDatabase } = await import('../src/platform/db.js');
  const { startJobs, stopJobs } = await import('../src/platform/jobs.js');
  const { siteCheckJob } = await import('../src/positions/checks.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-monitoring-'));
  const database = await openDatabase({ dataDir });
  try {
    await database.migrate();
    const checks = await seedPositions(database.db, Number(args.port));
    await startJobs(
      database,
      { jobs: [siteCheckJob as never] },
      { workers: true, scheduling: false },
    );
    const began = performance.now();
    await enqueueChecks(checks);
    const done = await waitDone(database.db, checks.length);
    const seconds = (performance.now() - began) / 1000;
    await stopJobs(5_000);
    process.stdout.write(`${JSON.stringify({ ...done, seconds })}\n`);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ the parent

interface Watched {
  child: ChildProcess;
  peakKb: number;
  stop(): void;
}

/** Polls /proc/<pid>/status for VmHWM (the kernel's peak resident set) while the child lives. */
function watch(child: ChildProcess): Watched {
  const w: Watched = { child, peakKb: 0, stop: () => clearInterval(timer) };
  const timer = setInterval(() => {
    try {
      const kb = Number(
        /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0,
      );
      if (kb > w.peakKb) w.peakKb = kb;
    } catch {
      // exited between polls
    }
  }, 100);
  return w;
}

const monitorEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  SHOUTU_MONITOR_ALLOW: '127.0.0.0/8',
  SHOUTU_MONITOR_CONCURRENCY: String(PER_HOST),
  ...extra,
});

function runRole(
  role: string,
  port: number,
): Promise<{ result: Record<string, number>; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        self,
        '--role',
        role,
        '--port',
        String(port),
        '--sites',
        String(SITES),
        '--pages',
        String(PAGES),
      ],
      { cwd: root, env: monitorEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const w = watch(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS + 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      w.stop();
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`${role} exited ${code}: ${err.slice(-2000)}`));
      resolve({ result: JSON.parse(line), peakMb: w.peakKb / 1024 });
    });
  });
}

function spawnWorker(databaseUrl: string): Promise<Watched> {
  const child = spawn(process.execPath, [path.join(root, 'bin/shoutu.mjs'), 'worker'], {
    cwd: root,
    env: monitorEnv({ DATABASE_URL: databaseUrl, SHOUTU_FROM_SOURCE: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const w = watch(child);
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
        resolve(w);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited ${code}: ${out}`));
    });
  });
}

async function stopWorker(w: Watched) {
  const { child } = w;
  if (child.exitCode === null && child.signalCode === null) {
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
  w.stop();
}

async function postgresRun(workers: number, port: number) {
  const pg = (await import('pg')).default;
  const { openDatabase } = await import('../src/platform/db.js');
  const { startJobs, stopJobs } = await import('../src/platform/jobs.js');
  const { siteCheckJob } = await import('../src/positions/checks.js');
  const name = `monitoring_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openDatabase({ databaseUrl });
  const running: Watched[] = [];
  try {
    await database.migrate();
    const checks = await seedPositions(database.db, port);
    running.push(
      ...(await Promise.all(Array.from({ length: workers }, () => spawnWorker(databaseUrl)))),
    );
    // This process only enqueues.
    await startJobs(
      database,
      { jobs: [siteCheckJob as never] },
      { workers: false, scheduling: false, databaseUrl },
    );
    const began = performance.now();
    await enqueueChecks(checks);
    const done = await waitDone(database.db, checks.length);
    const seconds = (performance.now() - began) / 1000;
    return { result: { ...done, seconds }, peaks: running.map((w) => w.peakKb / 1024) };
  } finally {
    await stopJobs(5_000);
    await Promise.all(running.map(stopWorker));
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

function loadSampler() {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 5_000);
  return {
    stop() {
      clearInterval(timer);
      samples.push(os.loadavg()[0]!);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return { mean, max: Math.max(...samples) };
    },
  };
}

async function parent() {
  const only = new Set(args.only!.split(','));
  process.stdout.write(
    `monitoring benchmark — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), ` +
      `${new Date().toISOString()}\n${SITES} sites × ~${PAGES} pages on ${hostOf(0)}…${hostOf(SITES - 1)}, ` +
      `≤ ${PER_HOST} requests in flight per host\n\n`,
  );
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      self,
      '--role',
      'serve',
      '--sites',
      String(SITES),
      '--pages',
      String(PAGES),
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (m: { port: number }) => resolve(m.port));
    server.once('exit', (code) => reject(new Error(`site server exited ${code}`)));
  });
  const stats = () =>
    new Promise<{ maxInFlight: number; requests: number }>((resolve) => {
      server.once('message', (m: { stats: { maxInFlight: number; requests: number } }) =>
        resolve(m.stats),
      );
      server.send({ stats: true });
    });
  const rows: string[] = [];
  let anchorRate = 0;
  const record = async (
    label: string,
    pages: number,
    seconds: number,
    peaks: number[],
    extra = '',
  ) => {
    const s = await stats();
    server.send({ reset: true });
    const rate = pages / seconds;
    const ratio = anchorRate ? ` (${(rate / anchorRate).toFixed(2)}× the anchor)` : '';
    const line =
      `${label}: ${pages} pages in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} pages/s${ratio}; ` +
      `peak RSS ${peaks.map((p) => `${p.toFixed(0)} MB`).join(' + ')}; ` +
      `max in flight per host ${s.maxInFlight}${extra}`;
    rows.push(line);
    process.stdout.write(`${line}\n`);
    return rate;
  };
  const load = loadSampler();
  try {
    if (only.has('anchor')) {
      const { result, peakMb } = await runRole('anchor', port);
      anchorRate = await record(
        'anchor: checkSite alone, 1 process, 2 sites at a time',
        result.pages!,
        result.seconds!,
        [peakMb],
      );
    }
    const perWorker: number[] = [];
    if (only.has('pglite')) {
      const { result, peakMb } = await runRole('pglite', port);
      perWorker.push(
        await record(
          'PGlite, in-process workers',
          result.pages!,
          result.seconds!,
          [peakMb],
          `; failed ${result.failed}`,
        ),
      );
    }
    for (const n of [1, 2]) {
      if (!only.has(`pg${n}`)) continue;
      const { result, peaks } = await postgresRun(n, port);
      const rate = await record(
        `PostgreSQL, ${n} shoutu worker${n > 1 ? 's' : ''}`,
        result.pages!,
        result.seconds!,
        peaks,
        `; failed ${result.failed}`,
      );
      if (n === 1) perWorker.push(rate);
    }
    const l = load.stop();
    process.stdout.write(
      `\nload average (1 min) during the run: mean ${l.mean.toFixed(2)}, max ${l.max.toFixed(2)}\n`,
    );
    if (perWorker.length) {
      const best = Math.max(...perWorker);
      const night = 1_000 * 5_000;
      process.stdout.write(
        `extrapolation: 1,000 sites × 5,000 pages = ${night.toLocaleString('en')} pages at ${best.toFixed(0)} pages/s ` +
          `(one worker process) = ${(night / best / 3600).toFixed(1)} h; target 1,500 pages/s = ` +
          `${(night / 1_500 / 3600).toFixed(1)} h (${((best / 1_500) * 100).toFixed(0)}% of target)\n`,
      );
    }
  } finally {
    server.send({ stop: true });
  }
}

if (args.role === 'serve') await serveSites();
else if (args.role === 'anchor') await anchorRole();
else if (args.role === 'pglite') await pgliteRole();
else await parent();
