import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from './db.js';
import { defineNotificationKind, notify, notifyMany } from './notifications.js';
import { notifications } from './notifications-tables.js';
import { roleBindings, users } from './tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from './testing.js';

let world: TestWorld;
let liaison: Agent;
let leader: Agent;
let admin: Agent;

defineNotificationKind('test-kind', { label: '测试类', tone: 'success' });

const noticesOf = (userId: number) =>
  world.database.db.select().from(notifications).where(eq(notifications.userId, userId));

beforeAll(async () => {
  world = await createTestWorld();
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  leader = await agentFor(world.app, world.users.unit_leader.username);
  admin = await agentFor(world.app, world.users.committee_admin.username);
}, 180_000);
afterAll(() => world.close());

describe('notify: recipients from roles and units', () => {
  it('reaches the holders of the roles over the unit, and nobody else', async () => {
    const result = await world.asSystem((ctx) =>
      notify(ctx, { roles: ['unit_liaison', 'unit_leader'], unitId: world.branchA }, 'test-kind', {
        entity: 'unit',
        id: world.branchA,
        unitId: world.branchA,
        title: '支部的事项',
      }),
    );
    // The liaison and leader of unit A hold their roles over its branch.
    expect(result).toEqual({ recipients: 2, created: 2 });
    expect(await noticesOf(world.users.unit_liaison.id)).toHaveLength(1);
    expect(await noticesOf(world.users.unit_leader.id)).toHaveLength(1);
    expect(await noticesOf(world.users.editor.id)).toHaveLength(0);
    // Unit B's matters reach no one of unit A.
    const foreign = await world.asSystem((ctx) =>
      notify(ctx, { roles: ['unit_liaison'], unitId: world.unitB }, 'test-kind', {
        entity: 'unit',
        id: world.unitB,
        unitId: world.unitB,
        title: '乙单位的事项',
      }),
    );
    expect(foreign.recipients).toBe(0);
  });

  it('reaches every holder of a role without a unit, and named accounts', async () => {
    const result = await world.asSystem((ctx) =>
      notify(
        ctx,
        { roles: ['committee_admin'], userIds: [world.users.inspector.id] },
        'test-kind',
        { entity: 'city', id: 1, title: '全市事项' },
      ),
    );
    expect(result.created).toBe(2);
    const [notice] = await noticesOf(world.users.inspector.id);
    expect(notice).toMatchObject({
      kind: 'test-kind',
      entity: 'city',
      entityId: '1',
      unitId: null,
    });
  });

  it('skips inactive accounts', async () => {
    const [ghost] = await world.database.db
      .insert(users)
      .values({
        username: 'inactive-liaison',
        displayName: '停用的联络员',
        unitId: world.unitA,
        passwordHash: '!',
        active: false,
      })
      .returning();
    await world.database.db
      .insert(roleBindings)
      .values({ userId: ghost!.id, role: 'unit_liaison', unitId: world.unitA });
    await world.asSystem((ctx) =>
      notify(
        ctx,
        { roles: ['unit_liaison'], unitId: world.unitA, userIds: [ghost!.id] },
        'test-kind',
        {
          entity: 'unit',
          id: world.unitA,
          title: '通知',
        },
      ),
    );
    expect(await noticesOf(ghost!.id)).toHaveLength(0);
  });
});

describe('notify: idempotence and transactions', () => {
  it('sends a (kind, record, period) once per recipient, and anything undeduplicated again', async () => {
    const request = {
      recipients: { userIds: [world.users.duty_officer.id] },
      kind: 'test-kind',
      record: { entity: 'thing', id: 7, title: '每期一次', period: '2026-11' },
    };
    const first = await world.asSystem((ctx) => notifyMany(ctx, [request, request]));
    expect(first).toEqual({ recipients: 2, created: 1 });
    const again = await world.asSystem((ctx) => notifyMany(ctx, [request]));
    expect(again.created).toBe(0);
    const nextPeriod = await world.asSystem((ctx) =>
      notifyMany(ctx, [{ ...request, record: { ...request.record, period: '2026-12' } }]),
    );
    expect(nextPeriod.created).toBe(1);
    const plain = { ...request, record: { entity: 'thing', id: 7, title: '每次都发' } };
    await world.asSystem((ctx) => notifyMany(ctx, [plain]));
    await world.asSystem((ctx) => notifyMany(ctx, [plain]));
    const rows = await noticesOf(world.users.duty_officer.id);
    expect(rows.filter((r) => r.title === '每期一次')).toHaveLength(2);
    expect(rows.filter((r) => r.title === '每次都发')).toHaveLength(2);
  });

  it('is written in the caller’s transaction: a rolled-back change notifies nobody', async () => {
    await expect(
      world.asSystem(async (ctx) => {
        await notify(ctx, { userIds: [world.users.editor.id] }, 'test-kind', {
          entity: 'thing',
          id: 8,
          title: '回滚的通知',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await noticesOf(world.users.editor.id)).toHaveLength(0);
  });
});

describe('the notification routes', () => {
  it('list the caller’s own notices with the kind’s Chinese label and the unread count', async () => {
    const response = await liaison.get('/api/v1/notifications');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({
      kind: 'test-kind',
      kindLabel: '测试类',
      tone: 'success',
    });
    const mine = await noticesOf(world.users.unit_liaison.id);
    expect(body.total).toBe(mine.length);
    expect(body.unread).toBe(mine.length);
    expect((await liaison.get('/api/v1/notifications/unread-count')).json()).toEqual({
      unread: mine.length,
    });
    expect((await liaison.get('/api/v1/notifications?kind=nothing')).json().total).toBe(0);
  });

  it('mark one read (own only, audited) and all read (own only)', async () => {
    const [theirs] = await noticesOf(world.users.unit_leader.id);
    expect((await liaison.post(`/api/v1/notifications/${theirs!.id}/read`)).statusCode).toBe(404);
    const read = await leader.post(`/api/v1/notifications/${theirs!.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    const audited = await world.database.db.execute(
      sql`select 1 from audit_log where action = 'notification.read' and entity_id = ${String(theirs!.id)}`,
    );
    expect((audited as unknown as { rows: unknown[] }).rows).toHaveLength(1);

    const adminUnread = (await admin.get('/api/v1/notifications/unread-count')).json().unread;
    expect(adminUnread).toBeGreaterThan(0);
    const all = await liaison.post('/api/v1/notifications/read-all');
    expect(all.statusCode).toBe(200);
    expect(all.json().updated).toBeGreaterThan(0);
    expect((await liaison.get('/api/v1/notifications?unread=true')).json()).toMatchObject({
      total: 0,
      unread: 0,
    });
    // Nobody else's notices changed.
    expect((await admin.get('/api/v1/notifications/unread-count')).json().unread).toBe(adminUnread);
  });

  it('answer only signed-in callers', async () => {
    const anonymous = await agentFor(world.app);
    expect((await anonymous.get('/api/v1/notifications')).statusCode).toBe(401);
  });
});

describe('migration of the reminders written while compliance owned notifications', () => {
  it('fills the record columns and rewrites the old keys to notify()’s', async () => {
    const user = world.users.unit_liaison.id;
    const [old] = await world.database.db
      .insert(notifications)
      .values({
        userId: user,
        unitId: world.unitA,
        kind: 'overdue',
        title: '旧提醒',
        dedupeKey: `overdue:special-study-half-year:${world.unitA}:2026-H1`,
        createdAt: world.clock.now(),
      })
      .returning();
    const migration = readFileSync(
      path.join(migrationsFolder, '0008_notifications_move_reminders.sql'),
      'utf8',
    );
    await world.database.db.execute(sql.raw(migration));
    const [row] = await world.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.id, old!.id));
    expect(row).toMatchObject({
      entity: 'requirement',
      entityId: 'special-study-half-year',
      dedupeKey: `overdue|requirement|special-study-half-year|${world.unitA}/2026-H1`,
    });
    // The producer now recognises it: the same reminder is not sent again.
    const again = await world.asSystem((ctx) =>
      notify(ctx, { userIds: [user] }, 'overdue', {
        entity: 'requirement',
        id: 'special-study-half-year',
        period: `${world.unitA}/2026-H1`,
        title: '新提醒',
      }),
    );
    expect(again.created).toBe(0);
  });
});
