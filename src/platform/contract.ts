// Enumerations and labels of the platform that the server and the web share. Drizzle-free and
// dependency-free so the web imports this file as it is: one list of roles, one of unit kinds.

export const unitKinds = ['committee', 'unit', 'branch', 'department'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, string> = {
  committee: '机关工委',
  unit: '单位',
  branch: '党支部',
  department: '处室',
};

export const roleNames = [
  'committee_admin',
  'unit_liaison',
  'unit_leader',
  'inspector',
  'duty_officer',
  'editor',
  'reviewer',
] as const;
export type RoleName = (typeof roleNames)[number];
export const roleLabels: Record<RoleName, string> = {
  committee_admin: '工委管理员',
  unit_liaison: '单位联络员',
  unit_leader: '第一责任人',
  inspector: '督查组成员',
  duty_officer: '值班员',
  editor: '编辑',
  reviewer: '审核员',
};

export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** One entry of a record's timeline, as `GET /timeline/:kind/:id` answers it. */
export interface TimelineEntry {
  id: number;
  kind: string;
  recordId: number;
  from: string | null;
  to: string;
  action: string;
  actorId: number | null;
  actorName: string;
  at: string;
  comment: string;
  data: Record<string, unknown>;
}
