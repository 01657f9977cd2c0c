// The demo city's positions: a demo load gives every unit its positions and the demo websites a
// check history with rectifications; the server (in demo mode) answers the demo sites on its own
// port; and a real check of one through the job queue finds the defects planted in it.
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { DEMO_PASSWORD, demoCity } from '../demo/city.js';
import { loadDemo } from '../demo/load.js';
import { ManualClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { startJobs, stopJobs } from '../platform/jobs.js';
import { rectifications } from '../platform/rectification-tables.js';
import { agentFor, openTestDatabase } from '../platform/testing.js';
import { nightlyJob, siteCheckJob } from './checks.js';
import { demoPositions } from './demo.js';
import {
  DEMO_SITES,
  demoSite,
  MISSING_PAGE,
  PLANTED_ERROR,
  plantedFindings,
} from './demo-sites.js';
import { beijingDay } from './service.js';
import { positionChecks, positions } from './tables.js';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;
const clock = new ManualClock('2026-12-07T02:00:00Z');
const today = beijingDay(clock.now());

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, clock, secureCookies: false, demo: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await database.db.transaction((tx) => loadDemo(tx, clock, undefined, { siteBase: base }));
  await startJobs(
    database,
    { jobs: [siteCheckJob as never, nightlyJob as never] },
    { workers: true, clock },
  );
}, 300_000);

afterAll(async () => {
  await stopJobs(2_000);
  await app?.close();
  await database?.close();
});

const websiteOf = async (unitKey: string) => {
  const site = demoSite(unitKey)!;
  const [row] = await database.db
    .select()
    .from(positions)
    .where(
      and(eq(positions.kind, 'website'), eq(positions.url, `${base}/demo-sites/${site.key}/`)),
    );
  return row!;
};

describe('the demo city’s positions', () => {
  it('gives every unit a website, a WeChat account and a board or screen, some with owners', async () => {
    const rows = await database.query<{ unit_id: number; kinds: string[]; owners: number }>(
      `select unit_id, array_agg(kind order by kind) as kinds, count(owner_person_id)::int as owners
         from positions group by unit_id`,
    );
    const owners = demoCity().units.filter((u) => u.kind === 'unit' || u.kind === 'committee');
    expect(rows.length).toBe(owners.length);
    for (const r of rows) {
      expect(r.kinds).toContain('website');
      expect(r.kinds).toContain('wechat');
      expect(r.kinds.some((k) => k === 'board' || k === 'screen')).toBe(true);
    }
    expect(rows.filter((r) => r.owners > 0).length).toBeGreaterThan(owners.length / 2);
    // Every website is a demo site on this server, and the server's host is allow-listed.
    const sites = await database.query<{ url: string }>(
      `select url from positions where kind = 'website'`,
    );
    expect(sites.every((s) => s.url.startsWith(`${base}/demo-sites/`))).toBe(true);
    const allow = await database.query<{ entry: string }>(
      'select entry from monitor_allow_entries',
    );
    expect(allow.map((a) => a.entry)).toContain('127.0.0.1');
    // Generated from the seed: the same seed gives the same positions.
    expect(demoPositions(demoCity(), 2026, base)).toEqual(demoPositions(demoCity(), 2026, base));
  });

  it('has weeks of nightly checks, with open rectifications and one closed by a recheck', async () => {
    const jtj = await websiteOf('jtj');
    const history = await database.db
      .select()
      .from(positionChecks)
      .where(eq(positionChecks.positionId, jtj.id))
      .orderBy(positionChecks.id);
    expect(history.length).toBe(4);
    expect(history.every((c) => c.status === 'done' && c.pages > 100)).toBe(true);
    expect(history.at(-1)!.checkedOn! < today).toBe(true);
    const tasks = await database.db
      .select()
      .from(rectifications)
      .where(eq(rectifications.subjectId, String(jtj.id)));
    const open = tasks.filter((t) => t.status === 'open');
    const closed = tasks.filter((t) => t.status !== 'open');
    expect(open.map((t) => t.code).sort()).toEqual(['column-stale', 'link-broken']);
    expect(closed.length).toBe(1);
    expect(closed[0]!.target).toContain('zwgk/2023');
    // 市体育局: five stale columns are one aggregate veto on top of the per-column deductions.
    const tyj = await websiteOf('tyj');
    const [last] = await database.db
      .select()
      .from(positionChecks)
      .where(eq(positionChecks.positionId, tyj.id))
      .orderBy(sql`${positionChecks.id} desc`)
      .limit(1);
    expect((last!.findings as { code: string }[]).map((f) => f.code)).toContain(
      'columns-stale-many',
    );
    expect(last!.score).toBe(0);
  });

  it('serves the demo sites on the server’s own port, outside the API', async () => {
    const home = await fetch(`${base}/demo-sites/jtj/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const html = await home.text();
    expect(html).toContain('江城市交通局');
    expect(html).toContain(today.slice(0, 4));
    expect((await fetch(`${base}/demo-sites/jtj/c0/index_1.html`)).status).toBe(200);
    expect((await fetch(`${base}/demo-sites/jtj/c0/a3.html`)).status).toBe(200);
    expect((await fetch(`${base}/demo-sites/jtj/${MISSING_PAGE}`)).status).toBe(404);
    expect((await fetch(`${base}/demo-sites/nosuch/`)).status).toBe(404);
    const bare = await fetch(`${base}/demo-sites/jtj`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    // Not part of the API: no such route there.
    expect((await fetch(`${base}/api/v1/demo-sites/jtj/`)).status).toBe(404);
  });

  it('is not served outside demo mode', async () => {
    const plain = await buildApp({ database, clock, secureCookies: false, demo: false });
    try {
      const r = await plain.inject({ url: '/demo-sites/jtj/' });
      expect(r.body).not.toContain('江城市交通局门户');
      expect(r.body).not.toContain('<ul class="nav">');
    } finally {
      await plain.close();
    }
  });

  it('finds the planted defects in a real check started by the unit, through the job', async () => {
    const liaison = await agentFor(app, 'jtj-lly', DEMO_PASSWORD);
    const admin = await agentFor(app, 'gw-admin', DEMO_PASSWORD);
    for (const [agent, key] of [
      [liaison, 'jtj'],
      [admin, 'tyj'],
    ] as const) {
      const position = await websiteOf(key);
      const started = await agent.post(`/api/v1/positions/${position.id}/checks`);
      expect(started.statusCode, started.body).toBe(202);
      const { id } = started.json();
      const done = await until('check finished', async () => {
        const r = (await agent.get(`/api/v1/position-checks/${id}`)).json();
        return r.status === 'done' || r.status === 'failed' ? r : undefined;
      });
      expect(done.status, done.error).toBe('done');
      const site = DEMO_SITES.find((s) => s.key === key)!;
      const signature = (f: { code: string; name?: string; target?: string; text?: string }) =>
        `${f.code}:${f.name ?? f.target ?? f.text ?? ''}`;
      const found = (done.findings as { code: string }[])
        .filter((f) => !f.code.startsWith('columns-'))
        .map(signature)
        .sort();
      expect(found).toEqual(plantedFindings(site, base, today).map(signature).sort());
      expect(done.pages).toBeGreaterThan(150);
      if (key === 'tyj') {
        expect(found.some((f) => f.includes(PLANTED_ERROR))).toBe(true);
        expect(done.score).toBe(0);
      }
    }
    // The liaison of 市交通局 cannot start a check of 市体育局's site.
    const tyj = await websiteOf('tyj');
    expect((await liaison.post(`/api/v1/positions/${tyj.id}/checks`)).statusCode).toBe(404);
    // The real check found what the history had found: the same tasks stay open, none added.
    const jtj = await websiteOf('jtj');
    const open = await database.db
      .select()
      .from(rectifications)
      .where(and(eq(rectifications.subjectId, String(jtj.id)), eq(rectifications.status, 'open')));
    expect(open.length).toBe(2);
  });
});
