/**
 * Types of the cadence engine: requirements ("N records of a type per period") as plain data,
 * the inputs the engine reads and the per-unit, per-period results it produces.
 *
 * The engine is pure: it imports nothing of ours and does no I/O, so domains feed it rows they
 * loaded themselves and the admin UI can evaluate a draft rule before saving it.
 */

/** The dashboard dimensions a requirement belongs to (modules 1, 2 and 4 of the product). */
export const requirementGroups = ['responsibility', 'study', 'activities'] as const;
export type RequirementGroup = (typeof requirementGroups)[number];

/** Unit kinds of the organisation tree that requirements can target. */
export const unitKinds = ['unit', 'branch', 'department'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const periodKinds = ['month', 'quarter', 'half-year', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/**
 * - `count`: at least `required` matching records in the period.
 * - `all-must-match`: every record of the type in the period must satisfy the predicate (and at
 *   least `minCount` records must exist). Models "every party-group meeting opens with the first
 *   topic": a meeting without it is a breach no later record can cure.
 */
export const requirementKinds = ['count', 'all-must-match'] as const;
export type RequirementKind = (typeof requirementKinds)[number];

export const cadenceStatuses = [
  'met',
  'due-soon',
  'overdue',
  'not-yet-due',
  'not-applicable',
] as const;
export type CadenceStatus = (typeof cadenceStatuses)[number];

/** Values a record attribute may hold; predicates compare against these. */
export type AttrValue = string | number | boolean;

/** One condition on a record's `attrs`; a predicate is a list of them that must all hold. */
export type AttrCondition =
  | { attr: string; op: 'eq' | 'ne'; value: AttrValue }
  | { attr: string; op: 'in'; value: readonly AttrValue[] }
  | { attr: string; op: 'gte' | 'lte'; value: number }
  | { attr: string; op: 'exists' };

export interface AppliesTo {
  /** Kinds of unit the rule covers; absent = every kind. */
  unitKinds?: readonly string[];
  /** Explicit unit ids; absent = every unit. When both lists are given a unit must be in both. */
  unitIds?: readonly number[];
}

/**
 * A requirement (or one version of it: several entries may share an `id` with different
 * `effectiveFrom` dates when the committee edits a rule mid-year).
 */
export interface Requirement {
  /** Stable identifier, e.g. 'special-study-half-year'; versions of one rule share it. */
  id: string;
  group: RequirementGroup;
  /** Chinese name shown in the UI. */
  name: string;
  /**
   * Ledger record type that counts, e.g. 'meeting:special-study'. A trailing '*' matches by
   * prefix: 'activity:*' counts 'activity:lecture', 'activity:volunteer', ...
   */
  recordType: string;
  appliesTo: AppliesTo;
  period: PeriodKind;
  /** Defaults to 'count'. */
  kind?: RequirementKind;
  /** Records required per period; with `perMember`, records required per leading-group member. */
  minCount: number;
  /**
   * Due date = last day of the period + this many days (Asia/Shanghai). 31 on a yearly rule means
   * "by 31 January of the next year"; a negative value puts the due date inside the period
   * (-275 on a yearly rule is 31 March of the same year, leap years included).
   */
  dueOffsetDays: number;
  /** How many days before the due date the status turns 'due-soon' (product default 14). */
  dueSoonDays: number;
  /** Required = minCount × leading-group member count of the unit (responsibility letters). */
  perMember?: boolean;
  /** Only records whose attrs satisfy every condition count (for `all-must-match`: must match). */
  predicate?: readonly AttrCondition[];
  /** ISO date (Asia/Shanghai) from which this version is in force; absent = since always. */
  effectiveFrom?: string;
  enabled: boolean;
}

/** Anything the engine accepts as an instant: epoch ms, a Date, or an ISO 8601 string. */
export type InstantInput = number | string | Date;

export interface CadenceUnit {
  id: number;
  /** 'unit' | 'branch' | 'department' (other kinds are allowed and match no default rule). */
  kind: string;
  /** When the unit came into being; absent = it always existed. */
  createdAt?: InstantInput | null;
}

export interface CadenceRecord {
  unitId: number;
  type: string;
  /**
   * When the work happened. A string without an offset is read as Beijing wall time; a bare date
   * is Beijing midnight. Epoch ms is the fastest form.
   */
  occurredAt: InstantInput;
  /**
   * Explicit attribution to a period ('2025', '2025-H1', '2025-Q3', '2025-07'), overriding
   * `occurredAt`: the yearly report for 2025 is written in January 2026 but belongs to 2025.
   * The record is counted in the last month of that period.
   */
  periodKey?: string | null;
  attrs?: Readonly<Record<string, AttrValue | null | undefined>> | null;
  /**
   * How many records this entry stands for (default 1). Callers that aggregate in the database
   * (counts per unit × type × month) pass one entry per group instead of one per row.
   */
  count?: number;
}

export interface EvaluateInput {
  requirements: readonly Requirement[];
  units: readonly CadenceUnit[];
  /** Any iterable, so a caller can stream rows instead of building one huge array. */
  records: Iterable<CadenceRecord>;
  /** Leading-group member count per unit id, for `perMember` requirements. */
  memberCounts?: ReadonlyMap<number, number> | Readonly<Record<number, number>>;
  /** The year(s) whose periods are evaluated. */
  year: number | readonly number[];
  now: InstantInput;
}

export interface CadenceResult {
  unitId: number;
  requirementId: string;
  group: RequirementGroup;
  /** '2025', '2025-H1', '2025-Q3' or '2025-07'. */
  periodKey: string;
  /** First day of the period, 'YYYY-MM-DD' (Asia/Shanghai). */
  periodStart: string;
  /** Last day of the period, inclusive, 'YYYY-MM-DD' (Asia/Shanghai). */
  periodEnd: string;
  /** Last day on which the work is on time, inclusive, 'YYYY-MM-DD' (Asia/Shanghai). */
  dueDate: string;
  status: CadenceStatus;
  /** Matching records in the period. */
  count: number;
  /** Records needed; for `all-must-match`, max(records of the type, minCount). */
  required: number;
}
