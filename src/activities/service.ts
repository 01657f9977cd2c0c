import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { inSubtree, requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import type { Database } from '../platform/db.js';
import { requireAttachments } from '../platform/files.js';
import {
  createRecord,
  dateWithin,
  deleteRecord,
  ledgerReader,
  patchAttachments,
  updateRecord,
} from '../platform/ledger.js';
import { units } from '../platform/tables.js';
import type { Paging } from '../platform/validation.js';
import type { ActivityInput, ActivityPatch, TotalsQuery } from './contract.js';
import { type ActivityType, activities, activityTypeLabels } from './tables.js';

const activityColumns = {
  id: activities.id,
  unitId: activities.unitId,
  unitName: units.name,
  type: activities.type,
  title: activities.title,
  heldOn: activities.heldOn,
  sessions: activities.sessions,
  participants: activities.participants,
  beneficiaries: activities.beneficiaries,
  brandProject: activities.brandProject,
  note: activities.note,
  attachmentIds: activities.attachmentIds,
};

const yearRange = (year: number) => [
  gte(activities.heldOn, `${year}-01-01`),
  lte(activities.heldOn, `${year}-12-31`),
];

const record = { entity: 'activity', table: activities, idColumn: activities.id };
const reader = ledgerReader({
  ...record,
  unitColumn: activities.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(activityColumns)
      .from(activities)
      .innerJoin(units, eq(units.id, activities.unitId))
      .where(where),
  order: [desc(activities.heldOn), asc(activities.id)],
  year: yearRange,
  within: (from, to) => dateWithin(activities.heldOn, from, to),
});

export function listActivities(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; type?: ActivityType; brandProject?: string } & Paging,
) {
  return reader.list(
    ctx,
    query,
    query.type && eq(activities.type, query.type),
    query.brandProject && eq(activities.brandProject, query.brandProject),
  );
}

export function getActivity(ctx: ServiceContext, activityId: number) {
  return reader.get(ctx, activityId);
}

export async function createActivity(ctx: ServiceContext, input: ActivityInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  return createRecord(
    ctx,
    record,
    {
      unitId: input.unitId,
      type: input.type,
      title: input.title,
      heldOn: input.heldOn,
      sessions: input.sessions ?? 1,
      participants: input.participants ?? 0,
      beneficiaries: input.beneficiaries ?? 0,
      brandProject: input.brandProject ?? '',
      note: input.note ?? '',
      attachmentIds,
      createdAt: ctx.clock.now(),
    },
    getActivity,
  );
}

export function updateActivity(ctx: ServiceContext, activityId: number, patch: ActivityPatch) {
  return updateRecord(ctx, { ...record, id: activityId }, getActivity, async () => ({
    type: patch.type,
    title: patch.title,
    heldOn: patch.heldOn,
    sessions: patch.sessions,
    participants: patch.participants,
    beneficiaries: patch.beneficiaries,
    brandProject: patch.brandProject,
    note: patch.note,
    attachmentIds: await patchAttachments(ctx, patch.attachmentIds),
  }));
}

export function deleteActivity(ctx: ServiceContext, activityId: number) {
  return deleteRecord(ctx, { ...record, id: activityId }, getActivity);
}

export interface TotalsRow {
  key: string;
  label: string;
  records: number;
  sessions: number;
  participants: number;
  beneficiaries: number;
}

/**
 * Sessions, participants and beneficiaries summed by unit, type, month or brand project: the
 * figures a report cites ("1,754 sessions reaching ~100,000 women") come from here, not by hand.
 * Units include everything below them when `unitId` is given.
 */
export async function activityTotals(ctx: ServiceContext, query: TotalsQuery) {
  const conditions: SQL[] = [ctx.scope.filter(activities.unitId)];
  if (query.unitId) {
    await requireUnits(ctx.tx, ctx.scope, [query.unitId]);
    conditions.push(inSubtree(activities.unitId, query.unitId));
  }
  if (query.year) conditions.push(...yearRange(query.year));
  if (query.from) conditions.push(gte(activities.heldOn, query.from));
  if (query.to) conditions.push(lte(activities.heldOn, query.to));
  if (query.type) conditions.push(eq(activities.type, query.type));
  const groupBy = query.groupBy ?? 'unit';
  const keyExpression = {
    unit: sql<string>`${activities.unitId}::text`,
    type: sql<string>`${activities.type}`,
    month: sql<string>`to_char(${activities.heldOn}, 'YYYY-MM')`,
    brand: sql<string>`${activities.brandProject}`,
  }[groupBy];
  const sums = {
    records: sql<number>`count(*)::int`,
    sessions: sql<number>`coalesce(sum(${activities.sessions}), 0)::bigint`,
    participants: sql<number>`coalesce(sum(${activities.participants}), 0)::bigint`,
    beneficiaries: sql<number>`coalesce(sum(${activities.beneficiaries}), 0)::bigint`,
  };
  const where = and(...conditions);
  const [rows, [overall]] = await Promise.all([
    ctx.tx
      .select({ key: keyExpression, ...sums })
      .from(activities)
      .where(where)
      .groupBy(keyExpression)
      .orderBy(keyExpression),
    ctx.tx.select(sums).from(activities).where(where),
  ]);
  const unitNames =
    groupBy === 'unit' && rows.length
      ? new Map(
          (
            await ctx.tx
              .select({ id: units.id, name: units.name })
              .from(units)
              .where(
                sql`${units.id} in (${sql.join(
                  rows.map((r) => sql`${Number(r.key)}`),
                  sql`, `,
                )})`,
              )
          ).map((u) => [String(u.id), u.name]),
        )
      : new Map<string, string>();
  const label = (key: string) => {
    if (groupBy === 'unit') return unitNames.get(key) ?? key;
    if (groupBy === 'type') return activityTypeLabels[key as ActivityType] ?? key;
    if (groupBy === 'brand') return key || '（无品牌项目）';
    return key;
  };
  const toNumbers = (r: {
    records: number;
    sessions: number;
    participants: number;
    beneficiaries: number;
  }) => ({
    records: Number(r.records),
    sessions: Number(r.sessions),
    participants: Number(r.participants),
    beneficiaries: Number(r.beneficiaries),
  });
  return {
    groupBy,
    items: rows.map((r): TotalsRow => ({ key: r.key, label: label(r.key), ...toNumbers(r) })),
    total: toNumbers(overall ?? { records: 0, sessions: 0, participants: 0, beneficiaries: 0 }),
  };
}

/**
 * Bulk path for demo generation and benchmarks: one INSERT of many rows through unnest arrays
 * (Drizzle is slow at 100k-row inserts). No audit: callers are the system loading data.
 */
export async function bulkInsertActivities(
  database: Pick<Database, 'query'>,
  rows: readonly {
    unitId: number;
    type: ActivityType;
    title: string;
    heldOn: string;
    sessions: number;
    participants: number;
    beneficiaries: number;
    brandProject?: string;
  }[],
) {
  if (rows.length === 0) return 0;
  await database.query(
    `insert into activities (unit_id, type, title, held_on, sessions, participants, beneficiaries, brand_project)
     select * from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::int[], $6::int[], $7::int[], $8::text[])`,
    [
      rows.map((r) => r.unitId),
      rows.map((r) => r.type),
      rows.map((r) => r.title),
      rows.map((r) => r.heldOn),
      rows.map((r) => r.sessions),
      rows.map((r) => r.participants),
      rows.map((r) => r.beneficiaries),
      rows.map((r) => r.brandProject ?? ''),
    ],
  );
  return rows.length;
}
