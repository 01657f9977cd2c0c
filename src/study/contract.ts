import { attachmentIdList } from '../platform/files.js';
import { id, pageQuery, requiredText, text, z } from '../platform/validation.js';
import { attendanceStatuses, sessionKinds } from './tables.js';

export const year = z.coerce
  .number()
  .int('应为整数年份')
  .min(2000, '年份不能早于 2000')
  .max(2100, '年份不能晚于 2100');
export const dateTime = z.iso
  .datetime({ offset: true, message: '应为带时区的时间，如 2025-06-30T15:00:00+08:00' })
  .transform((s) => new Date(s));

export const planInput = z.strictObject({
  unitId: id,
  year,
  title: requiredText(200),
  attachmentIds: attachmentIdList.optional(),
});
export type PlanInput = z.output<typeof planInput>;
export const planPatch = planInput.omit({ unitId: true }).partial();
export type PlanPatch = z.output<typeof planPatch>;
export const planListQuery = z.strictObject({
  unitId: id.optional(),
  year: year.optional(),
  ...pageQuery,
});

export const attendanceEntry = z.strictObject({
  personId: id,
  status: z.enum(attendanceStatuses),
});

export const sessionInput = z.strictObject({
  unitId: id,
  kind: z.enum(sessionKinds),
  heldAt: dateTime,
  title: requiredText(200),
  topics: text(5000).optional(),
  /** Party-group meetings only. */
  firstTopic: z.boolean().optional(),
  lecturerId: id.nullable().optional(),
  lecturerName: text(100).optional(),
  attendance: z.array(attendanceEntry).max(1000, '出勤记录最多 1000 人').optional(),
  attachmentIds: attachmentIdList.optional(),
});
export type SessionInput = z.output<typeof sessionInput>;
export const sessionPatch = sessionInput.omit({ unitId: true }).partial();
export type SessionPatch = z.output<typeof sessionPatch>;
export const sessionListQuery = z.strictObject({
  unitId: id.optional(),
  year: year.optional(),
  kind: z.enum(sessionKinds).optional(),
  ...pageQuery,
});
