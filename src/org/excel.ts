import type { ServiceContext } from '../platform/context.js';
import type { RowError } from '../platform/errors.js';
import {
  type ExcelColumn,
  readSheet,
  refuseIfErrors,
  toWorkbook,
  validateRows,
} from '../platform/excel.js';
import { type RoleName, roleLabels, roleNames, unitKindLabels } from '../platform/tables.js';
import { z } from '../platform/validation.js';
import { createPerson, createUnit, listPeople, listUnits } from './service.js';

const kindOptions = ['单位', '党支部', '处室'] as const;
const kindByLabel: Record<string, 'unit' | 'branch' | 'department'> = {
  单位: 'unit',
  党支部: 'branch',
  处室: 'department',
};

export const unitColumns: ExcelColumn[] = [
  { key: 'name', header: '名称', width: 30 },
  { key: 'shortName', header: '简称' },
  { key: 'parent', header: '上级单位', width: 30 },
  { key: 'kind', header: '类型', options: kindOptions },
  { key: 'code', header: '编码' },
  { key: 'sort', header: '排序', width: 8 },
];

const unitRow = z.object({
  name: z.string().min(1, '不能为空').max(100, '不能超过 100 个字符'),
  shortName: z.string().max(50, '不能超过 50 个字符'),
  parent: z.string().min(1, '不能为空'),
  kind: z.enum(kindOptions, { message: `应为：${kindOptions.join('、')}` }),
  code: z.string().max(50, '不能超过 50 个字符'),
  sort: z
    .string()
    .regex(/^\d{0,6}$/, '应为不超过 6 位的整数')
    .transform((s) => (s ? Number(s) : 0)),
});

export const unitTemplate = () => toWorkbook('单位', unitColumns, []);

export async function exportUnits(ctx: ServiceContext) {
  const { items } = await listUnits(ctx, {});
  const nameById = new Map(items.map((u) => [u.id, u.name]));
  return toWorkbook(
    '单位',
    unitColumns,
    items.map((u) => ({
      name: u.name,
      shortName: u.shortName,
      parent: u.parentId ? (nameById.get(u.parentId) ?? '') : '',
      kind: unitKindLabels[u.kind],
      code: u.code,
      sort: u.sort,
    })),
  );
}

/** All or nothing: every row is checked (fields, then parents) before anything is written. */
export async function importUnits(ctx: ServiceContext, file: Buffer) {
  const sheet = await readSheet(file, unitColumns);
  const { parsed, errors } = validateRows(sheet, unitRow, unitColumns);
  const { items: visible } = await listUnits(ctx, {});
  const known = new Set(visible.map((u) => u.name));
  const inFile = new Set<string>();
  for (const { row, value } of parsed) {
    if (!known.has(value.parent) && !inFile.has(value.parent)) {
      errors.push({
        row,
        field: '上级单位',
        message: `找不到上级单位「${value.parent}」（须已存在或在前面的行中）`,
      });
    }
    if (known.has(value.name) || inFile.has(value.name)) {
      errors.push({ row, field: '名称', message: `单位「${value.name}」已存在` });
    }
    inFile.add(value.name);
  }
  if (sheet.length === 0) errors.push({ row: 2, field: '名称', message: '文件中没有数据行' });
  refuseIfErrors(errors);
  const idByName = new Map(visible.map((u) => [u.name, u.id]));
  for (const { value } of parsed) {
    const created = await createUnit(ctx, {
      name: value.name,
      shortName: value.shortName || undefined,
      parentId: idByName.get(value.parent)!,
      kind: kindByLabel[value.kind]!,
      code: value.code || undefined,
      sort: value.sort,
    });
    idByName.set(created.name, created.id);
  }
  await ctx.audit({ action: 'unit.import', entity: 'unit', after: { rows: parsed.length } });
  return { imported: parsed.length };
}

const roleByLabel = new Map(roleNames.map((r) => [roleLabels[r], r]));

export const personColumns: ExcelColumn[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'unit', header: '所属单位', width: 30 },
  { key: 'title', header: '职务', width: 20 },
  { key: 'phone', header: '联系电话', width: 16 },
  { key: 'username', header: '账号', width: 16 },
  { key: 'leadingGroup', header: '领导小组成员', options: ['是', '否'] },
  { key: 'roles', header: '角色（多个用、分隔）', width: 28 },
];

const personRow = z.object({
  name: z.string().min(1, '不能为空').max(50, '不能超过 50 个字符'),
  unit: z.string().min(1, '不能为空'),
  title: z.string().max(100, '不能超过 100 个字符'),
  phone: z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})?$/, '应为手机号或带区号的固定电话'),
  username: z
    .string()
    .regex(/^([a-z0-9][a-z0-9._-]{2,31})?$/, '账号为 3–32 位小写字母、数字、点、下划线或连字符'),
  leadingGroup: z.enum(['是', '否', ''], { message: '应为“是”或“否”' }),
  roles: z
    .string()
    .transform((s) => s.split(/[、,，;；\s]+/).filter(Boolean))
    .refine((list) => list.every((r) => roleByLabel.has(r)), {
      message: `角色应为：${[...roleByLabel.keys()].join('、')}`,
    }),
});

export const peopleTemplate = () => toWorkbook('人员', personColumns, []);

export async function exportPeople(ctx: ServiceContext) {
  const { items } = await listPeople(ctx, {});
  return toWorkbook(
    '人员',
    personColumns,
    items.map((p) => ({
      name: p.name,
      unit: p.unitName,
      title: p.title,
      phone: p.phone,
      username: p.username ?? '',
      leadingGroup: p.leadingGroup ? '是' : '否',
      roles: p.roles
        .filter((r) => r.unitId === p.unitId)
        .map((r) => roleLabels[r.role])
        .join('、'),
    })),
  );
}

export async function importPeople(ctx: ServiceContext, file: Buffer) {
  const sheet = await readSheet(file, personColumns);
  const { parsed, errors } = validateRows(sheet, personRow, personColumns);
  const { items: visible } = await listUnits(ctx, {});
  const unitByName = new Map(
    visible.flatMap((u) => [
      [u.name, u.id],
      ...(u.shortName ? [[u.shortName, u.id] as const] : []),
    ]),
  );
  const usernames = new Set<string>();
  for (const { row, value } of parsed) {
    if (!unitByName.has(value.unit))
      errors.push({ row, field: '所属单位', message: `找不到单位「${value.unit}」` });
    if (value.roles.length && !value.username)
      errors.push({ row, field: '账号', message: '分配角色需要账号' });
    if (value.username) {
      if (usernames.has(value.username))
        errors.push({ row, field: '账号', message: `账号「${value.username}」在文件中重复` });
      usernames.add(value.username);
    }
  }
  if (sheet.length === 0) errors.push({ row: 2, field: '姓名', message: '文件中没有数据行' });
  refuseIfErrors(errors);
  const created: { name: string; username: string; initialPassword: string }[] = [];
  for (const { row, value } of parsed) {
    const unitId = unitByName.get(value.unit)!;
    try {
      const person = await createPerson(ctx, {
        name: value.name,
        unitId,
        title: value.title || undefined,
        phone: value.phone || undefined,
        username: value.username || undefined,
        leadingGroup: value.leadingGroup === '是',
        roles: value.roles.map((label) => ({ role: roleByLabel.get(label) as RoleName, unitId })),
      });
      if ('initialPassword' in person) {
        created.push({
          name: person.name,
          username: value.username,
          initialPassword: person.initialPassword,
        });
      }
    } catch (error) {
      // A conflict found while writing still refuses the whole file (the transaction rolls back).
      const message = error instanceof Error ? error.message : String(error);
      const rowError: RowError = { row, field: '账号', message };
      refuseIfErrors([rowError]);
    }
  }
  await ctx.audit({ action: 'person.import', entity: 'person', after: { rows: parsed.length } });
  return { imported: parsed.length, accounts: created };
}
