import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countableRows } from '../compliance/countables.js';
import { createPerson, createUnit } from '../org/service.js';
import { Scope } from '../platform/access.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { toWorkbook } from '../platform/excel.js';
import { agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { exportSessions, importSessions, sessionColumns } from './excel.js';
import { createSession, listSessions } from './service.js';

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
  for (const name of ['周书记', '吴委员', '郑党员']) {
    person[name] = (await createPerson(sys, { name, unitId: world.unitA })).id;
  }
  unitC = (await createUnit(sys, { name: '丙单位', parentId: world.committee, kind: 'unit' })).id;
  await createUnit(sys, { name: '丙单位机关党支部', parentId: unitC, kind: 'branch' });
  for (const name of ['周书记', '吴委员', '郑党员'])
    await createPerson(sys, { name, unitId: unitC });
});
afterAll(() => world.close());

describe('study sessions', () => {
  it('records a party lecture in the branch with attendance and a lecturer from the unit', async () => {
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const response = await liaison.post('/api/v1/study-sessions', {
      unitId: world.branchA,
      kind: 'party-lecture',
      heldAt: '2025-06-30T23:30:00+08:00',
      title: '主要领导讲党课',
      lecturerId: person.周书记,
      attendance: [
        { personId: person.周书记, status: 'present' },
        { personId: person.吴委员, status: 'excused' },
        { personId: person.郑党员, status: 'absent' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ lecturerName: '周书记', present: 1, firstTopic: null });
    expect(body.attendance).toHaveLength(3);
    const [row] = await countableRows<{ type: string; unit_id: number; occurred_at: Date }>(
      world.database.db,
      sql`c.type, c.unit_id, c.occurred_at`,
      sql`c.ledger = ${'study-sessions'} and c.record_id = ${body.id}`,
    );
    expect(row).toMatchObject({ type: 'branch:party-lecture', unit_id: world.branchA });
    expect(new Date(row!.occurred_at).toISOString()).toBe('2025-06-30T15:30:00.000Z');
  });

  it('puts branch kinds in branches and the first topic on party-group meetings only', async () => {
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const wrongUnit = await liaison.post('/api/v1/study-sessions', {
      unitId: world.unitA,
      kind: 'member-meeting',
      heldAt: '2025-03-01T09:00:00+08:00',
      title: '党员大会',
    });
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json().error.message).toContain('党支部');
    const partyGroup = await liaison.post('/api/v1/study-sessions', {
      unitId: world.unitA,
      kind: 'party-group',
      heldAt: '2025-03-02T09:00:00+08:00',
      title: '党组会议',
      firstTopic: true,
    });
    expect(partyGroup.json().firstTopic).toBe(true);
    const without = await liaison.post('/api/v1/study-sessions', {
      unitId: world.unitA,
      kind: 'party-group',
      heldAt: '2025-04-02T09:00:00+08:00',
      title: '党组会议（未学第一议题）',
    });
    const view = await countableRows<{ first_topic: boolean }>(
      world.database.db,
      sql`c.first_topic`,
      sql`c.type = 'study:party-group' order by c.occurred_at`,
    );
    expect(view.map((v) => v.first_topic)).toEqual([true, false]);
    expect(without.json().firstTopic).toBe(false);
    const outsider = await createPerson(sys, { name: '乙单位人员', unitId: world.unitB });
    const foreignAttendee = await liaison.post('/api/v1/study-sessions', {
      unitId: world.unitA,
      kind: 'central-group',
      heldAt: '2025-04-03T09:00:00+08:00',
      title: '中心组学习',
      attendance: [{ personId: outsider.id, status: 'present' }],
    });
    expect(foreignAttendee.statusCode).toBe(400);
  });

  it('hides unit B sessions from unit A’s liaison (404)', async () => {
    const foreign = await createSession(sys, {
      unitId: world.unitB,
      kind: 'central-group',
      heldAt: new Date('2025-05-01T01:00:00Z'),
      title: '乙单位中心组学习',
    });
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    expect((await liaison.get(`/api/v1/study-sessions/${foreign.id}`)).statusCode).toBe(404);
    expect(
      (await liaison.patch(`/api/v1/study-sessions/${foreign.id}`, { title: '改' })).statusCode,
    ).toBe(404);
  });
});

describe('Excel', () => {
  it('round trip into an empty unit reproduces sessions with attendance field by field', async () => {
    const rename = async (file: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      workbook.worksheets[0]!.eachRow((row, n) => {
        const cell = row.getCell(1);
        if (n > 1) cell.value = String(cell.value).replace('甲单位', '丙单位');
      });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const strip = (rows: Awaited<ReturnType<typeof listSessions>>['items']) =>
      rows.map(({ id: _i, unitId: _u, unitName, lecturerId, attendance, ...rest }) => ({
        ...rest,
        unitName: unitName.replace('甲单位', '丙单位'),
        lecturer: lecturerId === null ? null : 'linked',
        attendance: attendance.map((a) => [a.name, a.status]).sort(),
      }));
    const before = strip((await listSessions(sys, { unitId: world.unitA })).items);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect((await listSessions(sys, { unitId: unitC })).total).toBe(0);
    await importSessions(sys, await rename(await exportSessions(scopeA)));
    expect(strip((await listSessions(sys, { unitId: unitC })).items)).toEqual(before);
  });

  it('refuses three bad rows whole and writes nothing', async () => {
    const blank = {
      topics: '',
      lecturer: '',
      present: '',
      absent: '',
      excused: '',
      attachmentIds: '',
    };
    const file = await toWorkbook('学习活动', sessionColumns, [
      {
        unit: '甲单位',
        kind: '党组会议',
        heldAt: '2025-10-10 09:00',
        title: '缺第一议题',
        firstTopic: '',
        ...blank,
      },
      {
        unit: '甲单位',
        kind: '理论学习中心组学习',
        heldAt: '2025-10-11 09:00',
        title: '好行',
        firstTopic: '',
        ...blank,
      },
      {
        unit: '甲单位',
        kind: '支委会',
        heldAt: '2025-10-12 09:00',
        title: '支委会记在单位',
        firstTopic: '',
        ...blank,
      },
      {
        unit: '甲单位',
        kind: '理论学习中心组学习',
        heldAt: '2025-10-13 09:00',
        title: '查无此人',
        firstTopic: '',
        ...blank,
        present: '周书记、无名氏',
      },
    ]);
    const [before] = await world.database.query<{ n: number }>(
      'select count(*)::int n from study_sessions',
    );
    const error = (await importSessions(sys, file).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.details.rows!.map((r) => [r.row, r.field])).toEqual([
      [2, '第一议题'],
      [4, '单位或支部'],
      [5, '出席人员（、分隔）'],
    ]);
    const [after] = await world.database.query<{ n: number }>(
      'select count(*)::int n from study_sessions',
    );
    expect(after!.n).toBe(before!.n);
  });
});
