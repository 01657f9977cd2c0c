// The positions registry through its routes: create, list, scope, lifecycle events, the duplicate
// account flag, the Excel ledger, and the pure parts of monitoring (deadlines, aggregate vetoes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet, toWorkbook } from '../platform/excel.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { addressAllowed } from '../sitecheck/address.js';
import type { SiteCheckReport } from '../sitecheck/index.js';
import { addWorkingDays, rectifiable, summarize, withAggregateVetoes } from './checks.js';
import { importPositions, positionColumns } from './excel.js';
import { createPosition } from './service.js';

let world: TestWorld;
let liaison: Agent;
let leader: Agent;
let admin: Agent;
let foreignId: number;

beforeAll(async () => {
  world = await createTestWorld();
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  leader = await agentFor(world.app, world.users.unit_leader.username);
  admin = await agentFor(world.app, world.users.committee_admin.username);
  foreignId = (
    await world.asSystem((ctx) =>
      createPosition(ctx, { unitId: world.unitB, kind: 'wechat', name: '外单位乙公众号' }),
    )
  ).id;
}, 180_000);
afterAll(() => world.close());

describe('the registry', () => {
  let siteId: number;

  it('registers a position (201) with the kind’s default cadence and an 开设 event', async () => {
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'website',
      name: '甲单位门户网站',
      url: 'https://www.example.gov.cn/',
      openedOn: '2026-01-05',
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      unitId: world.unitA,
      kind: 'website',
      kindLabel: '门户网站',
      cadenceDays: 14,
      status: 'open',
      statusLabel: '运行中',
      statusOn: '2026-01-05',
      active: true,
      lastCheck: null,
      warnings: [],
    });
    expect(body.allowed).toEqual(['edit', 'event', 'check']);
    expect(body.events).toEqual([expect.objectContaining({ kind: 'open', kindLabel: '开设' })]);
    siteId = body.id;
    const board = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'board',
      name: '一楼宣传栏',
      cadenceDays: 7,
    });
    expect(board.json()).toMatchObject({ cadenceDays: 7, kindLabel: '宣传栏' });
    expect(board.json().allowed).toEqual(['edit', 'event']);
  });

  it('refuses a bad address and an unknown kind naming the field', async () => {
    const bad = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'website',
      name: '网站',
      url: 'ftp://x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('url');
    const kind = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'tiktok',
      name: '号',
    });
    expect(kind.statusCode).toBe(400);
  });

  it('flags a second account of the same kind and platform in one unit, without refusing it', async () => {
    const first = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'wechat',
      name: '甲单位发布',
      platform: '微信公众平台',
    });
    const second = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'wechat',
      name: '甲单位青年',
      platform: '微信公众平台',
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().warnings[0]).toContain('甲单位发布');
    const list = (await liaison.get('/api/v1/positions?kind=wechat')).json();
    expect(list.items.map((p: { warnings: string[] }) => p.warnings.length)).toEqual([1, 1]);
    // Closing one clears the flag on the other.
    const closed = await liaison.post(`/api/v1/positions/${first.json().id}/events`, {
      kind: 'deregister',
      date: '2026-11-27',
      note: '合并到甲单位青年',
    });
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json()).toMatchObject({
      status: 'deregister',
      statusLabel: '已注销',
      active: false,
    });
    expect((await liaison.get(`/api/v1/positions/${second.json().id}`)).json().warnings).toEqual(
      [],
    );
  });

  it('keeps the state of the latest dated event, and audits each with its label', async () => {
    await liaison.post(`/api/v1/positions/${siteId}/events`, {
      kind: 'pause',
      date: '2026-11-20',
      note: '网站改版，停更公告',
    });
    // A back-dated change does not override a later pause.
    const back = await liaison.post(`/api/v1/positions/${siteId}/events`, {
      kind: 'change',
      date: '2026-11-01',
      note: '域名变更',
    });
    expect(back.json()).toMatchObject({ status: 'pause', statusOn: '2026-11-20' });
    expect(back.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'pause',
      'change',
      'open',
    ]);
    const patched = await liaison.patch(`/api/v1/positions/${siteId}`, { cadenceDays: 7 });
    expect(patched.json().cadenceDays).toBe(7);
    const audits = await world.database.query<{ action: string }>(
      "select action from audit_log where entity = 'position' order by id",
    );
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['position.create', 'position.event', 'position.update']),
    );
    const labels = await admin.get('/api/v1/audit?action=position.event');
    if (labels.statusCode === 200) expect(JSON.stringify(labels.json())).toContain('登记阵地变更');
  });

  it('the leader reads but may not edit; a foreign unit’s positions do not exist', async () => {
    const list = await leader.get('/api/v1/positions');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((p: { unitId: number }) => p.unitId === world.unitA)).toBe(true);
    expect(list.json().items[0].allowed).toEqual([]);
    expect(
      (await leader.post('/api/v1/positions', { unitId: world.unitA, kind: 'wall', name: '墙' }))
        .statusCode,
    ).toBe(403);
    for (const url of [`/api/v1/positions/${foreignId}`, `/api/v1/positions/${foreignId}/checks`])
      expect((await liaison.get(url)).statusCode, url).toBe(404);
    expect((await liaison.patch(`/api/v1/positions/${foreignId}`, { name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await liaison.get(`/api/v1/positions?unitId=${world.unitB}`)).json().items).toEqual([]);
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitB,
      kind: 'wall',
      name: '外单位文化墙',
    });
    expect(created.statusCode).toBe(404);
    // The committee sees both units.
    const all = (await admin.get('/api/v1/positions')).json();
    expect(new Set(all.items.map((p: { unitId: number }) => p.unitId))).toEqual(
      new Set([world.unitA, world.unitB]),
    );
  });

  it('exports the ledger and imports a template all-or-nothing', async () => {
    const exported = await liaison.get('/api/v1/positions/export');
    expect(exported.statusCode).toBe(200);
    const rows = await readSheet(exported.rawPayload, positionColumns);
    expect(rows.map((r) => r.values.name)).toContain('甲单位门户网站');
    expect(rows.find((r) => r.values.name === '甲单位门户网站')!.values.status).toContain(
      '已公告停更',
    );
  });

  it('imports the ledger all or nothing, and refuses a file imported twice', async () => {
    const sheet = (rows: Record<string, string>[]) => toWorkbook('阵地', positionColumns, rows);
    const good: Record<string, string>[] = [
      {
        unit: '甲单位',
        kind: '抖音号',
        name: '甲单位抖音',
        platform: '抖音',
        openedOn: '2025-03-01',
      },
      { unit: '甲单位', kind: '电子屏', name: '大厅电子屏', cadenceDays: '7', interaction: '否' },
    ];
    const bad = [...good, { unit: '甲单位', kind: '广播站', name: '广播' }];
    await expect(
      world.asSystem(async (ctx) => importPositions(ctx, await sheet(bad))),
    ).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    const imported = await world.asSystem(async (ctx) => importPositions(ctx, await sheet(good)));
    expect(imported).toEqual({ imported: 2 });
    const screens = (await liaison.get('/api/v1/positions?kind=screen')).json().items;
    expect(screens).toEqual([expect.objectContaining({ name: '大厅电子屏', cadenceDays: 7 })]);
    const douyin = (await liaison.get('/api/v1/positions?kind=douyin')).json().items;
    expect(douyin[0]).toMatchObject({ cadenceDays: 14, statusOn: '2025-03-01' });
    await expect(
      world.asSystem(async (ctx) => importPositions(ctx, await sheet(good))),
    ).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
  });
});

describe('monitoring rules (pure)', () => {
  it('counts deadlines in working days, Beijing time', () => {
    // Friday 2026-11-27 10:00 Beijing → 3 working days: Wed 2026-12-02, end of day.
    const friday = new Date('2026-11-27T02:00:00Z');
    expect(addWorkingDays(friday, 3).toISOString()).toBe('2026-12-02T15:59:59.999Z');
    expect(addWorkingDays(friday, 10).toISOString()).toBe('2026-12-11T15:59:59.999Z');
  });

  it('adds one veto for five or more blank or stale columns, and opens work for veto and deduct only', () => {
    const blank = (n: number) => ({
      code: 'column-blank' as const,
      severity: 'deduct' as const,
      page: `http://s/c${n}/`,
      column: `http://s/c${n}/`,
      name: `栏目${n}`,
    });
    const report: SiteCheckReport = {
      site: 'http://s/',
      now: '2026-11-27',
      pages: 9,
      columns: [],
      findings: [1, 2, 3, 4, 5].map(blank),
    };
    const findings = withAggregateVetoes(report);
    expect(findings[0]).toMatchObject({ code: 'columns-blank-many', severity: 'veto' });
    expect(withAggregateVetoes({ ...report, findings: report.findings.slice(1) })).toHaveLength(4);
    const withInfo = [
      ...findings,
      {
        code: 'pii-mobile' as const,
        severity: 'info' as const,
        page: 'http://s/',
        text: '13800000000',
      },
    ];
    const open = rectifiable(withInfo, new Date('2026-11-27T02:00:00Z'));
    expect(open).toHaveLength(6);
    expect(open[0]!.dueAt!.toISOString()).toBe('2026-12-02T15:59:59.999Z');
    expect(open[1]).toMatchObject({ code: 'column-blank', target: 'http://s/c1/' });
    expect(open[1]!.dueAt!.toISOString()).toBe('2026-12-11T15:59:59.999Z');
    expect(summarize(withInfo)).toEqual({ counts: { veto: 1, deduct: 5, info: 1 }, score: 0 });
  });

  it('allows private addresses only by name, address or CIDR range', () => {
    const policy = { allowPrivate: false, allowHosts: ['intranet.example', '10.1.0.0/16'] };
    expect(addressAllowed(policy, 'intranet.example', '192.168.1.2')).toBe(true);
    expect(addressAllowed(policy, 'x', '10.1.200.3')).toBe(true);
    expect(addressAllowed(policy, 'x', '10.2.0.1')).toBe(false);
    expect(addressAllowed(policy, 'x', '127.0.0.1')).toBe(false);
    expect(addressAllowed(policy, 'x', '8.8.8.8')).toBe(true);
  });
});
