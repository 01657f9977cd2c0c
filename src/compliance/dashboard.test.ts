// What the committee dashboard counts: only units some requirement applies to, and one
// completion rate that agrees with the counts shown beside it.
import '../fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../platform/tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import type { CityView } from './service.js';
import { completionRate } from './service.js';

let world: TestWorld;
let admin: Agent;
let committeeDepartment: number;

interface Entry {
  requirementId: string;
  versionId: number;
  current: Record<string, unknown>;
}

async function requirement(id: string): Promise<Entry> {
  const list = (await admin.get('/api/v1/requirements')).json().items as Entry[];
  return list.find((i) => i.requirementId === id)!;
}

async function city(): Promise<CityView> {
  const response = await admin.get('/api/v1/compliance/city?year=2026');
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CityView;
}

const expectedRate = (t: { met: number; dueSoon: number; overdue: number }) => {
  const due = t.met + t.dueSoon + t.overdue;
  return due === 0 ? null : Math.round((t.met / due) * 1000) / 10;
};

beforeAll(async () => {
  world = await createTestWorld();
  await world.database.db.update(units).set({ createdAt: new Date('2020-01-01T00:00:00Z') });
  // A department of the committee itself (办公室): no requirement applies to it.
  const [committee] = await world.database.query<{ path: string }>(
    'select path from units where id = $1',
    [world.committee],
  );
  const [row] = await world.database.query<{ id: number }>(
    `insert into units (name, short_name, kind, parent_id, created_at)
       values ('工委办公室', '工委办公室', 'department', $1, '2020-01-01') returning id`,
    [world.committee],
  );
  committeeDepartment = row!.id;
  await world.database.query('update units set path = $1 where id = $2', [
    `${committee!.path}${committeeDepartment}/`,
    committeeDepartment,
  ]);
  // Branch A held its theme party day every month up to November 2026.
  for (let month = 1; month <= 11; month++) {
    await world.database.query(
      `insert into study_sessions (unit_id, kind, held_at, title)
         values ($1, 'theme-day', $2, '主题党日')`,
      [world.branchA, `2026-${String(month).padStart(2, '0')}-10T09:00:00+08:00`],
    );
  }
  admin = await agentFor(world.app, world.users.committee_admin.username);
}, 180_000);
afterAll(() => world.close());

describe('units on the dashboard', () => {
  it('a unit no requirement applies to (the committee’s own department) is neither listed nor counted', async () => {
    const view = await city();
    expect(view.units.map((u) => u.id)).not.toContain(committeeDepartment);
    expect(view.cells.some((c) => c.unitId === committeeDepartment)).toBe(false);
    expect(view.units.map((u) => u.id).sort()).toEqual([world.unitA, world.unitB].sort());
    expect(view.summary.units).toBe(2);
    // Every listed row has something that applies.
    for (const unit of view.units) {
      const cells = view.cells.filter((c) => c.unitId === unit.id);
      expect(cells.reduce((n, c) => n + c.applicable, 0)).toBeGreaterThan(0);
    }
    expect(view.heatmap).toHaveLength(view.cells.length);
  });
});

describe('the completion rate', () => {
  it('is met ÷ (met + due soon + overdue), for every cell, ranking row and the summary', async () => {
    const view = await city();
    for (const cell of view.cells) expect(cell.share).toBe(expectedRate(cell));
    for (const row of view.ranking) expect(row.share).toBe(expectedRate(row));
    expect(view.summary.share).toBe(expectedRate(view.summary));
    expect(completionRate({ met: 3, dueSoon: 1, overdue: 0, notYetDue: 5, applicable: 9 })).toBe(
      75,
    );
    expect(completionRate({ met: 0, dueSoon: 0, overdue: 0, notYetDue: 2, applicable: 2 })).toBe(
      null,
    );
  });

  it('falls when a raised minimum turns met results due soon (counts and rate move together)', async () => {
    const before = await city();
    const studyA = (v: CityView) =>
      v.cells.find((c) => c.unitId === world.unitA && c.group === 'study')!;
    const themeDay = await requirement('theme-party-day-month');
    const edited = await admin.put(`/api/v1/requirements/${themeDay.versionId}`, {
      effectiveFrom: '2026-11-01',
      requirement: { ...themeDay.current, minCount: 2 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await city();
    // Today is 27 November: November's day is due on the 30th, inside the 7-day window.
    expect(studyA(after).dueSoon).toBe(studyA(before).dueSoon + 1);
    expect(studyA(after).met).toBe(studyA(before).met - 1);
    expect(studyA(after).share!).toBeLessThan(studyA(before).share!);
    expect(studyA(after).share).toBe(expectedRate(studyA(after)));
    expect(after.summary.share!).toBeLessThan(before.summary.share!);
    expect(after.summary.share).toBe(expectedRate(after.summary));
  });
});

describe('rule validation', () => {
  it('refuses 最少次数 below 1 for a counting rule, naming the field in Chinese', async () => {
    const special = await requirement('special-study-half-year');
    const refused = await admin.put(`/api/v1/requirements/${special.versionId}`, {
      effectiveFrom: '2026-12-01',
      requirement: { ...special.current, minCount: 0 },
    });
    expect(refused.statusCode).toBe(400);
    const error = refused.json().error as { message: string; field?: string };
    expect(error.message).toContain('最少次数');
    expect(error.message).toContain('至少为 1');
    expect(error.field).toBe('requirement.minCount');
  });

  it('still accepts 0 for an all-must-match rule (第一议题: every meeting must match)', async () => {
    const firstTopic = await requirement('first-topic');
    const saved = await admin.put(`/api/v1/requirements/${firstTopic.versionId}`, {
      effectiveFrom: '2026-12-01',
      requirement: { ...firstTopic.current, minCount: 0 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });
});
