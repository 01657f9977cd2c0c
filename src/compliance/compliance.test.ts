import '../fixtures.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { notifications } from '../platform/notifications-tables.js';
import { auditLog, units } from '../platform/tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { createMeeting } from '../responsibility/service.js';
import { computeYear } from './compute.js';
import { runReminders } from './reminders.js';
import type { CityView } from './service.js';

let world: TestWorld;
let admin: Agent;
let liaison: Agent;
let leader: Agent;

interface UnitViewBody {
  requirements: {
    unitId: number;
    requirementId: string;
    period: string;
    status: string;
    count: number;
    required: number;
  }[];
  nextDeadlines: { dueDate: string; status: string }[];
  recentRecords: { total: number; items: { ledger: string; recordId: number; type: string }[] };
}

const resultOf = (body: UnitViewBody, unitId: number, requirementId: string, period: string) =>
  body.requirements.find(
    (r) => r.unitId === unitId && r.requirementId === requirementId && r.period === period,
  );

async function meeting(unitId: number, kind: 'special-study' | 'analysis', heldAt: string) {
  return world.asSystem((ctx) =>
    createMeeting(ctx, { unitId, kind, heldAt: new Date(heldAt), title: '专题研究意识形态工作' }),
  );
}

beforeAll(async () => {
  world = await createTestWorld();
  // The world's units were created "now"; the periods judged here need units that existed.
  await world.database.db.update(units).set({ createdAt: new Date('2020-01-01T00:00:00Z') });
  admin = await agentFor(world.app, world.users.committee_admin.username);
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  leader = await agentFor(world.app, world.users.unit_leader.username);
}, 180_000);
afterAll(() => world.close());

describe('aggregation in SQL, judged in Beijing time', () => {
  it('a meeting at 23:30 Beijing time on 30 June counts for the first half-year', async () => {
    await meeting(world.unitA, 'special-study', '2026-06-30T23:30:00+08:00');
    // 00:30 on 1 July Beijing time is still 30 June in UTC: it must count for the second half.
    await meeting(world.unitA, 'analysis', '2026-07-01T00:30:00+08:00');
    const response = await liaison.get(`/api/v1/compliance/unit/${world.unitA}?year=2026`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as UnitViewBody;
    expect(resultOf(body, world.unitA, 'special-study-half-year', '2026-H1')).toMatchObject({
      status: 'met',
      count: 1,
      required: 1,
    });
    expect(resultOf(body, world.unitA, 'special-study-half-year', '2026-H2')).toMatchObject({
      status: 'not-yet-due',
      count: 0,
    });
    expect(resultOf(body, world.unitA, 'analysis-meeting-half-year', '2026-H1')).toMatchObject({
      status: 'overdue',
      count: 0,
    });
    expect(resultOf(body, world.unitA, 'analysis-meeting-half-year', '2026-H2')).toMatchObject({
      status: 'met',
      count: 1,
    });
    expect(body.recentRecords.items.map((r) => [r.ledger, r.type])).toEqual([
      ['agenda-meetings', 'meeting:analysis'],
      ['agenda-meetings', 'meeting:special-study'],
    ]);
  });

  it('party-group meetings are counted with and without the first topic (a breach fails the quarter)', async () => {
    await world.database.query(
      `insert into study_sessions (unit_id, kind, held_at, title, first_topic) values
         ($1, 'party-group', '2026-02-10T09:00:00+08:00', '党组会议', true),
         ($1, 'party-group', '2026-05-10T09:00:00+08:00', '党组会议', true),
         ($1, 'party-group', '2026-05-20T09:00:00+08:00', '党组会议', false)`,
      [world.unitA],
    );
    const computation = await computeYear(world.database.db, {
      year: 2026,
      now: world.clock.now(),
    });
    const firstTopic = computation.results.filter(
      (r) => r.unitId === world.unitA && r.requirementId === 'first-topic',
    );
    expect(firstTopic.map((r) => [r.periodKey, r.status, r.count, r.required])).toEqual([
      ['2026-Q1', 'met', 1, 1],
      ['2026-Q2', 'overdue', 1, 2],
      ['2026-Q3', 'met', 0, 0],
      ['2026-Q4', 'met', 0, 0],
    ]);
    // Branch rules judge the branch, unit rules the unit: nothing of unit A appears on unit B.
    expect(computation.results.some((r) => r.unitId === world.unitB && r.count > 0)).toBe(false);
    expect(
      computation.results.some(
        (r) => r.unitId === world.branchA && r.requirementId === 'theme-party-day-month',
      ),
    ).toBe(true);
  });
});

describe('activity subtypes', () => {
  it('every subtype counts for the activity rule, each in its own Beijing month', async () => {
    await world.database.query(
      `insert into activities (unit_id, type, title, held_on) values
         ($1, 'lecture', '宣讲', '2025-03-31'), ($1, 'reading', '读书', '2025-03-31'),
         ($1, 'volunteer', '志愿服务', '2025-04-01')`,
      [world.unitA],
    );
    const computation = await computeYear(world.database.db, {
      year: 2025,
      now: world.clock.now(),
    });
    const activity = computation.results.filter(
      (r) => r.unitId === world.unitA && r.requirementId === 'activity-quarter',
    );
    expect(activity.map((r) => [r.periodKey, r.count, r.status])).toEqual([
      ['2025-Q1', 2, 'met'],
      ['2025-Q2', 1, 'met'],
      ['2025-Q3', 0, 'overdue'],
      ['2025-Q4', 0, 'overdue'],
    ]);
    const months = computation.monthly.get(world.unitA)!;
    // activities are group index 2: March 2, April 1.
    expect([months[2 * 12 + 2], months[2 * 12 + 3]]).toEqual([2, 1]);
  });
});

describe('requirements as data', () => {
  it('seeds the defaults once and lists them with their versions', async () => {
    const first = await admin.get('/api/v1/requirements');
    const second = await liaison.get('/api/v1/requirements');
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    const items = first.json().items as { requirementId: string; versions: unknown[] }[];
    expect(items.map((i) => i.requirementId)).toContain('special-study-half-year');
    expect(items.length).toBeGreaterThanOrEqual(14);
    expect(items.every((i) => i.versions.length >= 1)).toBe(true);
    expect(second.json().items.length).toBe(items.length);
  });

  it('an edit mid-year creates a version in force from its date and changes the results', async () => {
    const list = (await admin.get('/api/v1/requirements')).json().items as {
      requirementId: string;
      versionId: number;
      current: Record<string, unknown>;
    }[];
    const analysis = list.find((i) => i.requirementId === 'analysis-meeting-half-year')!;
    const beforeCity = (await admin.get('/api/v1/compliance/city?year=2026')).json() as CityView;
    const cellBefore = beforeCity.cells.find(
      (c) => c.unitId === world.unitA && c.group === 'responsibility',
    )!;

    const refused = await admin.put(`/api/v1/requirements/${analysis.versionId}`, {
      effectiveFrom: '2026-07-01',
      requirement: { ...analysis.current, minCount: -1 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('最少次数');
    expect(
      (
        await liaison.put(`/api/v1/requirements/${analysis.versionId}`, {
          effectiveFrom: '2026-07-01',
          requirement: analysis.current,
        })
      ).statusCode,
    ).toBe(403);

    const edited = await admin.put(`/api/v1/requirements/${analysis.versionId}`, {
      effectiveFrom: '2026-07-01',
      requirement: { ...analysis.current, minCount: 2 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const body = edited.json();
    expect(
      body.versions.map((v: { version: number; effectiveFrom: string | null }) => [
        v.version,
        v.effectiveFrom,
      ]),
    ).toEqual([
      [1, null],
      [2, '2026-07-01'],
    ]);
    // Today (2026-11-27) the new version is the one in force.
    expect(body.current.minCount).toBe(2);

    const view = (
      await liaison.get(`/api/v1/compliance/unit/${world.unitA}?year=2026`)
    ).json() as UnitViewBody;
    // H1 ended before the edit: still judged by version 1. H2: one meeting of two.
    expect(resultOf(view, world.unitA, 'analysis-meeting-half-year', '2026-H1')).toMatchObject({
      required: 1,
    });
    expect(resultOf(view, world.unitA, 'analysis-meeting-half-year', '2026-H2')).toMatchObject({
      status: 'not-yet-due',
      count: 1,
      required: 2,
    });

    // The cached city view sees the edit (the audit head moved).
    const afterCity = (await admin.get('/api/v1/compliance/city?year=2026')).json() as CityView;
    const cellAfter = afterCity.cells.find(
      (c) => c.unitId === world.unitA && c.group === 'responsibility',
    )!;
    expect(cellAfter.met).toBe(cellBefore.met - 1);
    expect(cellAfter.notYetDue).toBe(cellBefore.notYetDue + 1);

    const [audit] = await world.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'requirement.update'));
    expect(audit).toMatchObject({ entity: 'requirement', outcome: 'success' });
    expect((audit!.after as { minCount: number }).minCount).toBe(2);
    expect((audit!.before as { minCount: number }).minCount).toBe(1);
  });
});

describe('dashboards', () => {
  it('the city view has the heat map, ranking, overdue list and monthly trend', async () => {
    const response = await admin.get('/api/v1/compliance/city?year=2026');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const city = response.json() as CityView;
    expect(city.groups.map((g) => g.id)).toEqual(['responsibility', 'study', 'activities']);
    // Rows are units; branch A's results roll into unit A's row.
    expect(city.units.map((u) => u.id).sort()).toEqual([world.unitA, world.unitB].sort());
    expect(city.cells).toHaveLength(6);
    expect(city.heatmap).toHaveLength(6);
    const studyA = city.cells.find((c) => c.unitId === world.unitA && c.group === 'study')!;
    expect(studyA.status).toBe('overdue');
    expect(studyA.records).toBe(3);
    // Ranked by share of settled results met; unit A carries its branch's overdue meetings.
    expect(city.ranking.map((r) => r.rank)).toEqual([1, 2]);
    const shares = city.ranking.map((r) => r.share ?? -1);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    const rankedA = city.ranking.find((r) => r.unitId === world.unitA)!;
    expect(rankedA.met + rankedA.overdue + rankedA.dueSoon + rankedA.notYetDue).toBe(
      rankedA.applicable,
    );
    expect(city.overdue.total).toBe(city.summary.overdue);
    expect(city.overdue.items[0]!.dueDate >= city.overdue.items.at(-1)!.dueDate).toBe(true);
    const responsibility = city.trend.series.find((s) => s.group === 'responsibility')!;
    expect(responsibility.data[5]).toBe(1);
    expect(responsibility.data[6]).toBe(1);
    expect(city.trend.months[0]).toBe('2026-01');
  });

  it('the cached city view follows a ledger entry (only that unit is recomputed)', async () => {
    const cellB = (city: CityView) =>
      city.cells.find((c) => c.unitId === world.unitB && c.group === 'responsibility')!;
    const before = (await admin.get('/api/v1/compliance/city?year=2026')).json() as CityView;
    // A sign-in is audited too, and must not matter.
    await agentFor(world.app, world.users.editor.username);
    await meeting(world.unitB, 'special-study', '2026-03-03T10:00:00+08:00');
    const after = (await admin.get('/api/v1/compliance/city?year=2026')).json() as CityView;
    expect(cellB(after).met).toBe(cellB(before).met + 1);
    expect(cellB(after).overdue).toBe(cellB(before).overdue - 1);
    expect(cellB(after).records).toBe(cellB(before).records + 1);
    // The patched cache equals a computation from scratch.
    const fresh = await computeYear(world.database.db, { year: 2026, now: world.clock.now() });
    const met = fresh.results.filter((r) => r.status === 'met').length;
    expect(after.summary.met).toBe(met);
    expect(after.summary.applicable).toBe(
      fresh.results.filter((r) => r.status !== 'not-applicable').length,
    );
  });

  it('a cell drills down to its requirements and the records behind it', async () => {
    const response = await admin.get(
      `/api/v1/compliance/cell?year=2026&unitId=${world.unitA}&group=study`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const cell = response.json();
    expect(cell.records.total).toBe(3);
    expect(cell.records.items.every((r: { ledger: string }) => r.ledger === 'study-sessions')).toBe(
      true,
    );
    // Unit A's row includes its branch's 三会一课.
    expect(cell.requirements.some((r: { unitId: number }) => r.unitId === world.branchA)).toBe(
      true,
    );
    expect((await admin.get('/api/v1/compliance/cell?year=2026&unitId=1')).statusCode).toBe(400);
  });

  it('a liaison sees only their own subtree', async () => {
    expect((await liaison.get(`/api/v1/compliance/unit/${world.unitB}?year=2026`)).statusCode).toBe(
      404,
    );
    expect(
      (await liaison.get(`/api/v1/compliance/cell?year=2026&unitId=${world.unitB}&group=study`))
        .statusCode,
    ).toBe(404);
    const city = (await liaison.get('/api/v1/compliance/city?year=2026')).json() as CityView;
    expect(city.units.map((u) => u.id)).toEqual([world.unitA]);
    expect(JSON.stringify(city)).not.toContain('外单位乙');
    const overdue = (await leader.get('/api/v1/compliance/overdue?year=2026')).json();
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.every((i: { unitId: number }) => i.unitId !== world.unitB)).toBe(true);
    const all = (await admin.get('/api/v1/compliance/overdue?year=2026&pageSize=500')).json();
    expect(all.items.some((i: { unitId: number }) => i.unitId === world.unitB)).toBe(true);
  });
});

describe('reminders', () => {
  const key = (kind: string, requirement: string, unitId: number, period: string) =>
    `${kind}|requirement|${requirement}|${unitId}/${period}`;

  it('notifies the unit’s liaison and leader once per requirement, period and kind', async () => {
    // 5 December: the branch's November meetings became overdue on 1 December.
    const early = await runReminders(world.database.db, new ManualClock('2026-12-05T02:00:00Z'));
    expect(early.created).toBeGreaterThan(0);
    const clock = new ManualClock('2026-12-20T02:00:00Z');
    const first = await runReminders(world.database.db, clock);
    expect(first.created).toBeGreaterThan(0);
    const again = await runReminders(world.database.db, clock);
    expect(again.created).toBe(0);
    expect(again.candidates).toBe(first.candidates);

    const rows = await world.database.db.select().from(notifications);
    const recipients = new Set(rows.map((r) => r.userId));
    // The committee's admin gets the city-wide digests (no unit of their own).
    expect(recipients).toEqual(
      new Set([
        world.users.unit_liaison.id,
        world.users.unit_leader.id,
        world.users.committee_admin.id,
      ]),
    );
    expect(
      rows.filter((r) => r.userId === world.users.committee_admin.id).every((r) => !r.unitId),
    ).toBe(true);
    // Unit B has no liaison: its items reach no unit account, and nobody of unit A hears about them.
    expect(rows.some((r) => r.unitId === world.unitB)).toBe(false);
    const keys = rows
      .filter((r) => r.userId === world.users.unit_liaison.id)
      .map((r) => r.dedupeKey ?? '');
    // Due 31 December, unmet, 11 days ahead on 20 December: due soon.
    expect(keys).toContain(key('due-soon', 'special-study-half-year', world.unitA, '2026-H2'));
    // A monthly rule's own window is 7 days; the 14-day reminder still reaches it.
    expect(keys).toContain(key('due-soon', 'theme-party-day-month', world.branchA, '2026-12'));
    // On 5 December, 31 December was 26 days away: no reminder was due then.
    const early5 = rows.filter((r) => r.createdAt.getTime() === Date.parse('2026-12-05T02:00:00Z'));
    expect(early5.some((r) => r.dedupeKey?.endsWith('/2026-12'))).toBe(false);
    // A branch's reminder reaches the liaison of the unit that owns it.
    expect(keys).toContain(
      key('overdue', 'branch-committee-meeting-month', world.branchA, '2026-11'),
    );
    // Overdue long ago but this year is still outstanding: told once, like the newly overdue.
    expect(keys).toContain(key('overdue', 'analysis-meeting-half-year', world.unitA, '2026-H1'));
    expect(keys).toContain(
      key('overdue', 'branch-committee-meeting-month', world.branchA, '2026-10'),
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.filter((r) => r.userId === world.users.unit_leader.id)).toHaveLength(keys.length);

    const later = await runReminders(world.database.db, new ManualClock('2027-01-02T02:00:00Z'));
    expect(later.created).toBeGreaterThan(0);
    const [overdueNow] = await world.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, world.users.unit_leader.id),
          eq(
            notifications.dedupeKey,
            key('overdue', 'special-study-half-year', world.unitA, '2026-H2'),
          ),
        ),
      );
    expect(overdueNow?.title).toContain('逾期');
  });

  it('each account reads and marks only its own notices', async () => {
    const mine = await liaison.get('/api/v1/notifications?unread=true&pageSize=100');
    expect(mine.statusCode).toBe(200);
    const body = mine.json();
    expect(body.unread).toBeGreaterThan(0);
    const notice = body.items[0];
    expect(notice.link).toMatch(/^\/compliance\/unit\/\d+\?year=20\d\d$/);
    expect((await leader.post(`/api/v1/notifications/${notice.id}/read`)).statusCode).toBe(404);
    const read = await liaison.post(`/api/v1/notifications/${notice.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    const after = (await liaison.get('/api/v1/notifications?unread=true&pageSize=100')).json();
    expect(after.unread).toBe(body.unread - 1);
    const city = (await admin.get('/api/v1/notifications?pageSize=100')).json();
    expect(city.total).toBeGreaterThan(0);
    expect(city.items.every((n: { link: string }) => n.link.startsWith('/compliance?year='))).toBe(
      true,
    );
  });
});
