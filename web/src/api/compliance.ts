// Compliance (合规): the city view, a cell's drill-down, a unit's view, overdue items and the
// committee's cadence requirements (edited as new versions effective from a date).
import { api } from './client.js';
import type { PageQuery } from './types.js';

export const REQUIREMENT_GROUPS = ['responsibility', 'study', 'activities'] as const;
export type RequirementGroup = (typeof REQUIREMENT_GROUPS)[number];
export const CADENCE_STATUSES = [
  'met',
  'due-soon',
  'overdue',
  'not-yet-due',
  'not-applicable',
] as const;
export type CadenceStatus = (typeof CADENCE_STATUSES)[number];
export const PERIOD_KINDS = ['month', 'quarter', 'half-year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Tally {
  met: number;
  dueSoon: number;
  overdue: number;
  notYetDue: number;
  applicable: number;
}

export interface RequirementResult {
  unitId: number;
  unitName: string;
  requirementId: string;
  requirementName: string;
  group: RequirementGroup;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: CadenceStatus;
  count: number;
  required: number;
}

export interface OverdueItem extends RequirementResult {
  daysOverdue: number;
}

export interface CityCell extends Tally {
  unitId: number;
  group: RequirementGroup;
  status: CadenceStatus;
  share: number | null;
  records: number;
}

export interface RankingEntry extends Tally {
  rank: number;
  unitId: number;
  name: string;
  share: number | null;
}

export interface CityView {
  year: number;
  asOf: string;
  groups: { id: RequirementGroup; name: string }[];
  statuses: { id: CadenceStatus; name: string }[];
  units: { id: number; name: string; shortName: string; kind: string }[];
  cells: CityCell[];
  heatmap: [number, number, number | null][];
  ranking: RankingEntry[];
  overdue: { total: number; items: OverdueItem[] };
  trend: { months: string[]; series: { group: RequirementGroup; name: string; data: number[] }[] };
  summary: Tally & { share: number | null; units: number };
}

export interface LedgerRecord {
  ledger: string;
  recordId: number;
  unitId: number;
  unitName: string;
  type: string;
  occurredAt: string;
  occurredOn: string;
  periodKey: string | null;
  firstTopic: boolean | null;
  /** The period of the rule the record counts for, when the server found it. */
  periodStart?: string;
  periodEnd?: string;
}

export interface CellDetail extends Tally {
  year: number;
  asOf: string;
  unit: { id: number; name: string; kind: string };
  group: { id: RequirementGroup; name: string };
  status: CadenceStatus;
  share: number | null;
  requirements: RequirementResult[];
  records: { total: number; items: LedgerRecord[] };
}

export interface GroupSummary extends Tally {
  id: RequirementGroup;
  name: string;
  status: CadenceStatus;
  share: number | null;
}

export interface UnitView {
  year: number;
  asOf: string;
  unit: { id: number; name: string; kind: string; parentId: number | null };
  summary: Tally & { status: CadenceStatus; share: number | null };
  groups: GroupSummary[];
  requirements: RequirementResult[];
  nextDeadlines: RequirementResult[];
  recentRecords: { total: number; items: LedgerRecord[] };
}

export type AttrCondition =
  | { attr: string; op: 'eq' | 'ne'; value: string | number | boolean }
  | { attr: string; op: 'in'; value: (string | number | boolean)[] }
  | { attr: string; op: 'gte' | 'lte'; value: number }
  | { attr: string; op: 'exists' };

/** A cadence requirement as the engine reads it (see src/cadence/types.ts). */
export interface Requirement {
  id: string;
  group: RequirementGroup;
  name: string;
  recordType: string;
  appliesTo: { unitKinds?: string[]; unitIds?: number[] };
  period: PeriodKind;
  kind?: 'count' | 'all-must-match';
  minCount: number;
  dueOffsetDays: number;
  dueSoonDays: number;
  perMember?: boolean;
  predicate?: AttrCondition[];
  effectiveFrom?: string;
  enabled: boolean;
}

export interface RequirementVersion {
  versionId: number;
  requirementId: string;
  version: number;
  effectiveFrom: string | null;
  requirement: Requirement;
  updatedBy: number | null;
  updatedByName: string;
  updatedAt: string;
}

export interface RequirementEntry {
  requirementId: string;
  /** Id of the newest version: the handle for an edit. */
  versionId: number;
  name: string;
  group: RequirementGroup;
  current: Requirement;
  versions: RequirementVersion[];
}

export const complianceApi = {
  city: (year?: number) => api.get<CityView>('/compliance/city', { year }),
  cell: (query: { year?: number; unitId: number; group: RequirementGroup }) =>
    api.get<CellDetail>('/compliance/cell', { ...query }),
  unit: (unitId: number, year?: number) =>
    api.get<UnitView>(`/compliance/unit/${unitId}`, { year }),
  overdue: (query: PageQuery & { year?: number }) =>
    api.get<{ year: number; asOf: string; items: OverdueItem[]; total: number }>(
      '/compliance/overdue',
      { ...query },
    ),
};

export const requirementsApi = {
  list: () => api.get<{ items: RequirementEntry[]; total: number }>('/requirements'),
  /** A new version of the requirement, in force from `effectiveFrom` (Beijing date). */
  edit: (
    versionId: number,
    input: { effectiveFrom: string; requirement: Omit<Requirement, 'id'> },
  ) => api.put<RequirementEntry>(`/requirements/${versionId}`, input),
  create: (input: { effectiveFrom?: string; requirement: Requirement }) =>
    api.post<RequirementEntry>('/requirements', input),
};
