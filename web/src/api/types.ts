// Shapes of the HTTP API (docs/api.md). Kept simple until the server shares its zod contracts.

export const ROLES = [
  'committee_admin',
  'unit_liaison',
  'unit_leader',
  'inspector',
  'duty_officer',
  'editor',
] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['committee', 'unit', 'branch', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface RoleGrant {
  role: Role;
  unitId: number;
  unitName: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  roles: RoleGrant[];
  mustChangePassword: boolean;
  isDemo: boolean;
  totpEnabled: boolean;
  modules: string[];
  /** Routes the caller's roles allow, as "METHOD /path" (e.g. "POST /units"). */
  allowed: string[];
}

export interface Unit {
  id: number;
  name: string;
  shortName: string | null;
  parentId: number | null;
  kind: UnitKind;
  code: string | null;
  sort: number;
  path: string;
}

export interface UnitInput {
  name: string;
  shortName?: string;
  parentId: number | null;
  kind: UnitKind;
  code?: string;
  sort?: number;
}

export interface Person {
  id: number;
  name: string;
  unitId: number;
  unitName: string;
  title: string | null;
  phone: string | null;
  username: string | null;
  roles: RoleGrant[];
  active: boolean;
}

export interface PersonInput {
  name: string;
  unitId: number;
  title?: string;
  phone?: string;
  username?: string;
  roles?: { role: Role; unitId: number }[];
  active?: boolean;
}

/** POST /people answers the person plus, once, the password of a newly created account. */
export interface CreatedPerson extends Person {
  initialPassword?: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  outcome: AuditOutcome;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface ImportRowError {
  row: number;
  field?: string;
  message: string;
}

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    rows?: ImportRowError[];
  };
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

export interface DemoInfo {
  demo: boolean;
}
