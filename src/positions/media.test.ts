// New-media monitoring and check-ins end to end on the job queue: a feed served on 127.0.0.1
// (allowed through SHOUTU_MONITOR_ALLOW, the website checks' policy) checked by the real job —
// old posts → stale and a rectification; a fresh post → fine and the rectification closed; the
// feed broken → unknown and a notice. Then an imported post list (all or nothing), an owner's
// attestation, a board's check-in with a photo, its lapse on the ManualClock, and the scope.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../org/tables.js';
import { startJobs, stopJobs } from '../platform/jobs.js';
import { notifications } from '../platform/notifications-tables.js';
import { rectifications } from '../platform/rectification-tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { checkinOverdueJob, notifyOverdueCheckins } from './checkins.js';
import { feedCheckJob, nightlyFeedJob, queueNightlyFeedChecks } from './media.js';
import { createPosition } from './service.js';
import { positionFeedChecks, positionPosts } from './tables.js';

let world: TestWorld;
let liaison: Agent;
let server: http.Server;
let feedBody = '';
let feedStatus = 200;
let feedUrl = '';
const previousAllow = process.env.SHOUTU_MONITOR_ALLOW;

const DAY = 86_400_000;
const rfc822 = (at: Date) => at.toUTCString();

function rss(items: { title: string; link: string; at: Date }[]) {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>甲单位发布</title>${items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>${i.link}</link><pubDate>${rfc822(i.at)}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Starts a feed check through the route and waits for the job to write its result. */
async function checkNow(positionId: number) {
  const started = await liaison.post(`/api/v1/positions/${positionId}/feed-checks`);
  expect(started.statusCode, started.body).toBe(202);
  const { id } = started.json();
  return until('feed check finished', async () => {
    const r = (await liaison.get(`/api/v1/positions/${positionId}/feed`)).json();
    const check = r.checks.find((c: { id: number }) => c.id === id);
    return check && (check.status === 'done' || check.status === 'failed') ? check : undefined;
  });
}

const openTasks = async (positionId: number) =>
  (await liaison.get(`/api/v1/rectifications?positionId=${positionId}&status=open`)).json()
    .items as {
    code: string;
    source: string;
  }[];

function multipart(filename: string, content: Buffer) {
  const boundary = `----shoutu${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function postList(rows: (string | Date)[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发布清单');
  sheet.addRow(['日期', '标题', '链接']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  process.env.SHOUTU_MONITOR_ALLOW = '127.0.0.1';
  world = await createTestWorld();
  server = http.createServer((_req, res) => {
    res.writeHead(feedStatus, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(feedStatus === 200 ? feedBody : 'bridge down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  await startJobs(
    world.database,
    { jobs: [feedCheckJob as never, nightlyFeedJob as never, checkinOverdueJob as never] },
    { workers: true, clock: world.clock },
  );
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
}, 120_000);

afterAll(async () => {
  await stopJobs();
  await new Promise((r) => server.close(r));
  await world.close();
  if (previousAllow === undefined) delete process.env.SHOUTU_MONITOR_ALLOW;
  else process.env.SHOUTU_MONITOR_ALLOW = previousAllow;
});

describe('feed checks', () => {
  let positionId: number;

  it('an account whose feed shows only old posts is stale, with a veto rectification', async () => {
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'wechat',
      name: '甲单位发布',
      interaction: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    positionId = created.json().id;
    const now = world.clock.now();
    feedBody = rss([
      {
        title: '召开理论学习中心组学习会',
        link: 'https://mp.example/a',
        at: new Date(now.getTime() - 40 * DAY),
      },
      {
        title: '开展主题党日活动',
        link: 'https://mp.example/b',
        at: new Date(now.getTime() - 20 * DAY),
      },
    ]);
    const refused = await liaison.post(`/api/v1/positions/${positionId}/feed-checks`);
    expect(refused.statusCode).toBe(409);
    const set = await liaison.put(`/api/v1/positions/${positionId}/feed`, {
      source: 'feed',
      feedUrl,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ source: 'feed', feedUrl });

    const check = await checkNow(positionId);
    expect(check).toMatchObject({ status: 'done', state: 'stale', postsSeen: 2, postsNew: 2 });
    expect(check.daysSinceLastPost).toBe(20);
    expect(check.longestGapDays).toBe(20);
    expect(
      Object.values(check.postsPerMonth as Record<string, number>).reduce((a, b) => a + b),
    ).toBe(2);
    expect(check.reasons[0]).toContain('超过 14 天');
    const tasks = await openTasks(positionId);
    expect(tasks.map((t) => [t.source, t.code])).toEqual([['feed-check', 'account-stale']]);
  });

  it('a fresh post makes it fine and closes the rectification; posts are kept once', async () => {
    const now = world.clock.now();
    feedBody = rss([
      {
        title: '召开理论学习中心组学习会',
        link: 'https://mp.example/a',
        at: new Date(now.getTime() - 40 * DAY),
      },
      {
        title: '开展主题党日活动',
        link: 'https://mp.example/b',
        at: new Date(now.getTime() - 20 * DAY),
      },
      {
        title: '深入学习习近平新时代中国特色社会注义思想',
        link: 'https://mp.example/c',
        at: new Date(now.getTime() - DAY),
      },
    ]);
    const check = await checkNow(positionId);
    expect(check).toMatchObject({ state: 'fine', postsSeen: 3, postsNew: 1, daysSinceLastPost: 1 });
    // The misspelt formulation in the new post is a text finding with its own rectification.
    const tasks = await openTasks(positionId);
    expect(tasks.map((t) => t.code)).toEqual(['formulation-error']);
    const closed = await world.database.db
      .select()
      .from(rectifications)
      .where(
        and(
          eq(rectifications.subjectId, String(positionId)),
          eq(rectifications.code, 'account-stale'),
        ),
      );
    expect(closed[0]!.status).toBe('closed');
    const posts = (await liaison.get(`/api/v1/positions/${positionId}/posts`)).json();
    expect(posts.total).toBe(3);
    expect(posts.items[0].title).toContain('社会注义');
  });

  it('a broken feed leaves the account unknown (never fine or stale) and notifies the liaison', async () => {
    feedStatus = 502;
    const check = await checkNow(positionId);
    expect(check.state).toBe('unknown');
    expect(check.error).toContain('502');
    // Nothing closes on a check that saw nothing: the text finding is still open.
    expect((await openTasks(positionId)).map((t) => t.code)).toEqual(['formulation-error']);
    const notices = await world.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'position.feed-failed'),
          eq(notifications.userId, world.users.unit_liaison.id),
        ),
      );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toContain('甲单位发布');
    feedStatus = 200;
  });

  it('the private-address policy is the website checks’: without the allow-list the feed is refused', async () => {
    process.env.SHOUTU_MONITOR_ALLOW = '';
    try {
      const check = await checkNow(positionId);
      expect(check.state).toBe('unknown');
      expect(check.error).toMatch(/内网|拒绝/);
    } finally {
      process.env.SHOUTU_MONITOR_ALLOW = '127.0.0.1';
    }
  });

  it('the nightly pass queues every configured account once', async () => {
    const result = await queueNightlyFeedChecks(world.database.db, world.clock);
    expect(result).toEqual({ accounts: 1, queued: 1 });
    await until('nightly check done', async () => {
      const rows = await world.database.db
        .select()
        .from(positionFeedChecks)
        .where(
          and(
            eq(positionFeedChecks.positionId, positionId),
            eq(positionFeedChecks.trigger, 'schedule'),
          ),
        );
      return rows[0]?.status === 'done' ? rows[0] : undefined;
    });
  });
  it('an account silent for more than 90 days is a zombie, its owner told of a broken feed', async () => {
    const owner = await world.asSystem(async (ctx) => {
      const [row] = await ctx.tx
        .insert(people)
        .values({ unitId: world.unitA, name: '账号负责人', userId: world.users.unit_leader.id })
        .returning({ id: people.id });
      return row!.id;
    });
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'video',
      name: '甲单位视频号',
      interaction: true,
      ownerPersonId: owner,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await liaison.put(`/api/v1/positions/${id}/feed`, { source: 'feed', feedUrl });
    feedBody = rss([
      {
        title: '视频：走进基层',
        link: 'https://video.example/1',
        at: new Date(world.clock.now().getTime() - 120 * DAY),
      },
    ]);
    const check = await checkNow(id);
    expect(check.state).toBe('zombie');
    expect((await openTasks(id)).map((t) => t.code)).toEqual(['account-zombie']);
    feedStatus = 404;
    try {
      expect((await checkNow(id)).state).toBe('unknown');
    } finally {
      feedStatus = 200;
    }
    // The zombie task stays open: a check that saw nothing closes nothing.
    expect((await openTasks(id)).map((t) => t.code)).toEqual(['account-zombie']);
    const toOwner = await world.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'position.feed-failed'),
          eq(notifications.userId, world.users.unit_leader.id),
          eq(notifications.entityId, String(id)),
        ),
      );
    expect(toOwner).toHaveLength(1);
  });
});

describe('post lists and attestations', () => {
  let positionId: number;

  beforeAll(async () => {
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'weibo',
      name: '甲单位微博',
    });
    positionId = created.json().id;
    await liaison.put(`/api/v1/positions/${positionId}/feed`, { source: 'import' });
  });

  it('a post list with bad rows is refused whole, every bad row named', async () => {
    const bad = await postList([
      ['2026-11-20', '一条正确的发布', 'https://weibo.example/1'],
      ['昨天', '日期不对', ''],
      ['2026-11-21', '', 'ftp://weibo.example/3'],
    ]);
    const response = await liaison.request({
      method: 'POST',
      url: `/api/v1/positions/${positionId}/posts/import`,
      ...multipart('发布清单.xlsx', bad),
    });
    expect(response.statusCode, response.body).toBe(400);
    const rows = response.json().error.rows as { row: number; field: string }[];
    expect(rows.map((r) => [r.row, r.field])).toEqual([
      [3, '日期'],
      [4, '标题'],
      [4, '链接'],
    ]);
    const stored = await world.database.db
      .select()
      .from(positionPosts)
      .where(eq(positionPosts.positionId, positionId));
    expect(stored).toHaveLength(0);
  });

  it('a good list is imported (duplicates skipped) and judged by the check', async () => {
    const good = await postList([
      ['2026-11-20', '一条正确的发布', 'https://weibo.example/1'],
      ['2026/11/25', '第二条发布', ''],
      ['2026-11-25', '第二条发布', ''],
    ]);
    const response = await liaison.request({
      method: 'POST',
      url: `/api/v1/positions/${positionId}/posts/import`,
      ...multipart('发布清单.xlsx', good),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ imported: 2, duplicates: 1 });
    const check = await checkNow(positionId);
    expect(check).toMatchObject({ source: 'import', state: 'fine', daysSinceLastPost: 2 });
    // The account has no interaction channel: that is a finding of its own.
    expect((await openTasks(positionId)).map((t) => t.code)).toEqual(['interaction-missing']);
  });

  it('an attestation by the owner counts as a post and says so', async () => {
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'douyin',
      name: '甲单位抖音号',
      interaction: true,
    });
    const id = created.json().id;
    await liaison.put(`/api/v1/positions/${id}/feed`, { source: 'attestation' });
    const future = await liaison.post(`/api/v1/positions/${id}/attestations`, {
      date: '2026-12-30',
      note: '发布短视频一条',
    });
    expect(future.statusCode).toBe(400);
    const attested = await liaison.post(`/api/v1/positions/${id}/attestations`, {
      date: '2026-11-26',
      note: '发布短视频一条',
    });
    expect(attested.statusCode, attested.body).toBe(201);
    const again = await liaison.post(`/api/v1/positions/${id}/attestations`, {
      date: '2026-11-26',
      note: '再次声明',
    });
    expect(again.statusCode).toBe(409);
    const check = await checkNow(id);
    expect(check.state).toBe('fine');
    expect(check.reasons.join('')).toContain('负责人的声明');
  });
});

describe('check-ins at physical positions', () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('board photo'),
  ]);
  let boardId: number;

  it('a check-in with a photo; overdue after the cadence lapses, notified once per lapse', async () => {
    const created = await liaison.post('/api/v1/positions', {
      unitId: world.unitA,
      kind: 'board',
      name: '一楼宣传栏',
      cadenceDays: 30,
    });
    boardId = created.json().id;
    const photo = await liaison.request({
      method: 'POST',
      url: `/api/v1/attachments?unitId=${world.unitA}`,
      ...multipart('宣传栏.png', png),
    });
    expect(photo.statusCode, photo.body).toBe(200);
    const attachmentId = photo.json().id;
    const account = (
      await liaison.post('/api/v1/positions', {
        unitId: world.unitA,
        kind: 'wechat',
        name: '打卡对照公众号',
      })
    ).json().id;
    const wrongKind = await liaison.post(`/api/v1/positions/${account}/checkins`, {
      checkedOn: '2026-11-27',
      content: '不是实体阵地',
    });
    expect(wrongKind.statusCode).toBe(409);
    const checkin = await liaison.post(`/api/v1/positions/${boardId}/checkins`, {
      checkedOn: '2026-11-27',
      content: '更新学习贯彻党的二十届四中全会精神专栏',
      attachmentIds: [attachmentId],
    });
    expect(checkin.statusCode, checkin.body).toBe(201);
    let list = (await liaison.get(`/api/v1/positions/${boardId}/checkins`)).json();
    expect(list).toMatchObject({
      tracked: true,
      lastCheckedOn: '2026-11-27',
      dueOn: '2026-12-27',
      overdue: false,
    });
    expect(list.items[0].attachments).toEqual([
      { id: attachmentId, filename: '宣传栏.png', mime: 'image/png' },
    ]);
    const file = await liaison.get(`/api/v1/attachments/${attachmentId}`);
    expect(file.rawPayload.equals(png)).toBe(true);
    expect((await notifyOverdueCheckins(world.database.db, world.clock)).overdue).toBe(0);

    // A month later (the session has expired by then: log in again).
    world.clock.advance(31 * DAY);
    liaison = await agentFor(world.app, world.users.unit_liaison.username);
    list = (await liaison.get(`/api/v1/positions/${boardId}/checkins`)).json();
    expect(list.overdue).toBe(true);
    const first = await notifyOverdueCheckins(world.database.db, world.clock);
    expect(first.overdue).toBe(1);
    expect(first.notices).toBeGreaterThan(0);
    world.clock.advance(DAY);
    liaison = await agentFor(world.app, world.users.unit_liaison.username);
    expect((await notifyOverdueCheckins(world.database.db, world.clock)).notices).toBe(0);
    // A new check-in ends the lapse; the next lapse is told again.
    await liaison.post(`/api/v1/positions/${boardId}/checkins`, {
      checkedOn: '2026-12-29',
      content: '更换展板',
    });
    expect((await liaison.get(`/api/v1/positions/${boardId}/checkins`)).json().overdue).toBe(false);
    world.clock.advance(31 * DAY);
    liaison = await agentFor(world.app, world.users.unit_liaison.username);
    expect((await notifyOverdueCheckins(world.database.db, world.clock)).notices).toBeGreaterThan(
      0,
    );
  });

  it('another unit’s positions are 404 to the liaison', async () => {
    const foreign = await world.asSystem(async (ctx) => ({
      board: (
        await createPosition(ctx, { unitId: world.unitB, kind: 'board', name: '乙单位宣传栏' })
      ).id,
      account: (
        await createPosition(ctx, { unitId: world.unitB, kind: 'wechat', name: '乙单位公众号' })
      ).id,
    }));
    for (const [method, url, body] of [
      ['GET', `/positions/${foreign.board}/checkins`],
      [
        'POST',
        `/positions/${foreign.board}/checkins`,
        { checkedOn: '2026-11-27', content: '越权打卡' },
      ],
      ['GET', `/positions/${foreign.account}/feed`],
      ['PUT', `/positions/${foreign.account}/feed`, { source: 'attestation' }],
      ['POST', `/positions/${foreign.account}/feed-checks`],
      ['GET', `/positions/${foreign.account}/posts`],
      [
        'POST',
        `/positions/${foreign.account}/attestations`,
        { date: '2026-11-26', note: '越权声明' },
      ],
    ] as const) {
      const response = await liaison.request({
        method,
        url: `/api/v1${url}`,
        ...(body ? { payload: body } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
  });
});
