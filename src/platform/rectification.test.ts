import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAttachment } from './files.js';
import { notifications } from './notifications-tables.js';
import {
  defineRectificationSource,
  type FindingInput,
  openRectification,
  reconcileRectifications,
} from './rectification.js';
import { rectifications } from './rectification-tables.js';
import { auditLog } from './tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from './testing.js';
import { workflowTransitions } from './workflow-tables.js';

// A source closed by re-check, as the website checks will be.
defineRectificationSource('test-check', {
  label: '测试检查',
  closedBy: 'recheck',
  dueDays: 10,
  codeLabels: { 'dead-link': '失效链接' },
});

let world: TestWorld;
let admin: Agent;
let liaison: Agent;
let leader: Agent;

const position = { entity: 'position', id: 12 };
const deadLink = (url: string): FindingInput => ({
  code: 'dead-link',
  target: url,
  title: `失效链接：${url}`,
  finding: { target: url, column: '通知公告', text: '链接返回 404' },
});
const A = deadLink('http://example.gov.cn/a.html');
const B = deadLink('http://example.gov.cn/b.html');

const recheck = (findings: FindingInput[], subject = position) =>
  world.asSystem((ctx) =>
    reconcileRectifications(ctx, { source: 'test-check', subject, unitId: world.unitA, findings }),
  );

const rowsOf = (source: string) =>
  world.database.db.select().from(rectifications).where(eq(rectifications.source, source));

const tinyPdf = (tag: string) => Buffer.from(`%PDF-1.4\n% ${tag}\n%%EOF\n`, 'latin1');

beforeAll(async () => {
  world = await createTestWorld();
  admin = await agentFor(world.app, world.users.committee_admin.username);
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  leader = await agentFor(world.app, world.users.unit_leader.username);
}, 180_000);
afterAll(() => world.close());

describe('a source closed by re-check', () => {
  it('opens one record per finding, however often the check repeats', async () => {
    const first = await recheck([A, B]);
    expect(first.opened).toHaveLength(2);
    const again = await recheck([A, B]);
    expect(again).toMatchObject({ opened: [], kept: first.opened, closed: [] });
    const rows = await rowsOf('test-check');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'open' && r.unitId === world.unitA)).toBe(true);
    // Deadline from the source's default: 10 days after opening.
    expect(rows[0]!.dueAt.getTime() - world.clock.now().getTime()).toBe(10 * 86_400_000);
    // The unit's liaison and leader were told once per record.
    const told = await world.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'rectification.open'));
    expect(told.map((n) => n.userId).sort()).toEqual(
      [
        world.users.unit_liaison.id,
        world.users.unit_liaison.id,
        world.users.unit_leader.id,
        world.users.unit_leader.id,
      ].sort(),
    );
  });

  it('closes only what a later check of the same subject no longer finds, and reopens a return', async () => {
    // Another subject's check does not touch this position's records.
    await recheck([], { entity: 'position', id: 99 });
    expect((await rowsOf('test-check')).every((r) => r.status === 'open')).toBe(true);

    const later = await recheck([A]);
    const [closedId] = later.closed;
    expect(later.closed).toHaveLength(1);
    const [closed] = await world.database.db
      .select()
      .from(rectifications)
      .where(eq(rectifications.id, closedId!));
    expect(closed).toMatchObject({ target: B.target, status: 'closed', verdict: 'recheck-clear' });
    expect(closed!.closedAt).toBeInstanceOf(Date);

    const back = await recheck([A, B]);
    expect(back.reopened).toEqual([closedId]);
    const [reopened] = await world.database.db
      .select()
      .from(rectifications)
      .where(eq(rectifications.id, closedId!));
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, closedAt: null });
    expect(await rowsOf('test-check')).toHaveLength(2);
  });

  it('refuses a manual verdict: only the re-check closes it', async () => {
    const list = (await liaison.get('/api/v1/rectifications?positionId=12&status=open')).json();
    const a = list.items.find((i: { target: string }) => i.target === A.target);
    const pdf = await world.asSystem((ctx) =>
      saveAttachment(ctx, { unitId: world.unitA, filename: '整改截图.pdf', buffer: tinyPdf('a') }),
    );
    const report = await liaison.post(`/api/v1/rectifications/${a.id}/report`, {
      note: '已修复链接',
      evidenceIds: [pdf.id],
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ status: 'done', evidenceIds: [pdf.id] });
    expect(report.json().evidence[0].filename).toBe('整改截图.pdf');
    const accept = await admin.post(`/api/v1/rectifications/${a.id}/verdict`, {
      verdict: 'accept',
    });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.message).toContain('复查');
    // Reported done, but the check still finds it: the report was wrong, so it reopens.
    const still = await recheck([A, B]);
    expect(still.closed).toEqual([]);
    expect(still.reopened).toEqual([a.id]);
    const [back] = await world.database.db
      .select()
      .from(rectifications)
      .where(eq(rectifications.id, a.id));
    expect(back).toMatchObject({ status: 'open', reopenCount: 1 });
    const cleared = await recheck([]);
    expect(cleared.closed.sort()).toEqual(
      (await rowsOf('test-check')).map((r) => r.id).sort((x, y) => x - y),
    );
    const [row] = await world.database.db
      .select()
      .from(rectifications)
      .where(eq(rectifications.id, a.id));
    expect(row!.status).toBe('closed');
  });

  it('lists in the contract’s shape, with the finding’s own fields', async () => {
    const response = await admin.get('/api/v1/rectifications?positionId=12');
    expect(response.statusCode).toBe(200);
    const { items, total } = response.json();
    expect(total).toBe(2);
    expect(items[0]).toMatchObject({
      source: 'test-check',
      code: 'dead-link',
      status: 'closed',
      unitId: world.unitA,
      column: '通知公告',
      text: '链接返回 404',
    });
    for (const key of ['id', 'dueAt', 'closedAt', 'target']) expect(items[0]).toHaveProperty(key);
    expect((await admin.get('/api/v1/rectifications?positionId=12&status=open')).json().total).toBe(
      0,
    );
    expect((await admin.get('/api/v1/rectifications?positionId=13')).json().total).toBe(0);
  });
});

describe('a committee directive, closed by acceptance', () => {
  let id: number;

  it('the committee opens it; the unit reports with evidence; a reject sends it back', async () => {
    const created = await admin.post('/api/v1/rectifications', {
      unitId: world.unitA,
      title: '网站栏目长期未更新',
      text: '“工作动态”栏目 90 天未更新',
      dueAt: '2026-12-15',
    });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    expect(created.json()).toMatchObject({
      source: 'committee',
      status: 'open',
      text: '“工作动态”栏目 90 天未更新',
      dueAt: '2026-12-15T15:59:59.999Z',
    });
    const twice = await admin.post('/api/v1/rectifications', {
      unitId: world.unitA,
      title: '网站栏目长期未更新',
    });
    expect(twice.statusCode).toBe(409);

    const mine = (await liaison.get(`/api/v1/rectifications/${id}`)).json();
    expect(mine.allowed).toEqual(['report']);
    expect(
      (await liaison.post(`/api/v1/rectifications/${id}/report`, { note: '' })).statusCode,
    ).toBe(400);
    expect(
      (await liaison.post(`/api/v1/rectifications/${id}/report`, { note: '已更新栏目' }))
        .statusCode,
    ).toBe(200);
    // The unit cannot judge its own report.
    expect(
      (await leader.post(`/api/v1/rectifications/${id}/verdict`, { verdict: 'accept' })).statusCode,
    ).toBe(403);
    expect(
      (await admin.post(`/api/v1/rectifications/${id}/verdict`, { verdict: 'reject' })).statusCode,
    ).toBe(400);
    const rejected = await admin.post(`/api/v1/rectifications/${id}/verdict`, {
      verdict: 'reject',
      comment: '未见更新记录',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'open', verdict: 'rejected' });
    const [notice] = await world.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'rectification.reject'),
          eq(notifications.userId, world.users.unit_liaison.id),
        ),
      );
    expect(notice?.title).toContain('整改退回');
  });

  it('an acceptance closes it; every step is on the timeline and in the audit', async () => {
    await liaison.post(`/api/v1/rectifications/${id}/report`, { note: '已补充更新记录' });
    const accepted = await admin.post(`/api/v1/rectifications/${id}/verdict`, {
      verdict: 'accept',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'closed', verdict: 'accepted' });
    expect(accepted.json().closedAt).toBeTruthy();
    const again = await admin.post(`/api/v1/rectifications/${id}/verdict`, { verdict: 'accept' });
    expect(again.statusCode).toBe(409);

    const steps = await world.database.db
      .select()
      .from(workflowTransitions)
      .where(
        and(eq(workflowTransitions.kind, 'rectification'), eq(workflowTransitions.recordId, id)),
      )
      .orderBy(workflowTransitions.id);
    expect(steps.map((s) => `${s.action}:${s.toState}`)).toEqual([
      'create:open',
      'report:done',
      'reject:open',
      'report:done',
      'accept:closed',
    ]);
    const shown = await liaison.get(`/api/v1/timeline/rectification/${id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json().items.map((s: { action: string }) => s.action)).toEqual([
      'create',
      'report',
      'reject',
      'report',
      'accept',
    ]);
    const audited = await world.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entity, 'rectification'),
          eq(auditLog.entityId, String(id)),
          eq(auditLog.outcome, 'success'),
        ),
      );
    expect(audited.map((a) => a.action)).toEqual([
      'rectification.open',
      'rectification.report',
      'rectification.reject',
      'rectification.report',
      'rectification.accept',
    ]);
  });
});

describe('scope', () => {
  it('units see their own, the committee the whole city', async () => {
    const foreign = await world.asSystem((ctx) =>
      openRectification(ctx, {
        source: 'committee',
        subject: { entity: 'unit', id: world.unitB },
        code: 'directive',
        target: '乙单位的事项',
        title: '乙单位的事项',
        unitId: world.unitB,
      }),
    );
    const id = foreign.rectification.id;
    const theirs = (await liaison.get('/api/v1/rectifications?pageSize=100')).json();
    expect(theirs.items.every((i: { unitId: number }) => i.unitId === world.unitA)).toBe(true);
    expect((await liaison.get(`/api/v1/rectifications?unitId=${world.unitB}`)).json().total).toBe(
      0,
    );
    expect((await liaison.get(`/api/v1/rectifications/${id}`)).statusCode).toBe(404);
    expect(
      (await liaison.post(`/api/v1/rectifications/${id}/report`, { note: '越权' })).statusCode,
    ).toBe(404);
    const city = (await admin.get(`/api/v1/rectifications?unitId=${world.unitB}`)).json();
    expect(city.items.map((i: { id: number }) => i.id)).toEqual([id]);
    expect(city.items[0].allowed).toEqual([]);
    // An editor of unit A has no business with rectifications.
    const editor = await agentFor(world.app, world.users.editor.username);
    expect((await editor.get('/api/v1/rectifications')).statusCode).toBe(403);
  });

  it('refuses evidence the caller cannot see', async () => {
    const { rectification } = await world.asSystem((ctx) =>
      openRectification(ctx, {
        source: 'committee',
        subject: { entity: 'unit', id: world.unitA },
        code: 'directive',
        target: '证据越权',
        title: '证据越权',
        unitId: world.unitA,
      }),
    );
    const foreignFile = await world.asSystem((ctx) =>
      saveAttachment(ctx, { unitId: world.unitB, filename: '乙.pdf', buffer: tinyPdf('b') }),
    );
    const response = await liaison.post(`/api/v1/rectifications/${rectification.id}/report`, {
      note: '附上乙单位文件',
      evidenceIds: [foreignFile.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('evidenceIds');
  });
});
