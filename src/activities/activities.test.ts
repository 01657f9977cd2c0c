import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countableRows } from '../compliance/countables.js';
import { createUnit } from '../org/service.js';
import { Scope } from '../platform/access.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { toWorkbook } from '../platform/excel.js';
import { agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { activityColumns, exportActivities, importActivities } from './excel.js';
import { bulkInsertActivities, createActivity, listActivities } from './service.js';

let world: TestWorld;
let sys: ServiceContext;

beforeAll(async () => {
  world = await createTestWorld();
  sys = systemContext(world.database.db, world.clock, '测试');
});
afterAll(() => world.close());

describe('activity totals', () => {
  it('answers "1,754 sessions reaching about 100,000" by query, by unit, type and month', async () => {
    // A women's federation style year: 120 lecture campaigns and 60 reading events in unit A.
    const rows = [];
    for (let i = 0; i < 180; i++) {
      const lecture = i < 120;
      rows.push({
        unitId: world.unitA,
        type: lecture ? ('lecture' as const) : ('reading' as const),
        title: lecture ? `巾帼大宣讲第${i + 1}期` : `读书分享第${i - 119}期`,
        heldOn: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
        sessions: lecture ? (i < 74 ? 13 : 12) : 4, // 74×13 + 46×12 + 60×4 = 1,754
        participants: 500,
        beneficiaries: lecture ? 700 : 265, // 120×700 + 60×265 = 99,900
        brandProject: lecture ? '巾帼大宣讲' : '',
      });
    }
    await bulkInsertActivities(world.database, rows);
    await bulkInsertActivities(world.database, [
      {
        unitId: world.unitA,
        type: 'lecture',
        title: '上一年',
        heldOn: '2024-12-31',
        sessions: 99,
        participants: 1,
        beneficiaries: 1,
      },
      {
        unitId: world.unitB,
        type: 'lecture',
        title: '乙单位',
        heldOn: '2025-03-01',
        sessions: 7,
        participants: 1,
        beneficiaries: 1,
      },
    ]);
    const leader = await agentFor(world.app, world.users.unit_leader.username);
    const byUnit = await leader.get(`/api/v1/activities/totals?year=2025&groupBy=unit`);
    expect(byUnit.statusCode, byUnit.body).toBe(200);
    expect(byUnit.json().total).toEqual({
      records: 180,
      sessions: 1754,
      participants: 90_000,
      beneficiaries: 99_900,
    });
    expect(byUnit.json().items).toEqual([
      {
        key: String(world.unitA),
        label: '甲单位',
        records: 180,
        sessions: 1754,
        participants: 90_000,
        beneficiaries: 99_900,
      },
    ]);
    const byType = await leader.get(
      `/api/v1/activities/totals?year=2025&groupBy=type&unitId=${world.unitA}`,
    );
    expect(
      byType.json().items.map((r: { label: string; sessions: number }) => [r.label, r.sessions]),
    ).toEqual([
      ['宣讲', 1514],
      ['读书', 240],
    ]);
    const byMonth = await leader.get('/api/v1/activities/totals?year=2025&groupBy=month');
    expect(byMonth.json().items).toHaveLength(12);
    expect(byMonth.json().items[0].key).toBe('2025-01');
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    const all = await admin.get('/api/v1/activities/totals?year=2025&groupBy=unit');
    expect(all.json().total.sessions).toBe(1761);
    expect((await leader.get(`/api/v1/activities/totals?unitId=${world.unitB}`)).statusCode).toBe(
      404,
    );
    const view = await countableRows<{ n: number }>(
      world.database.db,
      sql`count(*)::int as n`,
      sql`c.type = 'activity:lecture' and c.unit_id = ${world.unitA} and c.occurred_at >= '2025-01-01T00:00:00+08:00' and c.occurred_at < '2026-01-01T00:00:00+08:00'`,
    );
    expect(view[0]!.n).toBe(120);
  });
});

describe('activity records', () => {
  it('creates, audits and hides unit B from unit A', async () => {
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const created = await liaison.post('/api/v1/activities', {
      unitId: world.unitA,
      type: 'volunteer',
      title: '文明创建志愿服务',
      heldOn: '2026-03-05',
      sessions: 2,
      participants: 40,
      beneficiaries: 200,
    });
    expect(created.statusCode, created.body).toBe(200);
    const [audit] = await world.database.query<{ n: number }>(
      "select count(*)::int n from audit_log where action = 'activity.create' and entity_id = $1",
      [String(created.json().id)],
    );
    expect(audit!.n).toBe(1);
    const foreign = await createActivity(sys, {
      unitId: world.unitB,
      type: 'culture',
      title: '乙',
      heldOn: '2026-01-01',
    });
    expect((await liaison.get(`/api/v1/activities/${foreign.id}`)).statusCode).toBe(404);
    expect((await liaison.delete(`/api/v1/activities/${foreign.id}`)).statusCode).toBe(404);
    const negative = await liaison.post('/api/v1/activities', {
      unitId: world.unitA,
      type: 'volunteer',
      title: 'x',
      heldOn: '2026-03-05',
      beneficiaries: -1,
    });
    expect(negative.statusCode).toBe(400);
  });

  it('round trip into an empty unit and a three-bad-rows refusal', async () => {
    const [a] = await world.database.query<{ path: string }>(
      'select path from units where id = $1',
      [world.unitA],
    );
    const unitC = (
      await createUnit(sys, { name: '丙单位', parentId: world.committee, kind: 'unit' })
    ).id;
    const exported = await exportActivities({ ...sys, scope: new Scope([a!.path]) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported as unknown as ArrayBuffer);
    workbook.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) row.getCell(1).value = '丙单位';
    });
    await importActivities(sys, Buffer.from(await workbook.xlsx.writeBuffer()));
    const strip = (items: Awaited<ReturnType<typeof listActivities>>['items']) =>
      items.map(({ id: _i, unitId: _u, unitName: _n, ...rest }) => rest);
    const original = strip((await listActivities(sys, { unitId: world.unitA })).items);
    expect(original.length).toBe(182);
    expect(strip((await listActivities(sys, { unitId: unitC })).items)).toEqual(original);

    const good = {
      unit: '甲单位',
      type: '宣讲',
      title: '好',
      heldOn: '2025-01-01',
      sessions: '1',
      participants: '1',
      beneficiaries: '1',
      brandProject: '',
      note: '',
      attachmentIds: '',
    };
    const file = await toWorkbook('活动', activityColumns, [
      { ...good, sessions: '0' },
      good,
      { ...good, type: '跳舞' },
      { ...good, heldOn: '2025-13-45', attachmentIds: '999999' },
    ]);
    const [before] = await world.database.query<{ n: number }>(
      'select count(*)::int n from activities',
    );
    const error = (await importActivities(sys, file).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    // Every error at once: row 3 repeats row 2, and row 5's attachment is checked although its
    // date is wrong.
    expect(error.details.rows!.map((r) => [r.row, r.field])).toEqual([
      [2, '场次'],
      [3, '活动名称'],
      [4, '活动类型'],
      [5, '日期'],
      [5, '照片/附件编号'],
    ]);
    const [after] = await world.database.query<{ n: number }>(
      'select count(*)::int n from activities',
    );
    expect(after!.n).toBe(before!.n);
  });
});
