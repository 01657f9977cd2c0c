import { attachmentIdList } from '../platform/files.js';
import { id, pageQuery, requiredText, text, z } from '../platform/validation.js';
import { activityTypes } from './tables.js';

export const year = z.coerce
  .number()
  .int('应为整数年份')
  .min(2000, '年份不能早于 2000')
  .max(2100, '年份不能晚于 2100');
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期，如 2025-06-30')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)), '日期无效');
const count = (max: number) =>
  z.number().int('应为整数').min(0, '不能为负数').max(max, `不能超过 ${max}`);

export const activityInput = z.strictObject({
  unitId: id,
  type: z.enum(activityTypes),
  title: requiredText(200),
  heldOn: isoDate,
  sessions: count(100_000).min(1, '场次至少为 1').optional(),
  participants: count(10_000_000).optional(),
  beneficiaries: count(100_000_000).optional(),
  brandProject: text(100).optional(),
  note: text(2000).optional(),
  attachmentIds: attachmentIdList.optional(),
});
export type ActivityInput = z.output<typeof activityInput>;
export const activityPatch = activityInput.omit({ unitId: true }).partial();
export type ActivityPatch = z.output<typeof activityPatch>;

export const activityListQuery = z.strictObject({
  unitId: id.optional(),
  year: year.optional(),
  type: z.enum(activityTypes).optional(),
  brandProject: text(100).optional(),
  ...pageQuery,
});

export const totalsGroupings = ['unit', 'type', 'month', 'brand'] as const;
export const totalsQuery = z.strictObject({
  year: year.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  unitId: id.optional(),
  type: z.enum(activityTypes).optional(),
  groupBy: z.enum(totalsGroupings).optional(),
});
export type TotalsQuery = z.output<typeof totalsQuery>;
