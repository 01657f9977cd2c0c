import { attachmentIdList } from '../platform/files.js';
import {
  dateTime,
  id,
  ledgerListFilters,
  pageQuery,
  patchOf,
  requiredText,
  text,
  year,
  z,
} from '../platform/validation.js';
import { attendanceStatuses, sessionKinds } from './tables.js';

export const planInput = z.strictObject({
  unitId: id,
  year,
  title: requiredText(200),
  attachmentIds: attachmentIdList.optional(),
});
export type PlanInput = z.output<typeof planInput>;
export const planPatch = patchOf(planInput.omit({ unitId: true }));
export type PlanPatch = z.output<typeof planPatch>;
export const planListQuery = z.strictObject({
  ...ledgerListFilters,
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
export const sessionPatch = patchOf(sessionInput.omit({ unitId: true }));
export type SessionPatch = z.output<typeof sessionPatch>;
export const sessionListQuery = z.strictObject({
  ...ledgerListFilters,
  kind: z.enum(sessionKinds).optional(),
  ...pageQuery,
});
