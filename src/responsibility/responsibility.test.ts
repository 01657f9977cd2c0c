import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countableRecords } from '../compliance/countables.js';
import { createPerson, createUnit } from '../org/service.js';
import { Scope } from '../platform/access.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { toWorkbook } from '../platform/excel.js';
import { saveAttachment } from '../platform/files.js';
import { agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import {
  exportLetters,
  exportMeetings,
  exportReports,
  importLetters,
  importMeetings,
  importReports,
  letterColumns,
  meetingColumns,
} from './excel.js';
import { samplePdf } from './fixtures.js';
import {
  createLetter,
  createMeeting,
  createReport,
  deleteLetter,
  leadingGroupMemberCounts,
  listLetters,
  listMeetings,
  listReports,
  saveLeadingGroup,
} from './service.js';

let world: TestWorld;
let sys: ServiceContext;
let scopeA: ServiceContext;
const person: Record<string, number> = {};
let unitC: number;
let attachmentA: number;

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
  const c = await createUnit(sys, { name: '丙单位', parentId: world.committee, kind: 'unit' });
  unitC = c.id;
  for (const name of ['王书记', '李副局长', '赵处长'])
    await createPerson(sys, { name, unitId: unitC, title: '班子成员' });
  attachmentA = (
    await saveAttachment(sys, { unitId: world.unitA, filename: '纪要.pdf', buffer: samplePdf('A') })
  ).id;
});
afterAll(() => world.close());

const counts = async () =>
  (
    await world.database.query<{ l: number; m: number; r: number }>(
      'select (select count(*) from responsibility_letters)::int l, (select count(*) from agenda_meetings)::int m, (select count(*) from yearly_reports)::int r',
    )
  )[0]!;

describe('leading group and letters', () => {
  it('counts members per unit and issues, signs and audits letters', async () => {
    await saveLeadingGroup(sys, {
      unitId: world.unitA,
      name: '意识形态工作领导小组',
      members: [
        { personId: person.王书记!, duty: 'leader' },
        { personId: person.李副局长!, duty: 'deputy' },
        { personId: person.赵处长!, duty: 'member' },
      ],
    });
    const memberCounts = await leadingGroupMemberCounts(world.database.db, [
      world.unitA,
      world.unitB,
    ]);
    expect(memberCounts.get(world.unitA)).toBe(3);
    expect(memberCounts.has(world.unitB)).toBe(false);

    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const issued = await liaison.post('/api/v1/responsibility-letters/issue', {
      unitId: world.unitA,
      year: 2025,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().issued).toBe(3);
    const letterId = issued.json().items[0].id;

    const leader = await agentFor(world.app, world.users.unit_leader.username);
    expect(
      (
        await leader.post('/api/v1/responsibility-letters', {
          unitId: world.unitA,
          year: 2025,
          personId: person.王书记,
        })
      ).statusCode,
    ).toBe(403);
    const signed = await leader.post(`/api/v1/responsibility-letters/${letterId}/sign`, {
      signedOn: '2025-02-18',
      attachmentIds: [attachmentA],
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed',
      signedOn: '2025-02-18',
      attachmentIds: [attachmentA],
    });

    const { rows: view } = (await world.database.db.execute(
      sql`select type, period_key, occurred_at, ledger from ${await countableRecords()} r
        where type = 'letter:signed' and unit_id = ${world.unitA}`,
    )) as unknown as {
      rows: { type: string; period_key: string; occurred_at: Date; ledger: string }[];
    };
    expect(view).toHaveLength(1);
    expect(view[0]).toMatchObject({ period_key: '2025', ledger: 'responsibility-letters' });
    expect(new Date(view[0]!.occurred_at).toISOString()).toBe('2025-02-17T16:00:00.000Z');

    const audits = await world.database.query<{ action: string }>(
      "select action from audit_log where entity = 'responsibility-letter' and entity_id = $1 order by id",
      [String(letterId)],
    );
    expect(audits.map((a) => a.action)).toEqual([
      'responsibility-letter.create',
      'responsibility-letter.sign',
    ]);
  });

  it('answers letters with the allowed actions, refuses a second signing, keeps the timeline', async () => {
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const leader = await agentFor(world.app, world.users.unit_leader.username);
    const query = `/api/v1/responsibility-letters?unitId=${world.unitA}&year=2025`;
    type Row = { id: number; status: string; allowed: string[] };
    const byStatus = async (agent: typeof leader) => {
      const items = (await agent.get(query)).json().items as Row[];
      return Object.fromEntries(items.map((l) => [l.status, l.allowed]));
    };
    expect(await byStatus(leader)).toEqual({ pending: ['sign'], signed: [] });
    expect(await byStatus(liaison)).toEqual({
      pending: ['edit', 'delete', 'sign'],
      signed: ['edit', 'delete', 'reopen'],
    });
    const signed = ((await leader.get(query)).json().items as Row[]).find(
      (l) => l.status === 'signed',
    )!;
    const again = await leader.post(`/api/v1/responsibility-letters/${signed.id}/sign`, {
      signedOn: '2025-03-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('当前状态为「已签订」，不能签订');
    const one = await leader.get(`/api/v1/responsibility-letters/${signed.id}`);
    expect(one.json()).toMatchObject({ signedOn: '2025-02-18', allowed: [] });

    // The editor (liaison) reopens it by editing the status: the workflow's reopen step.
    const reopened = await liaison.patch(`/api/v1/responsibility-letters/${signed.id}`, {
      status: 'pending',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'pending', signedOn: null });
    const resigned = await liaison.post(`/api/v1/responsibility-letters/${signed.id}/sign`, {
      signedOn: '2025-02-18',
    });
    expect(resigned.json()).toMatchObject({
      status: 'signed',
      allowed: ['edit', 'delete', 'reopen'],
    });

    const history = await leader.get(`/api/v1/timeline/responsibility-letter/${signed.id}`);
    expect(history.statusCode, history.body).toBe(200);
    expect(
      history
        .json()
        .items.map((r: { action: string; from: string; to: string; actorId: number }) => [
          r.action,
          r.from,
          r.to,
          r.actorId,
        ]),
    ).toEqual([
      ['create', null, 'pending', world.users.unit_liaison.id],
      ['sign', 'pending', 'signed', world.users.unit_leader.id],
      ['reopen', 'signed', 'pending', world.users.unit_liaison.id],
      ['sign', 'pending', 'signed', world.users.unit_liaison.id],
    ]);
    expect(history.json().items[1].data).toEqual({
      signedOn: '2025-02-18',
      attachmentIds: [attachmentA],
    });
    const audits = await world.database.query<{ action: string }>(
      "select action from audit_log where entity = 'responsibility-letter' and entity_id = $1 order by id",
      [String(signed.id)],
    );
    expect(audits.map((a) => a.action).slice(-2)).toEqual([
      'responsibility-letter.reopen',
      'responsibility-letter.sign',
    ]);

    // The timeline obeys the letter's scope and roles.
    const outsider = await createPerson(sys, { name: '乙单位班子成员', unitId: world.unitB });
    const foreign = await createLetter(sys, {
      unitId: world.unitB,
      year: 2025,
      personId: outsider.id,
    });
    expect(
      (await liaison.get(`/api/v1/timeline/responsibility-letter/${foreign.id}`)).statusCode,
    ).toBe(404);
    const editor = await agentFor(world.app, world.users.editor.username);
    expect(
      (await editor.get(`/api/v1/timeline/responsibility-letter/${signed.id}`)).statusCode,
    ).toBe(403);
    await world.asSystem(async (ctx) => deleteLetter(ctx, foreign.id));
  });

  it('refuses a signed letter without a date, and a duplicate letter', async () => {
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const noDate = await liaison.post('/api/v1/responsibility-letters', {
      unitId: world.unitA,
      year: 2026,
      personId: person.王书记,
      status: 'signed',
    });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().error.message).toContain('签订日期');
    const duplicate = await liaison.post('/api/v1/responsibility-letters', {
      unitId: world.unitA,
      year: 2025,
      personId: person.王书记,
    });
    expect(duplicate.statusCode).toBe(409);
  });
});

describe('scope', () => {
  it('a liaison of unit A cannot read, change or create unit B records (404)', async () => {
    const foreign = await createMeeting(sys, {
      unitId: world.unitB,
      kind: 'analysis',
      heldAt: new Date('2025-05-06T01:00:00Z'),
      title: '乙单位分析研判会',
    });
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    expect((await liaison.get(`/api/v1/agenda-meetings/${foreign.id}`)).statusCode).toBe(404);
    expect(
      (await liaison.patch(`/api/v1/agenda-meetings/${foreign.id}`, { title: '改' })).statusCode,
    ).toBe(404);
    expect((await liaison.delete(`/api/v1/agenda-meetings/${foreign.id}`)).statusCode).toBe(404);
    const create = await liaison.post('/api/v1/agenda-meetings', {
      unitId: world.unitB,
      kind: 'analysis',
      heldAt: '2025-05-06T09:00:00+08:00',
      title: '越权',
    });
    expect(create.statusCode).toBe(404);
    const list = await liaison.get('/api/v1/agenda-meetings');
    expect(list.json().items.every((m: { unitId: number }) => m.unitId !== world.unitB)).toBe(true);
    // Each record says what the caller may do with it: the liaison keeps, the leader reads.
    expect(list.json().items.map((m: { allowed: string[] }) => m.allowed)).toEqual(
      list.json().items.map(() => ['edit', 'delete']),
    );
    const own = await createMeeting(sys, {
      unitId: world.unitA,
      kind: 'analysis',
      heldAt: new Date('2025-05-07T01:00:00Z'),
      title: '甲单位分析研判会',
    });
    const leader = await agentFor(world.app, world.users.unit_leader.username);
    const read = (await leader.get('/api/v1/agenda-meetings')).json().items;
    expect(read.length).toBeGreaterThan(0);
    expect(read.every((m: { allowed: string[] }) => m.allowed.length === 0)).toBe(true);
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    const all = await admin.get(`/api/v1/agenda-meetings/${foreign.id}`);
    expect(all.json().allowed).toEqual(['edit', 'delete']);
    expect((await liaison.delete(`/api/v1/agenda-meetings/${own.id}`)).statusCode).toBe(204);
    const editor = await agentFor(world.app, world.users.editor.username);
    expect((await editor.get('/api/v1/agenda-meetings')).statusCode).toBe(403);
  });

  it('validates strictly, in Chinese', async () => {
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const bad = await liaison.post('/api/v1/agenda-meetings', {
      unitId: world.unitA,
      kind: 'special-study',
      heldAt: '2025-05-06 09:00',
      title: 'x'.repeat(201),
      extra: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/字段|不允许/);
  });
});

describe('Excel ledgers', () => {
  it('export → import into an empty unit reproduces every record field by field', async () => {
    await createMeeting(sys, {
      unitId: world.unitA,
      kind: 'special-study',
      heldAt: new Date('2025-06-30T15:30:00Z'), // 23:30 Beijing, 30 June
      title: '党组专题研究意识形态工作',
      participants: ['王书记', '李副局长'],
      topics: '传达学习上级精神；部署下半年工作',
      minutes: '会议认为……\n第二段',
      attachmentIds: [attachmentA],
    });
    await createMeeting(sys, {
      unitId: world.unitA,
      kind: 'analysis',
      heldAt: new Date('2025-09-01T01:05:07Z'),
      title: '三季度分析研判会',
    });
    await createReport(sys, {
      unitId: world.unitA,
      year: 2025,
      title: '2025年度落实意识形态工作责任制情况的报告',
      submittedOn: '2026-01-15',
      attachmentIds: [attachmentA],
    });
    await createLetter(sys, {
      unitId: world.unitA,
      year: 2024,
      personId: person.赵处长!,
      note: '补签',
    });

    const rename = async (file: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      workbook.worksheets[0]!.eachRow((row, n) => {
        if (n > 1 && row.getCell(1).value === '甲单位') row.getCell(1).value = '丙单位';
      });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const strip = <T extends Record<string, unknown>>(rows: T[]) =>
      rows.map(({ id: _id, unitId: _u, unitName: _n, personId: _p, ...rest }) => rest);

    const before = {
      letters: strip((await listLetters(sys, { unitId: world.unitA })).items),
      meetings: strip((await listMeetings(sys, { unitId: world.unitA })).items),
      reports: strip((await listReports(sys, { unitId: world.unitA })).items),
    };
    expect(before.letters.length).toBe(4);
    expect((await listLetters(sys, { unitId: unitC })).total).toBe(0);
    await importLetters(sys, await rename(await exportLetters(scopeA)));
    await importMeetings(sys, await rename(await exportMeetings(scopeA)));
    await importReports(sys, await rename(await exportReports(scopeA)));
    expect(strip((await listLetters(sys, { unitId: unitC })).items)).toEqual(before.letters);
    expect(strip((await listMeetings(sys, { unitId: unitC })).items)).toEqual(before.meetings);
    expect(strip((await listReports(sys, { unitId: unitC })).items)).toEqual(before.reports);
  });

  it('refuses a file with three bad rows whole, naming each row and field; nothing is written', async () => {
    const file = await toWorkbook('议事会议', meetingColumns, [
      {
        unit: '甲单位',
        kind: '意识形态工作分析研判会',
        heldAt: '2025-10-10 09:00',
        title: '好的一行',
        participants: '',
        topics: '',
        minutes: '',
        attachmentIds: '',
      },
      {
        unit: '甲单位',
        kind: '随便开开',
        heldAt: '2025-10-11 09:00',
        title: '类型错',
        participants: '',
        topics: '',
        minutes: '',
        attachmentIds: '',
      },
      {
        unit: '不存在的单位',
        kind: '意识形态工作分析研判会',
        heldAt: '2025-10-12 09:00',
        title: '单位错',
        participants: '',
        topics: '',
        minutes: '',
        attachmentIds: '',
      },
      {
        unit: '甲单位',
        kind: '专题研究意识形态工作',
        heldAt: '十月',
        title: '时间错',
        participants: '',
        topics: '',
        minutes: '',
        attachmentIds: '',
      },
    ]);
    const before = await counts();
    const error = await importMeetings(sys, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const rows = (error as AppError).details.rows!;
    expect(rows.map((r) => [r.row, r.field])).toEqual([
      [3, '会议类型'],
      [4, '单位'],
      [5, '时间'],
    ]);
    expect((error as AppError).message).toBe('导入文件有 3 处错误，未写入任何数据');
    expect(await counts()).toEqual(before);

    // Over HTTP the refusal is a 400 with the row list, and the unit of another scope is unknown.
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const letters = await toWorkbook('责任书', letterColumns, [
      {
        unit: '外单位乙',
        year: 2025,
        person: '王书记',
        status: '待签订',
        signedOn: '',
        attachmentIds: '',
        note: '',
      },
      {
        unit: '甲单位',
        year: 2025,
        person: '查无此人',
        status: '待签订',
        signedOn: '',
        attachmentIds: '',
        note: '',
      },
      {
        unit: '甲单位',
        year: 2026,
        person: '李副局长',
        status: '已签订',
        signedOn: '',
        attachmentIds: '',
        note: '',
      },
    ]);
    const boundary = '----shoututest';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="责任书.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      letters,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await liaison.request({
      method: 'POST',
      url: '/api/v1/responsibility-letters/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode).toBe(400);
    expect(
      response.json().error.rows.map((r: { row: number; field: string }) => [r.row, r.field]),
    ).toEqual([
      [2, '单位'],
      [3, '责任人'],
      [4, '签订日期'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('serves a template with drop-downs and an export to the leader', async () => {
    const leader = await agentFor(world.app, world.users.unit_leader.username);
    const template = await leader.get('/api/v1/agenda-meetings/template');
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const validation = workbook.worksheets[0]!.getCell('B2').dataValidation;
    expect(validation.formulae?.[0]).toContain('专题研究意识形态工作');
    const exported = await leader.get('/api/v1/responsibility-letters/export?year=2025');
    expect(exported.statusCode).toBe(200);
  });
});
