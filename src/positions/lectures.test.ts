// Lectures and forums approved before they happen, through the routes: the leader approves within
// the unit, an outside speaker also needs the committee, the submitter cannot approve, scope and
// roles refuse, a rejection needs its reason, and an event held without approval opens a
// rectification through the daily job on the ManualClock.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLabels } from '../platform/modules.js';
import { rectifications } from '../platform/rectification-tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { createLecture, LECTURE_SOURCE, unapprovedJob } from './lectures.js';

let world: TestWorld;
let liaison: Agent;
let leader: Agent;
let admin: Agent;
let inspector: Agent;

beforeAll(async () => {
  world = await createTestWorld();
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  leader = await agentFor(world.app, world.users.unit_leader.username);
  admin = await agentFor(world.app, world.users.committee_admin.username);
  inspector = await agentFor(world.app, world.users.inspector.username);
}, 180_000);
afterAll(() => world.close());

const DAY = 86_400_000;
const inDays = (days: number) =>
  new Date(world.clock.now().getTime() + days * DAY).toISOString().replace('Z', '+00:00');

async function draft(by: Agent, outsideSpeaker: boolean, days = 10, topic = '学习贯彻专题报告会') {
  const response = await by.post('/api/v1/lecture-requests', {
    unitId: world.unitA,
    kind: 'report',
    topic,
    speaker: outsideSpeaker ? '张教授' : '李处长',
    speakerAffiliation: outsideSpeaker ? '某大学马克思主义学院' : '甲单位',
    outsideSpeaker,
    audience: '全体机关干部',
    audienceSize: 120,
    startsAt: inDays(days),
    place: '甲单位三楼会议室',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; status: string; allowed: string[] };
}

const notices = (kind: string, id: number, userId: number) =>
  world.database.query<{ n: number; title: string }>(
    'select title from notifications where kind = $1 and entity_id = $2 and user_id = $3',
    [kind, String(id), userId],
  );

describe('approval within the unit', () => {
  it('the liaison drafts and submits; the leader hears of it and approves; the timeline shows it', async () => {
    const created = await draft(liaison, false);
    expect(created).toMatchObject({ status: 'draft', statusLabel: '草稿', unapproved: false });
    expect(created.allowed).toEqual(['edit', 'submit']);
    const edited = await liaison.patch(`/api/v1/lecture-requests/${created.id}`, {
      audienceSize: 150,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().audienceSize).toBe(150);

    const submitted = await liaison.post(`/api/v1/lecture-requests/${created.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', statusLabel: '待单位审批' });
    expect(
      await notices('lecture-request.submit', created.id, world.users.unit_leader.id),
    ).toHaveLength(1);
    // Submitted: no more edits.
    const late = await liaison.patch(`/api/v1/lecture-requests/${created.id}`, { place: '礼堂' });
    expect(late.statusCode).toBe(409);

    const seen = (await leader.get(`/api/v1/lecture-requests/${created.id}`)).json();
    expect(seen.allowed).toEqual(['approve', 'reject']);
    const approved = await leader.post(`/api/v1/lecture-requests/${created.id}/approve`, {
      reason: '同意举办',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', reason: '同意举办' });
    const [notice] = await notices(
      'lecture-request.decided',
      created.id,
      world.users.unit_liaison.id,
    );
    expect(notice?.title).toContain('已批准');

    const timeline = await liaison.get(`/api/v1/timeline/lecture-request/${created.id}`);
    expect(timeline.statusCode).toBe(200);
    expect(
      timeline.json().items.map((i: { action: string; to: string }) => [i.action, i.to]),
    ).toEqual([
      ['create', 'draft'],
      ['submit', 'submitted'],
      ['approve', 'approved'],
    ]);
    expect(timeline.json().items[2].comment).toBe('同意举办');
  });

  it('the submitter cannot approve their own request (409)', async () => {
    const created = await draft(leader, false);
    expect(
      (await leader.post(`/api/v1/lecture-requests/${created.id}/submit`, {})).statusCode,
    ).toBe(200);
    const own = await leader.post(`/api/v1/lecture-requests/${created.id}/approve`, {});
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toContain('其他人');
    const mine = (await leader.get(`/api/v1/lecture-requests/${created.id}`)).json();
    expect(mine.allowed).not.toContain('approve');
  });
});

describe('an outside speaker needs the committee', () => {
  it('leader forwards, the committee approves; the wrong steps are refused', async () => {
    const created = await draft(liaison, true, 12, '外请专家形势报告会');
    await liaison.post(`/api/v1/lecture-requests/${created.id}/submit`, {});
    // The unit's approval is not final for an outside speaker.
    const direct = await leader.post(`/api/v1/lecture-requests/${created.id}/approve`, {});
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error.message).toContain('工委');
    // A role without the step: 403.
    expect(
      (await liaison.post(`/api/v1/lecture-requests/${created.id}/forward`, {})).statusCode,
    ).toBe(403);
    expect(
      (await leader.post(`/api/v1/lecture-requests/${created.id}/committee-approve`, {}))
        .statusCode,
    ).toBe(403);
    expect(
      (await inspector.post(`/api/v1/lecture-requests/${created.id}/reject`, { reason: 'x' }))
        .statusCode,
    ).toBe(403);
    // Not yet at the committee's step: 409.
    expect(
      (await admin.post(`/api/v1/lecture-requests/${created.id}/committee-approve`, {})).statusCode,
    ).toBe(409);

    const forwarded = await leader.post(`/api/v1/lecture-requests/${created.id}/forward`, {});
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    expect(forwarded.json()).toMatchObject({ status: 'unit-approved', statusLabel: '待工委审批' });
    expect(
      await notices('lecture-request.forward', created.id, world.users.committee_admin.id),
    ).toHaveLength(1);
    expect((await admin.get(`/api/v1/lecture-requests/${created.id}`)).json().allowed).toEqual([
      'committee-approve',
      'reject',
    ]);
    const approved = await admin.post(`/api/v1/lecture-requests/${created.id}/committee-approve`, {
      reason: '同意，注意把握导向',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
  });

  it('a rejection needs its reason, returns the request, and the organiser resubmits', async () => {
    const created = await draft(liaison, true, 14, '读书论坛');
    await liaison.post(`/api/v1/lecture-requests/${created.id}/submit`, {});
    await leader.post(`/api/v1/lecture-requests/${created.id}/forward`, {});
    const bare = await admin.post(`/api/v1/lecture-requests/${created.id}/reject`, {});
    expect(bare.statusCode).toBe(400);
    const rejected = await admin.post(`/api/v1/lecture-requests/${created.id}/reject`, {
      reason: '请补充报告人简历和讲稿提纲',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'returned',
      statusLabel: '已退回',
      reason: '请补充报告人简历和讲稿提纲',
    });
    const [notice] = await notices(
      'lecture-request.returned',
      created.id,
      world.users.unit_liaison.id,
    );
    expect(notice?.title).toContain('已退回');
    const back = (await liaison.get(`/api/v1/lecture-requests/${created.id}`)).json();
    expect(back.allowed).toEqual(['edit', 'submit']);
    const again = await liaison.post(`/api/v1/lecture-requests/${created.id}/submit`, {});
    expect(again.json()).toMatchObject({ status: 'submitted', reason: '' });

    // The decision and its reason are audited, in Chinese.
    const [audit] = await world.database.query<{ action: string; after: { reason: string } }>(
      "select action, after from audit_log where action = 'lecture-request.reject' and entity_id = $1",
      [String(created.id)],
    );
    expect(audit?.after.reason).toBe('请补充报告人简历和讲稿提纲');
    const labels = auditLabels(world.app.shoutuManifests);
    expect(labels.action('lecture-request.reject')).toBe('退回报告会审批');
    expect(labels.action('lecture-request.committee-approve')).toBe('工委审批通过报告会');
    expect(labels.action('lecture-request.create')).toMatch(/报告会/);
    expect(labels.field('lecture-request', 'outsideSpeaker')).toBe('外请报告人');
  });
});

describe('scope', () => {
  it('another unit’s request does not exist (404) and is not listed', async () => {
    const foreign = await world.asSystem((ctx) =>
      createLecture(ctx, {
        unitId: world.unitB,
        kind: 'forum',
        topic: '外单位论坛',
        speaker: '王某',
        outsideSpeaker: false,
        startsAt: new Date(world.clock.now().getTime() + 5 * DAY),
      }),
    );
    expect((await liaison.get(`/api/v1/lecture-requests/${foreign.id}`)).statusCode).toBe(404);
    expect(
      (await leader.post(`/api/v1/lecture-requests/${foreign.id}/approve`, {})).statusCode,
    ).toBe(404);
    expect((await liaison.get(`/api/v1/timeline/lecture-request/${foreign.id}`)).statusCode).toBe(
      404,
    );
    const list = (await liaison.get('/api/v1/lecture-requests')).json();
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(foreign.id);
    expect((await admin.get(`/api/v1/lecture-requests/${foreign.id}`)).statusCode).toBe(200);
    // Creating in another unit is refused too.
    const outside = await liaison.post('/api/v1/lecture-requests', {
      unitId: world.unitB,
      kind: 'lecture',
      topic: '越权登记',
      speaker: '某人',
      outsideSpeaker: false,
      startsAt: inDays(3),
    });
    expect(outside.statusCode).toBe(404);
  });
});

describe('held without approval (未经审批)', () => {
  it('the daily job opens a rectification once the time has passed; approval comes too late', async () => {
    const pending = await draft(liaison, true, 2, '未及审批的讲座');
    await liaison.post(`/api/v1/lecture-requests/${pending.id}/submit`, {});
    const runJob = () =>
      unapprovedJob.handler({
        id: 'test',
        name: unapprovedJob.name,
        data: undefined as never,
        attempt: 0,
        signal: new AbortController().signal,
        progress: async () => {},
        heartbeat: async () => {},
        db: world.database.db,
        database: world.database,
        clock: world.clock,
      }) as Promise<{ found: number; opened: number; kept: number }>;
    const opened = (subjectId: number) =>
      world.database.db
        .select()
        .from(rectifications)
        .where(
          and(
            eq(rectifications.source, LECTURE_SOURCE),
            eq(rectifications.subjectId, String(subjectId)),
          ),
        );
    // Before the day: nothing.
    await runJob();
    expect(await opened(pending.id)).toHaveLength(0);

    world.clock.advance(3 * DAY);
    // Sessions idle for days have ended: sign in again.
    liaison = await agentFor(world.app, world.users.unit_liaison.username);
    leader = await agentFor(world.app, world.users.unit_leader.username);
    admin = await agentFor(world.app, world.users.committee_admin.username);
    const first = await runJob();
    expect(first.opened).toBeGreaterThanOrEqual(1);
    const [rect] = await opened(pending.id);
    expect(rect).toMatchObject({ status: 'open', code: 'lecture-unapproved', unitId: world.unitA });
    expect(rect!.title).toContain('未经审批');
    // Approved events are no finding.
    const approvedOnes = await world.database.query<{ id: number }>(
      "select id from lecture_requests where status = 'approved'",
    );
    for (const { id } of approvedOnes) expect(await opened(id)).toHaveLength(0);
    // A second run meets the same record.
    const second = await runJob();
    expect(second.opened).toBe(0);
    expect(second.kept).toBe(first.opened);
    expect(await opened(pending.id)).toHaveLength(1);

    const listed = (await liaison.get('/api/v1/lecture-requests?unapproved=true')).json();
    expect(listed.items.map((i: { id: number }) => i.id)).toContain(pending.id);
    expect(listed.items.every((i: { unapproved: boolean }) => i.unapproved)).toBe(true);
    // Approval after the event is refused (409); the rectification is closed by acceptance.
    const late = await leader.post(`/api/v1/lecture-requests/${pending.id}/forward`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('活动时间已过');
    const rectView = await admin.get(`/api/v1/rectifications/${rect!.id}`);
    expect(rectView.statusCode, rectView.body).toBe(200);
    expect(rectView.json().closedBy).toBe('acceptance');
  });
});
