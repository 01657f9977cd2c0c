// Shapes of the HTTP API (docs/api.md). Enumerations come from the server's drizzle-free contract
// files, never copied here.
import type { AuditOutcome, RoleName, UnitKind } from '../../../src/platform/contract.js';

export {
  type AuditOutcome,
  auditOutcomes as AUDIT_OUTCOMES,
  type RoleName as Role,
  roleLabels,
  roleNames as ROLES,
  type TimelineEntry,
  type UnitKind,
  unitKinds as UNIT_KINDS,
} from '../../../src/platform/contract.js';

type Role = RoleName;

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
  /** Chinese names from the server's module manifests. */
  actionLabel: string;
  entityLabel: string;
  /** The fields of the change with their Chinese names and readable values. */
  changes: AuditChange[];
}

export interface AuditChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
  changed: boolean;
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
