import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createUnit } from '../org/service.js';
import { Scope } from '../platform/access.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { toWorkbook } from '../platform/excel.js';
import { agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import {
  assignmentColumns,
  exportAssignments,
  exportMembers,
  importAssignments,
  importMembers,
  memberColumns,
} from './excel.js';
import {
  createAssignment,
  listAssignments,
  listGroupMembers,
  saveLeadingGroup,
} from './service.js';

let world: TestWorld;
let sys: ServiceContext;
let scopeA: ServiceContext;
const person: Record<string, number> = {};
let unitC: number;

beforeAll(async () => {
  world = await createTestWorld();
  sys = systemContext(world.database.db, world.clock, '测试');
  const [a] = await world.database.query<{ path: string }>('select path from units where id = $1', [
    world.unitA,
  ]);
  scopeA = { ...sys, scope: new Scope([a!.path]) };
  for (const name of ['王书记', '李副局长', '赵处长']) {
    person[name] = (await createPerson(sys, { name, unitId: world.unitA, title: '班子成员' })).id;
  }
  unitC = (await createUnit(sys, { name: '丙单位', parentId: world.committee, kind: 'unit' })).id;
  for (const name of ['王书记', '李副局长', '赵处长'])
    await createPerson(sys, { name, unitId: unitC, title: '班子成员' });
});
afterAll(() => world.close());

const counts = async () =>
  (
    await world.database.query<{ a: number; g: number; m: number }>(
      'select (select count(*) from responsibility_assignments)::int a, (select count(*) from leading_groups)::int g, (select count(*) from leading_group_members)::int m',
    )
  )[0]!;

/** The exported sheet with unit A's rows moved to the empty unit C. */
async function toUnitC(file: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  let moved = 0;
  workbook.worksheets[0]!.eachRow((row, n) => {
    if (n > 1 && row.getCell(1).value === '甲单位') {
      row.getCell(1).value = '丙单位';
      moved++;
    }
  });
  expect(moved).toBeGreaterThan(0);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const upload = (name: string, file: Buffer) => {
  const boundary = '----shoututest';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

describe('Excel: responsibility assignments and leading-group members', () => {
  it('export → import into an empty unit reproduces every record field by field', async () => {
    await createAssignment(sys, { unitId: world.unitA, year: 2025, kind: 'main' });
    await createAssignment(sys, {
      unitId: world.unitA,
      year: 2025,
      kind: 'first',
      personId: person.王书记!,
      holder: '党组书记、局长',
      fields: '全面工作',
    });
    await createAssignment(sys, {
      unitId: world.unitA,
      year: 2025,
      kind: 'direct',
      personId: person.李副局长!,
      holder: '党组成员、副局长',
      fields: '机关党建、宣传思想',
    });
    await createAssignment(sys, {
      unitId: world.unitA,
      year: 2024,
      kind: 'dual',
      personId: person.赵处长!,
      holder: '',
      fields: '网站和公众号、档案',
    });
    await saveLeadingGroup(sys, {
      unitId: world.unitA,
      name: '甲单位意识形态工作领导小组',
      members: [
        { personId: person.王书记!, duty: 'leader' },
        { personId: person.李副局长!, duty: 'deputy' },
        { personId: person.赵处长!, duty: 'member' },
      ],
    });

    const assignments = async (unitId: number) =>
      (await listAssignments(sys, { unitId })).items.map(
        ({ id: _i, unitId: _u, unitName: _n, personId: _p, ...rest }) => rest,
      );
    const members = async (unitId: number) =>
      (await listGroupMembers(sys, { unitId })).map(
        ({ unitId: _u, unitName: _n, personId: _p, ...rest }) => rest,
      );
    const before = {
      assignments: await assignments(world.unitA),
      members: await members(world.unitA),
    };
    expect(before.assignments).toHaveLength(4);
    expect(before.members).toHaveLength(3);
    expect(await assignments(unitC)).toEqual([]);
    expect(await members(unitC)).toEqual([]);

    expect(await importAssignments(sys, await toUnitC(await exportAssignments(scopeA)))).toEqual({
      imported: 4,
    });
    expect(await importMembers(sys, await toUnitC(await exportMembers(scopeA)))).toEqual({
      imported: 3,
    });
    expect(await assignments(unitC)).toEqual(before.assignments);
    expect(await members(unitC)).toEqual(before.members);
    expect((await members(unitC))[0]).toEqual({
      groupName: '甲单位意识形态工作领导小组',
      name: '王书记',
      duty: 'leader',
      sort: 0,
    });
    const audits = await world.database.query<{ action: string; unit_id: number | null }>(
      "select action, unit_id from audit_log where action like '%.import' or (action = 'leading-group.create' and unit_id = $1) order by id",
      [unitC],
    );
    expect(audits).toEqual([
      { action: 'responsibility-assignment.import', unit_id: null },
      { action: 'leading-group.create', unit_id: unitC },
      { action: 'leading-group-member.import', unit_id: null },
    ]);
  });

  it('refuses an assignment file with three bad rows whole, naming rows and fields', async () => {
    const row = (over: Record<string, string | number>) => ({
      unit: '甲单位',
      year: 2026,
      kind: '直接责任',
      person: '李副局长',
      holder: '',
      fields: '',
      ...over,
    });
    const file = await toWorkbook('责任分工', assignmentColumns, [
      row({}),
      row({ kind: '间接责任' }),
      row({ person: '查无此人' }),
      row({ year: '二〇二六' }),
    ]);
    const before = await counts();
    const error = await importAssignments(sys, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.rows!.map((r) => [r.row, r.field])).toEqual([
      [3, '责任类型'],
      [4, '责任人'],
      [5, '年度'],
    ]);
    expect((error as AppError).message).toBe('导入文件有 3 处错误，未写入任何数据');
    expect(await counts()).toEqual(before);
  });

  it('refuses a member file with three bad rows over HTTP; nothing is written', async () => {
    const row = (over: Record<string, string | number>) => ({
      unit: '甲单位',
      group: '',
      person: '赵处长',
      duty: '成员',
      sort: 5,
      ...over,
    });
    const file = await toWorkbook('领导小组成员', memberColumns, [
      row({ unit: '外单位乙' }),
      row({ duty: '秘书长' }),
      row({ person: '王书记', sort: '第一' }),
    ]);
    const before = await counts();
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const response = await liaison.request({
      method: 'POST',
      url: '/api/v1/leading-group-members/import',
      ...upload('成员.xlsx', file),
    });
    expect(response.statusCode).toBe(400);
    expect(
      response.json().error.rows.map((r: { row: number; field: string }) => [r.row, r.field]),
    ).toEqual([
      [2, '单位'],
      [3, '职务'],
      // Both people are already members: reported in the same refusal as the field errors.
      [3, '姓名'],
      [4, '排序'],
      [4, '姓名'],
    ]);
    expect(await counts()).toEqual(before);

    // A person already in the group is refused, not added twice.
    const again = await importMembers(
      sys,
      await toWorkbook('领导小组成员', memberColumns, [row({})]),
    ).catch((e: unknown) => e);
    expect((again as AppError).details.rows).toEqual([
      {
        row: 2,
        field: '姓名',
        message: '与系统中已有的记录重复（单位和姓名相同），该文件可能已导入过',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('serves templates with drop-downs and exports to the leader', async () => {
    const leader = await agentFor(world.app, world.users.unit_leader.username);
    for (const [url, cell, option] of [
      ['/api/v1/responsibility-assignments/template', 'C2', '一岗双责'],
      ['/api/v1/leading-group-members/template', 'D2', '副组长'],
    ] as const) {
      const template = await leader.get(url);
      expect(template.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets[0]!.getCell(cell).dataValidation.formulae?.[0]).toContain(option);
    }
    const exported = await leader.get('/api/v1/responsibility-assignments/export?year=2025');
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.actualRowCount).toBe(4); // header + unit A's three 2025 rows
    expect((await leader.get('/api/v1/leading-group-members/export')).statusCode).toBe(200);
  });
});
