import { roleNames, unitKinds } from '../platform/tables.js';
import { id, pageQuery, patchOf, requiredText, text, z } from '../platform/validation.js';

export const unitInput = z.strictObject({
  name: requiredText(100),
  shortName: text(50).optional(),
  parentId: id,
  kind: z.enum(unitKinds.filter((k) => k !== 'committee') as ['unit', 'branch', 'department']),
  code: text(50).optional(),
  sort: z.number().int().min(0).max(1_000_000).optional(),
});
export type UnitInput = z.output<typeof unitInput>;

export const unitPatch = patchOf(unitInput);
export type UnitPatch = z.output<typeof unitPatch>;

export const unitListQuery = z.strictObject({
  q: text(100).optional(),
  parentId: id.optional(),
  ...pageQuery,
});

export const roleAssignment = z.strictObject({ role: z.enum(roleNames), unitId: id });

export const personInput = z.strictObject({
  name: requiredText(50),
  unitId: id,
  title: text(100).optional(),
  phone: z
    .string()
    .trim()
    .max(20)
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})?$/, '应为手机号或带区号的固定电话')
    .optional(),
  username: z
    .string()
    .trim()
    .max(32)
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '账号为 3–32 位小写字母、数字、点、下划线或连字符')
    .optional(),
  leadingGroup: z.boolean().optional(),
  roles: z.array(roleAssignment).max(20).optional(),
});
export type PersonInput = z.output<typeof personInput>;

export const personPatch = patchOf(personInput.extend({ active: z.boolean().optional() }));
export type PersonPatch = z.output<typeof personPatch>;

export const personListQuery = z.strictObject({
  q: text(100).optional(),
  unitId: id.optional(),
  ...pageQuery,
});
