/**
 * Cadence requirements as stored data: versions in `requirement_versions`, seeded from the
 * engine's defaults on first read, edited by the committee as new versions effective from a date.
 */
import { asc, eq, sql } from 'drizzle-orm';
import {
  defaultRequirements,
  type Requirement,
  requirementSchema,
  requirementSetSchema,
} from '../cadence/index.js';
import type { ServiceContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { fail } from '../platform/errors.js';
import { users } from '../platform/tables.js';
import { issueMessage } from '../platform/validation.js';
import type { RequirementCreate, RequirementEdit } from './contract.js';
import { requirementVersions } from './tables.js';

export type VersionRow = typeof requirementVersions.$inferSelect;

/**
 * Writes the defaults as version 1 of each requirement when the table is empty. One statement,
 * and `on conflict do nothing`, so two nodes starting at once seed once; deterministic because
 * the defaults are a constant list.
 */
export async function ensureSeeded(db: Db, at: Date): Promise<void> {
  const [row] = await db.select({ id: requirementVersions.id }).from(requirementVersions).limit(1);
  if (row) return;
  await db
    .insert(requirementVersions)
    .values(
      defaultRequirements.map((requirement) => ({
        requirementId: requirement.id,
        version: 1,
        effectiveFrom: null,
        requirement: requirementSchema.parse(requirement),
        updatedBy: null,
        updatedAt: at,
      })),
    )
    .onConflictDoNothing();
}

async function allVersions(db: Db, at: Date): Promise<VersionRow[]> {
  await ensureSeeded(db, at);
  return db.select().from(requirementVersions).orderBy(asc(requirementVersions.id));
}

/**
 * The rule set the engine evaluates: per requirement id and effective date the newest version,
 * ids in the order they were first created (so results keep a stable order).
 */
export function ruleSetOf(rows: readonly VersionRow[]): Requirement[] {
  const newest = new Map<string, VersionRow>();
  for (const row of rows) {
    const key = `${row.requirementId}\u0000${row.effectiveFrom ?? ''}`;
    const seen = newest.get(key);
    if (!seen || seen.version < row.version) newest.set(key, row);
  }
  return [...newest.values()].sort((a, b) => a.id - b.id).map((row) => toRequirement(row));
}

function toRequirement(row: VersionRow): Requirement {
  const requirement = { ...(row.requirement as Requirement), id: row.requirementId };
  if (row.effectiveFrom) requirement.effectiveFrom = row.effectiveFrom;
  else delete requirement.effectiveFrom;
  return requirement;
}

/** The requirements (all versions) the compliance service evaluates. */
export async function loadRuleSet(db: Db, at: Date): Promise<Requirement[]> {
  return ruleSetOf(await allVersions(db, at));
}

/** The version of each requirement in force on a Beijing date (the one the UI shows as current). */
function currentOf(versions: Requirement[], today: string): Requirement {
  let current = versions[0]!;
  for (const v of versions) if ((v.effectiveFrom ?? '') <= today) current = v;
  return current;
}

function presentVersion(row: VersionRow, names: Map<number, string>) {
  return {
    versionId: row.id,
    requirementId: row.requirementId,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    requirement: toRequirement(row),
    updatedBy: row.updatedBy,
    updatedByName: row.updatedBy ? (names.get(row.updatedBy) ?? '') : '系统默认',
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function userNames(db: Db): Promise<Map<number, string>> {
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(
      sql`${users.id} in (select ${requirementVersions.updatedBy} from ${requirementVersions})`,
    );
  return new Map(rows.map((r) => [r.id, r.name]));
}

function beijingToday(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function group(rows: readonly VersionRow[], names: Map<number, string>, today: string) {
  const byId = new Map<string, VersionRow[]>();
  for (const row of rows) {
    const list = byId.get(row.requirementId) ?? [];
    list.push(row);
    byId.set(row.requirementId, list);
  }
  const rules = ruleSetOf(rows);
  return [...byId.entries()].map(([requirementId, versions]) => {
    const inForce = rules
      .filter((r) => r.id === requirementId)
      .sort((a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? ''));
    const current = currentOf(inForce, today);
    const latest = versions[versions.length - 1]!;
    return {
      requirementId,
      versionId: latest.id,
      name: current.name,
      group: current.group,
      current,
      versions: versions.map((row) => presentVersion(row, names)),
    };
  });
}

/** Every requirement with its current version and full history. */
export async function listRequirements(ctx: ServiceContext) {
  const now = ctx.clock.now();
  const rows = await allVersions(ctx.tx, now);
  const items = group(rows, await userNames(ctx.tx), beijingToday(now));
  return { items, total: items.length };
}

async function versionRow(db: Db, versionId: number): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(requirementVersions)
    .where(eq(requirementVersions.id, versionId));
  if (!row) throw fail('NOT_FOUND');
  return row;
}

/** One requirement, addressed by the id of any of its versions. */
export async function getRequirement(ctx: ServiceContext, versionId: number) {
  const now = ctx.clock.now();
  await ensureSeeded(ctx.tx, now);
  const row = await versionRow(ctx.tx, versionId);
  const rows = await ctx.tx
    .select()
    .from(requirementVersions)
    .where(eq(requirementVersions.requirementId, row.requirementId))
    .orderBy(asc(requirementVersions.id));
  return group(rows, await userNames(ctx.tx), beijingToday(now))[0]!;
}

function validated(input: Record<string, unknown>): Requirement {
  const parsed = requirementSchema.safeParse(input);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => issueMessage(issue));
    const field = parsed.error.issues[0]?.path.map(String).join('.');
    throw fail('VALIDATION', [messages.join('；')], field ? { field: `requirement.${field}` } : {});
  }
  // A counting rule that asks for nothing is always met: it would only hide the unit's work.
  // (An all-must-match rule may ask for 0: it judges the records there are.)
  if (parsed.data.kind === 'count' && parsed.data.minCount < 1) {
    throw fail('VALIDATION', ['字段 requirement.minCount：最少次数应至少为 1'], {
      field: 'requirement.minCount',
    });
  }
  return parsed.data;
}

async function saveVersion(
  ctx: ServiceContext,
  requirementId: string,
  input: Record<string, unknown>,
  effectiveFrom: string | null,
  action: 'requirement.create' | 'requirement.update',
) {
  const now = ctx.clock.now();
  await ensureSeeded(ctx.tx, now);
  // Serialise edits of the rule set: the version number is max + 1.
  await ctx.tx.execute(sql`select pg_advisory_xact_lock(hashtext('shoutu.requirement_versions'))`);
  // The effective date lives in its column; one inside the rule body is ignored.
  const { effectiveFrom: _ignored, ...body } = input;
  const requirement = validated({
    ...body,
    id: requirementId,
    ...(effectiveFrom ? { effectiveFrom } : {}),
  });
  const rows = await ctx.tx.select().from(requirementVersions).orderBy(asc(requirementVersions.id));
  const existing = rows.filter((r) => r.requirementId === requirementId);
  if (action === 'requirement.create' && existing.length > 0) {
    throw fail('CONFLICT', [`要求编号「${requirementId}」已存在`], { field: 'requirement.id' });
  }
  // The whole set must stay valid (one group per requirement id).
  const candidate = [
    ...ruleSetOf(rows).filter(
      (r) => !(r.id === requirementId && (r.effectiveFrom ?? null) === effectiveFrom),
    ),
    requirement,
  ];
  const set = requirementSetSchema.safeParse(candidate);
  if (!set.success) {
    throw fail('VALIDATION', [set.error.issues.map((i) => i.message).join('；')], {
      field: 'requirement.group',
    });
  }
  const before = existing.length
    ? (ruleSetOf(existing)
        .filter((r) => (r.effectiveFrom ?? null) === effectiveFrom)
        .at(0) ?? ruleSetOf(existing).at(-1))
    : null;
  const version = existing.reduce((max, r) => Math.max(max, r.version), 0) + 1;
  const { id: _id, effectiveFrom: _from, ...stored } = requirement;
  const [row] = await ctx.tx
    .insert(requirementVersions)
    .values({
      requirementId,
      version,
      effectiveFrom,
      requirement: stored,
      updatedBy: ctx.user?.id ?? null,
      updatedAt: now,
    })
    .returning();
  await ctx.audit({
    action,
    entity: 'requirement',
    entityId: row!.id,
    before,
    after: { ...requirement, version },
  });
  return getRequirement(ctx, row!.id);
}

/** A new version of the requirement `versionId` belongs to, in force from `effectiveFrom`. */
export async function editRequirement(
  ctx: ServiceContext,
  versionId: number,
  edit: RequirementEdit,
) {
  const row = await versionRow(ctx.tx, versionId);
  return saveVersion(
    ctx,
    row.requirementId,
    edit.requirement,
    edit.effectiveFrom ?? null,
    'requirement.update',
  );
}

/** A requirement the defaults do not have (e.g. a campaign-year rule). */
export async function createRequirement(ctx: ServiceContext, input: RequirementCreate) {
  const id = String(input.requirement.id ?? '');
  if (!id)
    throw fail('VALIDATION', ['字段 requirement.id：请填写要求编号'], { field: 'requirement.id' });
  return saveVersion(ctx, id, input.requirement, input.effectiveFrom ?? null, 'requirement.create');
}
