import { and, asc, count, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { familyPath, requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import { fail } from '../platform/errors.js';
import type { UnitDirectory } from '../platform/excel-cells.js';
import { generateInitialPassword, hashPassword } from '../platform/passwords.js';
import { contains } from '../platform/search.js';
import { destroyUserSessions } from '../platform/session.js';
import { type RoleName, roleBindings, units, users } from '../platform/tables.js';
import { paging } from '../platform/validation.js';
import type { PersonInput, PersonPatch, UnitInput, UnitPatch } from './contract.js';
import { people } from './tables.js';

export type UnitRow = typeof units.$inferSelect;

/** Depth-first tree order: parents before children, siblings by id (creation order). */
export const unitTreeOrder = sql`string_to_array(trim(both '/' from ${units.path}), '/')::int[]`;

export function presentUnit(u: UnitRow) {
  return {
    id: u.id,
    name: u.name,
    shortName: u.shortName,
    parentId: u.parentId,
    kind: u.kind,
    code: u.code,
    sort: u.sort,
    path: u.path,
  };
}

export async function listUnits(
  ctx: ServiceContext,
  query: { q?: string; parentId?: number; page?: number; pageSize?: number },
) {
  const conditions: SQL[] = [ctx.scope.unitCondition()];
  if (query.q) {
    conditions.push(or(contains(units.name, query.q), contains(units.shortName, query.q))!);
  }
  if (query.parentId) conditions.push(eq(units.parentId, query.parentId));
  const where = and(...conditions);
  const { limit, offset } = paging(query);
  const [items, [total]] = await Promise.all([
    ctx.tx.select().from(units).where(where).orderBy(unitTreeOrder).limit(limit).offset(offset),
    ctx.tx.select({ n: count() }).from(units).where(where),
  ]);
  return { items: items.map(presentUnit), total: total?.n ?? 0 };
}

export async function getUnit(ctx: ServiceContext, id: number) {
  const [unit] = await requireUnits(ctx.tx, ctx.scope, [id]);
  return presentUnit(unit!);
}

async function assertNameFree(ctx: ServiceContext, parentId: number, name: string, exceptId = 0) {
  const [clash] = await ctx.tx
    .select({ id: units.id })
    .from(units)
    .where(
      and(eq(units.parentId, parentId), eq(units.name, name), sql`${units.id} <> ${exceptId}`),
    );
  if (clash) throw fail('CONFLICT', [`同一上级下已有名为「${name}」的单位`], { field: 'name' });
}

export async function createUnit(ctx: ServiceContext, input: UnitInput) {
  const [parent] = await requireUnits(ctx.tx, ctx.scope, [input.parentId]);
  await assertNameFree(ctx, input.parentId, input.name);
  const [row] = await ctx.tx
    .insert(units)
    .values({
      name: input.name,
      shortName: input.shortName ?? '',
      parentId: input.parentId,
      kind: input.kind,
      code: input.code ?? '',
      sort: input.sort ?? 0,
      createdAt: ctx.clock.now(),
    })
    .returning();
  const [created] = await ctx.tx
    .update(units)
    .set({ path: `${parent!.path}${row!.id}/` })
    .where(eq(units.id, row!.id))
    .returning();
  const after = presentUnit(created!);
  await ctx.audit({
    action: 'unit.create',
    entity: 'unit',
    entityId: after.id,
    unitId: after.id,
    after,
  });
  return after;
}

export async function updateUnit(ctx: ServiceContext, id: number, patch: UnitPatch) {
  const [current] = await requireUnits(ctx.tx, ctx.scope, [id]);
  const before = presentUnit(current!);
  let path = current!.path;
  const parentId = patch.parentId ?? current!.parentId;
  if (patch.parentId !== undefined && patch.parentId !== current!.parentId) {
    if (current!.parentId === null)
      throw fail('VALIDATION', ['字段 parentId：根单位不能移动'], { field: 'parentId' });
    const [parent] = await requireUnits(ctx.tx, ctx.scope, [patch.parentId]);
    if (parent!.path.startsWith(current!.path)) {
      throw fail('VALIDATION', ['字段 parentId：不能移到自己的下级单位之下'], {
        field: 'parentId',
      });
    }
    path = `${parent!.path}${id}/`;
    await ctx.tx
      .update(units)
      .set({ path: sql`${path} || substr(${units.path}, ${current!.path.length + 1})` })
      .where(sql`${units.path} like ${`${current!.path}%`}`);
  }
  if (patch.name !== undefined && parentId !== null)
    await assertNameFree(ctx, parentId, patch.name, id);
  const [updated] = await ctx.tx
    .update(units)
    .set({
      name: patch.name,
      shortName: patch.shortName,
      parentId: patch.parentId,
      kind: patch.kind,
      code: patch.code,
      sort: patch.sort,
    })
    .where(eq(units.id, id))
    .returning();
  const after = presentUnit(updated!);
  await ctx.audit({
    action: 'unit.update',
    entity: 'unit',
    entityId: id,
    unitId: id,
    before,
    after,
  });
  return after;
}

// ---------------------------------------------------------------- people

const personColumns = {
  id: people.id,
  name: people.name,
  unitId: people.unitId,
  unitName: units.name,
  title: people.title,
  phone: people.phone,
  userId: people.userId,
  username: users.username,
  leadingGroup: people.leadingGroup,
  active: people.active,
};

type PersonRow = {
  id: number;
  name: string;
  unitId: number;
  unitName: string;
  title: string;
  phone: string;
  userId: number | null;
  username: string | null;
  leadingGroup: boolean;
  active: boolean;
};

async function withRoles(ctx: ServiceContext, rows: PersonRow[]) {
  const userIds = rows.map((r) => r.userId).filter((v): v is number => v !== null);
  const bindings = userIds.length
    ? await ctx.tx
        .select({
          userId: roleBindings.userId,
          role: roleBindings.role,
          unitId: roleBindings.unitId,
          unitName: units.name,
        })
        .from(roleBindings)
        .innerJoin(units, eq(units.id, roleBindings.unitId))
        .where(inArray(roleBindings.userId, userIds))
    : [];
  return rows.map(({ userId, ...r }) => ({
    ...r,
    roles: bindings
      .filter((b) => b.userId === userId)
      .map((b) => ({ role: b.role, unitId: b.unitId, unitName: b.unitName })),
  }));
}

export async function listPeople(
  ctx: ServiceContext,
  query: { q?: string; unitId?: number; page?: number; pageSize?: number },
) {
  const conditions: SQL[] = [ctx.scope.filter(people.unitId)];
  if (query.q) {
    conditions.push(
      or(
        contains(people.name, query.q),
        contains(people.title, query.q),
        contains(users.username, query.q),
      )!,
    );
  }
  if (query.unitId) conditions.push(eq(people.unitId, query.unitId));
  const where = and(...conditions);
  const { limit, offset } = paging(query);
  const [rows, [total]] = await Promise.all([
    ctx.tx
      .select(personColumns)
      .from(people)
      .innerJoin(units, eq(units.id, people.unitId))
      .leftJoin(users, eq(users.id, people.userId))
      .where(where)
      .orderBy(unitTreeOrder, asc(people.id))
      .limit(limit)
      .offset(offset),
    ctx.tx
      .select({ n: count() })
      .from(people)
      .leftJoin(users, eq(users.id, people.userId))
      .where(where),
  ]);
  return { items: await withRoles(ctx, rows), total: total?.n ?? 0 };
}

export async function getPerson(ctx: ServiceContext, id: number) {
  const rows = await ctx.tx
    .select(personColumns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .leftJoin(users, eq(users.id, people.userId))
    .where(and(eq(people.id, id), ctx.scope.filter(people.unitId)));
  if (rows.length === 0) throw fail('NOT_FOUND');
  const [person] = await withRoles(ctx, rows);
  return person!;
}

const restrictedRoles: RoleName[] = ['committee_admin', 'inspector'];
const isAdmin = (ctx: ServiceContext) =>
  ctx.user === null || ctx.user.bindings.some((b) => b.role === 'committee_admin');

interface HeldBinding {
  role: RoleName;
  unitId: number;
  unitPath: string;
}

async function bindingsOf(ctx: ServiceContext, userId: number): Promise<HeldBinding[]> {
  return ctx.tx
    .select({ role: roleBindings.role, unitId: roleBindings.unitId, unitPath: units.path })
    .from(roleBindings)
    .innerJoin(units, eq(units.id, roleBindings.unitId))
    .where(eq(roleBindings.userId, userId));
}

/**
 * A binding the caller may not change: its unit lies outside the caller's scope, or it is a
 * committee-wide role and the caller is not the committee admin. Such bindings survive every
 * edit by this caller, and an account holding one is not this caller's to deactivate.
 */
const beyondCaller = (ctx: ServiceContext, b: { role: RoleName; unitPath: string }) =>
  !ctx.scope.includesPath(b.unitPath) || (!isAdmin(ctx) && restrictedRoles.includes(b.role));

const bindingKey = (b: { role: RoleName; unitId: number }) => `${b.role}:${b.unitId}`;

/** Refuses when the account holds any binding beyond the caller (see `beyondCaller`). */
async function requireManageableAccount(ctx: ServiceContext, userId: number) {
  const held = await bindingsOf(ctx, userId);
  if (held.some((b) => beyondCaller(ctx, b))) throw fail('FORBIDDEN');
}

/** Only the committee admin hands out committee-wide roles; nobody grants outside their reach. */
async function checkRoles(ctx: ServiceContext, roles: { role: RoleName; unitId: number }[]) {
  await requireUnits(
    ctx.tx,
    ctx.scope,
    roles.map((r) => r.unitId),
  );
  if (!isAdmin(ctx) && roles.some((r) => restrictedRoles.includes(r.role))) throw fail('FORBIDDEN');
}

/**
 * Makes the account's bindings within the caller's reach equal `roles`; bindings beyond the
 * caller are kept as they are (a liaison editing a person cannot strip a committee role). A
 * binding the account already holds beyond the caller may be sent back unchanged.
 */
async function setRoles(
  ctx: ServiceContext,
  userId: number,
  roles: { role: RoleName; unitId: number }[],
) {
  const held = await bindingsOf(ctx, userId);
  const kept = held.filter((b) => beyondCaller(ctx, b));
  const keptKeys = new Set(kept.map(bindingKey));
  const wanted = [
    ...new Map(
      roles.filter((r) => !keptKeys.has(bindingKey(r))).map((r) => [bindingKey(r), r]),
    ).values(),
  ];
  await checkRoles(ctx, wanted);
  const changeable = held.filter((b) => !beyondCaller(ctx, b));
  for (const b of changeable) {
    await ctx.tx
      .delete(roleBindings)
      .where(
        and(
          eq(roleBindings.userId, userId),
          eq(roleBindings.role, b.role),
          eq(roleBindings.unitId, b.unitId),
        ),
      );
  }
  if (wanted.length)
    await ctx.tx.insert(roleBindings).values(wanted.map((r) => ({ ...r, userId })));
}

async function createAccount(
  ctx: ServiceContext,
  input: { username: string; name: string; unitId: number },
) {
  const [taken] = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, input.username));
  if (taken) throw fail('CONFLICT', [`账号「${input.username}」已被使用`], { field: 'username' });
  const initialPassword = generateInitialPassword();
  const [user] = await ctx.tx
    .insert(users)
    .values({
      username: input.username,
      displayName: input.name,
      unitId: input.unitId,
      passwordHash: await hashPassword(initialPassword),
      mustChangePassword: true,
    })
    .returning({ id: users.id });
  return { userId: user!.id, initialPassword };
}

export async function createPerson(ctx: ServiceContext, input: PersonInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  if (input.roles?.length) {
    if (!input.username)
      throw fail('VALIDATION', ['字段 username：分配角色需要账号'], { field: 'username' });
    await checkRoles(ctx, input.roles);
  }
  const account = input.username
    ? await createAccount(ctx, { username: input.username, name: input.name, unitId: input.unitId })
    : null;
  if (account) await setRoles(ctx, account.userId, input.roles ?? []);
  const [row] = await ctx.tx
    .insert(people)
    .values({
      name: input.name,
      unitId: input.unitId,
      title: input.title ?? '',
      phone: input.phone ?? '',
      leadingGroup: input.leadingGroup ?? false,
      userId: account?.userId ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning({ id: people.id });
  const after = await getPerson(ctx, row!.id);
  await ctx.audit({
    action: 'person.create',
    entity: 'person',
    entityId: after.id,
    unitId: after.unitId,
    after,
  });
  return account ? { ...after, initialPassword: account.initialPassword } : after;
}

export async function updatePerson(ctx: ServiceContext, id: number, patch: PersonPatch) {
  const before = await getPerson(ctx, id);
  if (patch.unitId !== undefined) await requireUnits(ctx.tx, ctx.scope, [patch.unitId]);
  const [current] = await ctx.tx.select().from(people).where(eq(people.id, id));
  let userId = current!.userId;
  let initialPassword: string | undefined;
  if (patch.username && !userId) {
    const account = await createAccount(ctx, {
      username: patch.username,
      name: patch.name ?? before.name,
      unitId: patch.unitId ?? before.unitId,
    });
    userId = account.userId;
    initialPassword = account.initialPassword;
  }
  if (patch.roles) {
    if (!userId)
      throw fail('VALIDATION', ['字段 username：分配角色需要账号'], { field: 'username' });
    await setRoles(ctx, userId, patch.roles);
  }
  await ctx.tx
    .update(people)
    .set({
      name: patch.name,
      unitId: patch.unitId,
      title: patch.title,
      phone: patch.phone,
      leadingGroup: patch.leadingGroup,
      active: patch.active,
      userId,
    })
    .where(eq(people.id, id));
  if (userId && patch.active === false && current!.userId)
    await requireManageableAccount(ctx, userId);
  if (userId && (patch.active !== undefined || patch.name !== undefined)) {
    await ctx.tx
      .update(users)
      .set({ active: patch.active, displayName: patch.name })
      .where(eq(users.id, userId));
    if (patch.active === false) await destroyUserSessions(ctx.tx, userId);
  }
  const after = await getPerson(ctx, id);
  await ctx.audit({
    action: 'person.update',
    entity: 'person',
    entityId: id,
    unitId: after.unitId,
    before,
    after,
  });
  return initialPassword ? { ...after, initialPassword } : after;
}

/** The account of a person the caller reaches and fully manages, or a refusal. */
async function manageableAccount(ctx: ServiceContext, personId: number) {
  const person = await getPerson(ctx, personId);
  const [row] = await ctx.tx
    .select({ userId: people.userId })
    .from(people)
    .where(eq(people.id, personId));
  if (!row?.userId) throw fail('VALIDATION', ['该人员没有账号'], { field: 'id' });
  await requireManageableAccount(ctx, row.userId);
  return { person, userId: row.userId };
}

/** Signs the person's account out everywhere (a lost phone, a colleague who left). */
export async function endPersonSessions(ctx: ServiceContext, personId: number) {
  const { person, userId } = await manageableAccount(ctx, personId);
  const ended = await destroyUserSessions(ctx.tx, userId);
  await ctx.audit({
    action: 'user.sessions.end',
    entity: 'person',
    entityId: personId,
    unitId: person.unitId,
    after: { username: person.username, sessions: ended },
  });
  return { sessions: ended };
}

/**
 * Gives the account a new one-time password (to be changed at next sign-in), unlocks it and ends
 * every session it has.
 */
export async function resetPersonPassword(ctx: ServiceContext, personId: number) {
  const { person, userId } = await manageableAccount(ctx, personId);
  const initialPassword = generateInitialPassword();
  await ctx.tx
    .update(users)
    .set({
      passwordHash: await hashPassword(initialPassword),
      mustChangePassword: true,
      failedAttempts: 0,
      lockedUntil: null,
      passwordChangedAt: ctx.clock.now(),
    })
    .where(eq(users.id, userId));
  const ended = await destroyUserSessions(ctx.tx, userId);
  await ctx.audit({
    action: 'user.password.reset',
    entity: 'person',
    entityId: personId,
    unitId: person.unitId,
    after: { username: person.username, sessions: ended },
  });
  return { initialPassword };
}

// ---------------------------------------------------------------- people lookups for ledgers

/** People of the unit's family visible to the caller, by id (404-free: a validation error). */
export async function requirePeople(
  ctx: ServiceContext,
  unitId: number,
  personIds: readonly number[],
  field: string,
) {
  const wanted = [...new Set(personIds)];
  if (wanted.length === 0) return new Map<number, { id: number; name: string }>();
  const prefix = await familyPath(ctx.tx, unitId);
  const rows = await ctx.tx
    .select({ id: people.id, name: people.name })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(
      and(
        inArray(people.id, wanted),
        sql`${units.path} like ${`${prefix}%`}`,
        ctx.scope.filter(people.unitId),
      ),
    );
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = wanted.filter((v) => !found.has(v));
  if (missing.length) {
    throw fail('VALIDATION', [`字段 ${field}：人员 ${missing.join('、')} 不属于本单位或不存在`], {
      field,
    });
  }
  return found;
}

/** People the caller reaches, found by name within a unit's family. */
export async function peopleDirectory(ctx: ServiceContext, directory: UnitDirectory) {
  const rows = await ctx.tx
    .select({ id: people.id, name: people.name, path: units.path })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(ctx.scope.filter(people.unitId));
  return {
    resolve(unitId: number, name: string): number | string {
      const prefix = directory.familyPath(unitId);
      const found = rows.filter((p) => p.name === name && p.path.startsWith(prefix));
      if (found.length === 1) return found[0]!.id;
      if (found.length === 0) return `本单位人员中找不到「${name}」`;
      return `本单位有多位名为「${name}」的人员，无法区分`;
    },
  };
}
