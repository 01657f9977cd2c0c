import { attachmentIdList } from '../platform/files.js';
import {
  id,
  isoDate,
  ledgerListFilters,
  pageQuery,
  patchOf,
  requiredText,
  text,
  year,
  z,
} from '../platform/validation.js';
import { activityTypes } from './tables.js';

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
export const activityPatch = patchOf(activityInput.omit({ unitId: true }));
export type ActivityPatch = z.output<typeof activityPatch>;

export const activityListQuery = z.strictObject({
  ...ledgerListFilters,
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
