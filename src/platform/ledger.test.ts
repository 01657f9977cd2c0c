// The shared ledger mechanisms, exercised through real ledgers (study plans, activities): paging
// and filters, scope on load/change/delete, the audit of each change, and the import runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, listActivities, updateActivity } from '../activities/service.js';
import { samplePdf } from '../responsibility/fixtures.js';
import { exportPlans, importPlans, planColumns, planTemplate } from '../study/excel.js';
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from '../study/service.js';
import { Scope } from './access.js';
import { type ServiceContext, systemContext } from './context.js';
import { AppError } from './errors.js';
import { readSheet, toWorkbook } from './excel.js';
import { saveAttachment } from './files.js';
import { createTestWorld, type TestWorld } from './testing.js';

let world: TestWorld;
let sys: ServiceContext;
let scopeA: ServiceContext;
let attachmentA: number;
let attachmentB: number;

beforeAll(async () => {
  world = await createTestWorld();
  sys = systemContext(world.database.db, world.clock, '测试');
  const [a] = await world.database.query<{ path: string }>('select path from units where id = $1', [
    world.unitA,
  ]);
  scopeA = { ...sys, scope: new Scope([a!.path]) };
  attachmentA = (
    await saveAttachment(sys, { unitId: world.unitA, filename: 'a.pdf', buffer: samplePdf('A') })
  ).id;
  attachmentB = (
    await saveAttachment(sys, { unitId: world.unitB, filename: 'b.pdf', buffer: samplePdf('B') })
  ).id;
});
afterAll(() => world.close());

const auditsOf = (entity: string, id: number) =>
  world.database.query<{ action: string; unit_id: number; before: unknown; after: unknown }>(
    'select action, unit_id, before, after from audit_log where entity = $1 and entity_id = $2 order by id',
    [entity, String(id)],
  );

describe('ledger list', () => {
  it('pages within the scope with the total, filtering subtree, year and domain fields', async () => {
    for (const [unitId, year] of [
      [world.unitA, 2024],
      [world.unitA, 2025],
      [world.branchA, 2025],
      [world.unitB, 2025],
    ] as const) {
      await createPlan(sys, { unitId, year, title: `${unitId}-${year}` });
    }
    expect((await listPlans(sys, {})).total).toBe(4);
    const scoped = await listPlans(scopeA, {});
    expect(scoped.total).toBe(3);
    expect(scoped.items.every((p) => p.unitId !== world.unitB)).toBe(true);
    expect((await listPlans(scopeA, { unitId: world.branchA })).total).toBe(1);
    const page = await listPlans(scopeA, { year: 2025, page: 2, pageSize: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    // Another scope's unit in the filter finds nothing rather than leaking it.
    expect(await listPlans(scopeA, { unitId: world.unitB })).toEqual({ items: [], total: 0 });

    await createActivity(sys, {
      unitId: world.unitA,
      type: 'lecture',
      title: '品牌宣讲',
      heldOn: '2025-12-31',
      brandProject: '巾帼大宣讲',
    });
    await createActivity(sys, {
      unitId: world.unitA,
      type: 'lecture',
      title: '次年',
      heldOn: '2026-01-01',
    });
    const listed = await listActivities(scopeA, { year: 2025, brandProject: '巾帼大宣讲' });
    expect(listed.items.map((a) => a.title)).toEqual(['品牌宣讲']);
  });

  it('narrows a ledger kept by date to a period of Beijing days (the half-year of a drill-down)', async () => {
    for (const [title, heldOn] of [
      ['上半年末', '2025-06-30'],
      ['下半年初', '2025-07-01'],
      ['下半年末', '2025-12-31'],
    ] as const) {
      await createActivity(sys, { unitId: world.branchA, type: 'volunteer', title, heldOn });
    }
    const half = await listActivities(scopeA, {
      unitId: world.branchA,
      type: 'volunteer',
      from: '2025-07-01',
      to: '2025-12-31',
    } as Parameters<typeof listActivities>[1]);
    expect(half.items.map((a) => a.title).sort()).toEqual(['下半年初', '下半年末']);
    const first = await listActivities(scopeA, {
      unitId: world.branchA,
      type: 'volunteer',
      to: '2025-06-30',
    } as Parameters<typeof listActivities>[1]);
    expect(first.items.map((a) => a.title)).toEqual(['上半年末']);
  });
});

describe('ledger changes', () => {
  it('creates, updates and deletes with before/after audits; outside the scope is 404', async () => {
    const plan = await createPlan(scopeA, {
      unitId: world.unitA,
      year: 2026,
      title: '计划',
      attachmentIds: [attachmentA],
    });
    const renamed = await updatePlan(scopeA, plan.id, { title: '修订计划' });
    expect(renamed.attachmentIds).toEqual([attachmentA]); // no list given: left alone
    await expect(updatePlan(scopeA, plan.id, { attachmentIds: [attachmentB] })).rejects.toThrow(
      AppError,
    );
    const foreign = await createPlan(sys, { unitId: world.unitB, year: 2026, title: '乙' });
    for (const attempt of [
      () => getPlan(scopeA, foreign.id),
      () => updatePlan(scopeA, foreign.id, { title: '改' }),
      () => deletePlan(scopeA, foreign.id),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect((error as AppError).code).toBe('NOT_FOUND');
    }
    await deletePlan(scopeA, plan.id);
    expect(((await getPlan(sys, plan.id).catch((e) => e)) as AppError).code).toBe('NOT_FOUND');

    const audits = await auditsOf('study-plan', plan.id);
    expect(audits.map((a) => a.action)).toEqual([
      'study-plan.create',
      'study-plan.update',
      'study-plan.delete',
    ]);
    expect(audits.every((a) => a.unit_id === world.unitA)).toBe(true);
    expect(audits[0]).toMatchObject({ before: null, after: { title: '计划' } });
    expect(audits[1]).toMatchObject({ before: { title: '计划' }, after: { title: '修订计划' } });
    expect(audits[2]).toMatchObject({ before: { title: '修订计划' }, after: null });
    expect(await auditsOf('study-plan', foreign.id)).toHaveLength(1);

    const activity = await createActivity(sys, {
      unitId: world.unitA,
      type: 'reading',
      title: '读书会',
      heldOn: '2025-04-23',
    });
    const changed = await updateActivity(sys, activity.id, { participants: 30 });
    expect(changed).toMatchObject({ title: '读书会', participants: 30, sessions: 1 });
  });
});

describe('ledger import runner', () => {
  it('reports unit and attachment errors of one row in order, and an empty file', async () => {
    const file = await toWorkbook('学习计划', planColumns, [
      { unit: '甲单位', year: 2027, title: '好', attachmentIds: String(attachmentA) },
      { unit: '外单位乙', year: 2027, title: '越权', attachmentIds: String(attachmentB) },
    ]);
    const before = (await listPlans(sys, {})).total;
    const error = (await importPlans(scopeA, file).catch((e: unknown) => e)) as AppError;
    expect(error.details.rows).toEqual([
      { row: 3, field: '单位', message: '找不到单位「外单位乙」（或无权操作该单位）' },
      { row: 3, field: '附件编号', message: `附件 ${attachmentB} 不存在或无权访问` },
    ]);
    expect((await listPlans(sys, {})).total).toBe(before);

    const empty = (await importPlans(scopeA, await toWorkbook('学习计划', planColumns, [])).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(empty.details.rows).toEqual([{ row: 2, field: '单位', message: '文件中没有数据行' }]);

    const good = await toWorkbook('学习计划', planColumns, [
      { unit: '甲单位', year: 2027, title: '好', attachmentIds: String(attachmentA) },
    ]);
    expect(await importPlans(scopeA, good)).toEqual({ imported: 1 });
    expect((await listPlans(sys, {})).total).toBe(before + 1);

    // The sheet's export writes what the list returns; the template has the header only.
    const exported = await readSheet(await exportPlans(scopeA, { year: 2027 }), planColumns);
    expect(exported.map((r) => r.values)).toEqual([
      { unit: '甲单位', year: '2027', title: '好', attachmentIds: String(attachmentA) },
    ]);
    expect(await readSheet(await planTemplate(), planColumns)).toEqual([]);
  });
});
