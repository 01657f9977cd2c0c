// Figures by query on fixed data: posts per position and month/quarter/year (websites from the
// checks' newest-item dates, lectures and forums from approved events, new-media accounts from
// their posts, boards and screens from their check-ins),
// and the committee's per-unit summary of positions, failing and stale ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRectification } from '../platform/rectification.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { SITE_CHECK_SOURCE } from './checks.js';
import { bucketOf } from './figures.js';
import { FEED_CHECK_SOURCE } from './media.js';
import { createPosition } from './service.js';
import { lectureRequests, positionCheckins, positionChecks, positionPosts } from './tables.js';

let world: TestWorld;
let liaison: Agent;
let admin: Agent;
let site: number;
let series: number;
let board: number;
let account: number;
let foreign: number;

const column = (name: string, lastUpdated: string | null) => ({
  name,
  url: `https://www.example.gov.cn/${name}/`,
  kind: 'news',
  items: 20,
  lastUpdated,
});

beforeAll(async () => {
  world = await createTestWorld();
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  admin = await agentFor(world.app, world.users.committee_admin.username);
  await world.asSystem(async (ctx) => {
    site = (
      await createPosition(ctx, {
        unitId: world.unitA,
        kind: 'website',
        name: '甲单位门户网站',
        url: 'https://www.example.gov.cn/',
      })
    ).id;
    series = (
      await createPosition(ctx, { unitId: world.unitA, kind: 'lecture', name: '甲单位道德讲堂' })
    ).id;
    board = (
      await createPosition(ctx, { unitId: world.unitA, kind: 'board', name: '甲单位宣传栏' })
    ).id;
    account = (
      await createPosition(ctx, { unitId: world.unitA, kind: 'wechat', name: '甲单位微信公众号' })
    ).id;
    foreign = (
      await createPosition(ctx, {
        unitId: world.unitB,
        kind: 'website',
        name: '外单位乙网站',
        url: 'https://b.example.gov.cn/',
      })
    ).id;
    const check = (positionId: number, columns: unknown[], failed = false) => ({
      positionId,
      unitId: positionId === foreign ? world.unitB : world.unitA,
      status: failed ? ('failed' as const) : ('done' as const),
      url: 'https://www.example.gov.cn/',
      queuedAt: ctx.clock.now(),
      columns,
    });
    await ctx.tx.insert(positionChecks).values([
      // Three checks; 动态 seen at 01-10 twice (one post), then 02-03; 通知 at 01-20 and 04-02.
      check(site, [column('动态', '2026-01-10'), column('通知', '2026-01-20')]),
      check(site, [column('动态', '2026-01-10'), column('通知', '2026-04-02')]),
      check(site, [
        column('动态', '2026-02-03'),
        column('通知', '2026-04-02'),
        column('空栏目', null),
      ]),
      // A failed check's columns and another year's dates do not count.
      check(site, [column('动态', '2026-03-15')], true),
      check(site, [column('动态', '2025-12-30')]),
      check(foreign, [column('动态', '2026-01-05')]),
    ]);
    const event = (status: 'approved' | 'submitted', startsAt: string) => ({
      unitId: world.unitA,
      positionId: series,
      kind: 'lecture' as const,
      topic: '道德讲堂',
      speaker: '讲师',
      outsideSpeaker: false,
      startsAt: new Date(startsAt),
      status,
    });
    await ctx.tx.insert(lectureRequests).values([
      // 2026-03-31 20:00 UTC is 04-01 in Beijing: the second quarter.
      event('approved', '2026-03-31T20:00:00Z'),
      event('approved', '2026-05-06T02:00:00Z'),
      event('submitted', '2026-05-20T02:00:00Z'),
    ]);
    const post = (key: string, publishedAt: string | null) => ({
      positionId: account,
      unitId: world.unitA,
      title: key,
      key,
      source: 'import' as const,
      publishedAt: publishedAt === null ? null : new Date(publishedAt),
      createdAt: ctx.clock.now(),
    });
    await ctx.tx.insert(positionPosts).values([
      // 2026-01-31 17:00 UTC is 02-01 in Beijing; an undated post counts nowhere.
      post('a', '2026-01-31T17:00:00Z'),
      post('b', '2026-02-10T02:00:00Z'),
      post('c', '2026-07-01T02:00:00Z'),
      post('d', null),
    ]);
    const checkin = (checkedOn: string) => ({
      positionId: board,
      unitId: world.unitA,
      checkedOn,
      content: '学习宣传栏',
      createdAt: ctx.clock.now(),
    });
    await ctx.tx.insert(positionCheckins).values([checkin('2026-03-05'), checkin('2026-03-20')]);
    const finding = (code: string, severity: string) => ({
      source: SITE_CHECK_SOURCE,
      subject: { entity: 'position', id: site },
      unitId: world.unitA,
      code,
      target: code,
      title: code,
      finding: { code, severity },
    });
    await openRectification(ctx, finding('sensitive-word', 'veto'));
    await openRectification(ctx, finding('columns-blank-many', 'veto'));
    await openRectification(ctx, finding('home-stale', 'deduct'));
    await openRectification(ctx, {
      ...finding('home-stale', 'deduct'),
      subject: { entity: 'position', id: foreign },
      unitId: world.unitB,
    });
    // A lapsed WeChat account (the feed check's veto): failing and stale too.
    await openRectification(ctx, {
      source: FEED_CHECK_SOURCE,
      subject: { entity: 'position', id: account },
      unitId: world.unitA,
      code: 'account-stale',
      target: '',
      title: '新媒体账号未按期更新',
      finding: { state: 'stale' },
    });
  });
}, 180_000);
afterAll(() => world.close());

type Item = { positionId: number; counts: number[] | null; total: number | null; measure: string };

describe('posts per position and period', () => {
  it('months: distinct newest-item dates of done checks, approved events, posts, check-ins', async () => {
    const response = await liaison.get('/api/v1/position-figures?period=month&year=2026');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { buckets: { key: string }[]; items: Item[] };
    expect(body.buckets).toHaveLength(12);
    const byId = new Map(body.items.map((i) => [i.positionId, i]));
    expect(byId.has(foreign)).toBe(false);
    expect(byId.get(site)!.counts).toEqual([2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(byId.get(site)!.measure).toContain('网站检查');
    expect(byId.get(series)!.counts).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(byId.get(account)!.counts).toEqual([0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(byId.get(account)!.measure).toBe('发布条数');
    expect(byId.get(board)!.counts).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(byId.get(board)!.measure).toBe('内容更新打卡次数');
  });

  it('quarters and the year add up the same posts', async () => {
    const quarters = (await liaison.get('/api/v1/position-figures?period=quarter&year=2026')).json()
      .items as Item[];
    expect(quarters.find((i) => i.positionId === site)!.counts).toEqual([3, 1, 0, 0]);
    expect(quarters.find((i) => i.positionId === series)!.counts).toEqual([0, 2, 0, 0]);
    const year = (await liaison.get('/api/v1/position-figures?period=year&year=2026')).json()
      .items as Item[];
    expect(year.find((i) => i.positionId === site)).toMatchObject({ counts: [4], total: 4 });
    const last = (await liaison.get('/api/v1/position-figures?period=year&year=2025')).json()
      .items as Item[];
    expect(last.find((i) => i.positionId === site)!.counts).toEqual([1]);
  });

  it('buckets Beijing days', () => {
    expect(bucketOf('quarter', '2026-04-01')).toBe('2026-Q2');
    expect(bucketOf('month', '2026-12-31')).toBe('2026-12');
    expect(bucketOf('year', '2026-12-31')).toBe('2026');
  });
});

describe('the committee’s summary', () => {
  it('per unit: active positions, failing (open veto from site checks), stale', async () => {
    const response = await admin.get('/api/v1/position-summary');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const a = body.items.find((i: { unitId: number }) => i.unitId === world.unitA);
    const b = body.items.find((i: { unitId: number }) => i.unitId === world.unitB);
    // Two veto rectifications on one site and a lapsed account: two failing positions.
    expect(a).toMatchObject({ total: 4, failing: 2, stale: 2 });
    expect(b).toMatchObject({ total: 1, failing: 0, stale: 1 });
    expect(body.totals).toEqual({ total: 5, failing: 2, stale: 3 });
    const one = (await admin.get(`/api/v1/position-summary?unitId=${world.unitB}`)).json();
    expect(one.items.map((i: { unitId: number }) => i.unitId)).toEqual([world.unitB]);
  });

  it('is the committee’s: a unit liaison is refused (403)', async () => {
    expect((await liaison.get('/api/v1/position-summary')).statusCode).toBe(403);
  });
});
