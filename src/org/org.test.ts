import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { importPeople, importUnits } from './excel.js';

let world: TestWorld;
let admin: Agent;
let liaison: Agent;

beforeAll(async () => {
  world = await createTestWorld();
  admin = await agentFor(world.app, world.users.committee_admin.username);
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
});
afterAll(() => world.close());

async function sheet(headers: string[], rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('导入');
  ws.addRow(headers);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const unitHeaders = ['名称', '简称', '上级单位', '类型', '编码', '排序'];
const count = async (table: string) =>
  (await world.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

describe('units', () => {
  it('a liaison creates and edits inside their unit, never outside', async () => {
    const created = await liaison.post('/api/v1/units', {
      name: '甲单位办公室',
      parentId: world.unitA,
      kind: 'department',
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().path).toMatch(new RegExp(`/${world.unitA}/\\d+/$`));
    expect(
      (
        await liaison.post('/api/v1/units', {
          name: '越权处室',
          parentId: world.unitB,
          kind: 'department',
        })
      ).statusCode,
    ).toBe(404);
    expect((await liaison.patch(`/api/v1/units/${world.unitB}`, { name: '改名' })).statusCode).toBe(
      404,
    );
    expect(
      (await liaison.patch(`/api/v1/units/${created.json().id}`, { parentId: world.unitB }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses a duplicate name under the same parent with a Chinese message', async () => {
    const response = await admin.post('/api/v1/units', {
      name: '甲单位办公室',
      parentId: world.unitA,
      kind: 'department',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('已有名为');
  });

  it('moves a subtree and keeps paths consistent, refusing cycles', async () => {
    const parent = (
      await admin.post('/api/v1/units', {
        name: '迁移父处室',
        parentId: world.unitA,
        kind: 'department',
      })
    ).json();
    const child = (
      await admin.post('/api/v1/units', {
        name: '迁移子处室',
        parentId: parent.id,
        kind: 'department',
      })
    ).json();
    expect(
      (await admin.patch(`/api/v1/units/${parent.id}`, { parentId: child.id })).statusCode,
    ).toBe(400);
    expect(
      (await admin.patch(`/api/v1/units/${parent.id}`, { parentId: world.unitB })).statusCode,
    ).toBe(200);
    const moved = (await admin.get(`/api/v1/units/${child.id}`)).json();
    expect(moved.path).toBe(`/${world.committee}/${world.unitB}/${parent.id}/${child.id}/`);
  });

  it('imports all rows or none, naming every bad row and field', async () => {
    const before = await count('units');
    const bad = await sheet(unitHeaders, [
      ['新处室一', '', '甲单位', '处室', '', 1],
      ['', '', '甲单位', '处室', '', 2],
      ['新处室三', '', '不存在的单位', '处室', '', 3],
      ['新处室四', '', '甲单位', '科室', '', 'x'],
    ]);
    const refused = await world.asSystem((ctx) => importUnits(ctx, bad)).catch((e) => e);
    expect(refused.code).toBe('IMPORT_INVALID');
    const rows = refused.details.rows.map(
      (r: { row: number; field: string }) => `${r.row}:${r.field}`,
    );
    expect(rows).toEqual(expect.arrayContaining(['3:名称', '4:上级单位', '5:类型', '5:排序']));
    expect(rows.some((r: string) => r.startsWith('2:'))).toBe(false);
    expect(await count('units')).toBe(before);
    const good = await sheet(unitHeaders, [
      ['新处室一', '一处', '甲单位', '处室', 'A1', 1],
      ['新处室一下属党支部', '', '新处室一', '党支部', '', 2],
    ]);
    expect((await world.asSystem((ctx) => importUnits(ctx, good))).imported).toBe(2);
    expect(await count('units')).toBe(before + 2);
  });

  it('imports over HTTP as a multipart upload and answers 400 with rows', async () => {
    const file = await sheet(unitHeaders, [['', '', '甲单位', '处室', '', 1]]);
    const boundary = '----shoutu';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="units.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await admin.request({
      method: 'POST',
      url: '/api/v1/units/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.rows[0]).toMatchObject({ row: 2, field: '名称' });
  });

  it('exports the caller’s units as a workbook', async () => {
    const response = await liaison.get('/api/v1/units/export');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    workbook.worksheets[0]!.eachRow((row, n) => n > 1 && names.push(String(row.getCell(1).value)));
    expect(names).toContain('甲单位');
    expect(names).not.toContain('外单位乙');
  });
});

describe('people', () => {
  it('creates an account with an initial password and roles only within reach', async () => {
    const created = await liaison.post('/api/v1/people', {
      name: '王小明',
      unitId: world.unitA,
      username: 'wang-xm',
      roles: [{ role: 'editor', unitId: world.unitA }],
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().initialPassword).toMatch(/.{12}/);
    expect(
      (
        await liaison.post('/api/v1/people', {
          name: '越权',
          unitId: world.unitA,
          username: 'yq-01',
          roles: [{ role: 'committee_admin', unitId: world.unitA }],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await liaison.post('/api/v1/people', { name: '越权', unitId: world.unitB })).statusCode,
    ).toBe(404);
    expect(
      (
        await liaison.post('/api/v1/people', {
          name: '重复账号',
          unitId: world.unitA,
          username: 'wang-xm',
        })
      ).statusCode,
    ).toBe(409);
  });

  it('imports people all or nothing', async () => {
    const headers = [
      '姓名',
      '所属单位',
      '职务',
      '联系电话',
      '账号',
      '领导小组成员',
      '角色（多个用、分隔）',
    ];
    const before = await count('people');
    const bad = await sheet(headers, [
      ['张三', '甲单位', '科员', '13800138000', 'zhang-s', '否', '编辑'],
      ['李四', '甲单位', '科员', '12345', '', '否', ''],
      ['王五', '甲单位', '科员', '', '', '也许', '不存在的角色'],
    ]);
    const refused = await world.asSystem((ctx) => importPeople(ctx, bad)).catch((e) => e);
    expect(
      refused.details.rows.map((r: { row: number; field: string }) => `${r.row}:${r.field}`),
    ).toEqual(expect.arrayContaining(['3:联系电话', '4:领导小组成员', '4:角色（多个用、分隔）']));
    expect(await count('people')).toBe(before);
    const good = await sheet(headers, [
      ['张三', '甲单位', '科员', '13800138000', 'zhang-s', '是', '编辑'],
    ]);
    const result = await world.asSystem((ctx) => importPeople(ctx, good));
    expect(result.imported).toBe(1);
    expect(result.accounts[0]!.username).toBe('zhang-s');
  });
});

describe('Excel template', () => {
  it('offers an empty units template with the kind drop-down', async () => {
    const response = await liaison.get('/api/v1/units/template');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('名称');
    expect(sheet.getCell('D2').dataValidation?.formulae?.[0]).toContain('党支部');
    expect(sheet.actualRowCount).toBe(1);
  });
});
