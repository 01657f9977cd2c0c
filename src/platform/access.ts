import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import { fail } from './errors.js';
import { type RoleName, roleBindings, units } from './tables.js';

export interface RoleBinding {
  role: RoleName;
  unitId: number;
  unitName: string;
  unitPath: string;
}

/** The signed-in caller, loaded once per request from the session. */
export interface Principal {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  isDemo: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  bindings: RoleBinding[];
}

/** Who may call a route: nobody signed in, any signed-in account, or the listed roles. */
export type RouteAccess = 'public' | 'any-user' | { roles: readonly RoleName[] };

/**
 * The units a caller reaches through the roles a route allows: the subtrees under the units those
 * roles are bound to. Every unit-owned query is filtered through `filter()` — the one scope
 * mechanism of the platform.
 */
export class Scope {
  constructor(readonly paths: readonly string[]) {}

  /** True when the caller reaches the whole tree (bound at a root). */
  get all(): boolean {
    return this.paths.some((p) => /^\/(\d+\/)?$/.test(p));
  }

  get empty(): boolean {
    return this.paths.length === 0;
  }

  includesPath(unitPath: string): boolean {
    return this.paths.some((p) => unitPath.startsWith(p));
  }

  /** SQL condition: the unit id in `column` lies within the scope. */
  filter(column: PgColumn | SQL): SQL {
    if (this.all) return sql`true`;
    if (this.empty) return sql`false`;
    return sql`${column} in (select ${units.id} from ${units} where ${this.pathCondition()})`;
  }

  /** SQL condition on the units table itself. */
  unitCondition(): SQL {
    if (this.all) return sql`true`;
    if (this.empty) return sql`false`;
    return this.pathCondition();
  }

  private pathCondition(): SQL {
    const likes = this.paths.map((p) => sql`${units.path} like ${`${p}%`}`);
    return sql`(${sql.join(likes, sql` or `)})`;
  }
}

export function scopeFor(principal: Principal, access: RouteAccess): Scope {
  if (access === 'public') return new Scope([]);
  const bindings =
    access === 'any-user'
      ? principal.bindings
      : principal.bindings.filter((b) => access.roles.includes(b.role));
  return new Scope([...new Set(bindings.map((b) => b.unitPath))]);
}

export function hasRole(principal: Principal, roles: readonly RoleName[]): boolean {
  return principal.bindings.some((b) => roles.includes(b.role));
}

export async function loadBindings(db: Db, userId: number): Promise<RoleBinding[]> {
  return db
    .select({
      role: roleBindings.role,
      unitId: roleBindings.unitId,
      unitName: units.name,
      unitPath: units.path,
    })
    .from(roleBindings)
    .innerJoin(units, eq(units.id, roleBindings.unitId))
    .where(eq(roleBindings.userId, userId));
}

/**
 * Loads the units behind ids and fails with 404 unless every one lies in the scope: the same
 * answer for "does not exist" and "not yours", so nothing leaks.
 */
export async function requireUnits(db: Db, scope: Scope, ids: readonly number[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const rows = await db.select().from(units).where(inArray(units.id, wanted));
  if (rows.length !== wanted.length || rows.some((u) => !scope.includesPath(u.path))) {
    throw fail('NOT_FOUND');
  }
  return rows;
}

/** Rows of a unit and everything below it (a unit's list includes its branches). */
export function inSubtree(column: PgColumn, unitId: number): SQL {
  return sql`${column} in (select u.id from ${units} u where u.path like (select p.path from ${units} p where p.id = ${unitId}) || '%')`;
}

/**
 * The people who can appear in a unit's records: those of the enclosing unit (the nearest
 * ancestor of kind 'unit', or the unit itself) and everything below it — a branch meeting's
 * attendees are often registered at the unit level.
 */
export async function familyPath(tx: Db, unitId: number): Promise<string> {
  const [unit] = await tx.select().from(units).where(eq(units.id, unitId));
  if (!unit) throw fail('NOT_FOUND');
  const ids = unit.path.split('/').filter(Boolean).map(Number);
  const owners = await tx
    .select({ path: units.path })
    .from(units)
    .where(and(inArray(units.id, ids), eq(units.kind, 'unit')))
    .orderBy(asc(sql`length(${units.path})`))
    .limit(1);
  return owners[0]?.path ?? unit.path;
}
