import { requirementGroups } from '../cadence/index.js';
import { id, pageQuery, z } from '../platform/validation.js';

const isoDate = z.iso.date('应为 YYYY-MM-DD 格式的日期');

/**
 * The rule itself is validated by the cadence engine's requirementSchema in the service (with
 * its own Chinese messages); here only its outer shape and size are bounded.
 */
const requirementBody = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 10_000, '要求内容过长（最多 10000 个字符）');

export const requirementEdit = z.strictObject({
  /** Beijing date from which the new version judges periods (a period is judged by the version in force on its last day). */
  effectiveFrom: isoDate,
  requirement: requirementBody,
});
export type RequirementEdit = z.output<typeof requirementEdit>;

export const requirementCreate = z.strictObject({
  effectiveFrom: isoDate.optional(),
  requirement: requirementBody,
});
export type RequirementCreate = z.output<typeof requirementCreate>;

const year = z.coerce.number().int().min(2000).max(2100);

export const yearQuery = z.strictObject({ year: year.optional() });

export const cellQuery = z.strictObject({
  year: year.optional(),
  unitId: id,
  group: z.enum(requirementGroups),
});

export const overdueQuery = z.strictObject({ year: year.optional(), ...pageQuery });
