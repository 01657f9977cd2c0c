// Figures by query (阵地数据): how much each position published per month, quarter or year, and the
// committee's summary per unit (positions, failing, stale). What counts as "a post" depends on the
// kind of position, so the figures read one function per kind (`postCounters`); a kind without one
// is shown as not measured rather than as zero.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { inSubtree } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import { rectifications } from '../platform/rectification-tables.js';
import { units } from '../platform/tables.js';
import { SITE_CHECK_SOURCE } from './checks.js';
import { type PositionKind, positionKindLabels } from './contract.js';
import type { FigurePeriod, FiguresQuery } from './lecture-contract.js';
import { FEED_CHECK_SOURCE } from './media.js';
import { mediaKinds, physicalKinds } from './media-contract.js';
import { beijingDay } from './service.js';
import { positions } from './tables.js';

/** One dated post of one position (a Beijing day). */
export interface DatedPost {
  positionId: number;
  day: string;
}

export interface PostCounter {
  /** Chinese name of what is counted, shown beside the figures. */
  label: string;
  /** Posts of these positions whose day lies in [from, to] (Beijing days, both inclusive). */
  posts(ctx: ServiceContext, positionIds: number[], from: string, to: string): Promise<DatedPost[]>;
}

const idList = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/** Runs a query selecting `positionId` and `day` (a Beijing day) into dated posts. */
async function datedPosts(ctx: ServiceContext, query: SQL): Promise<DatedPost[]> {
  const result = await ctx.tx.execute(query);
  return (result as unknown as { rows: { positionId: number; day: string }[] }).rows.map((r) => ({
    positionId: Number(r.positionId),
    day: r.day,
  }));
}

/**
 * Websites: every distinct (column, newest item date) the checks have seen. A site checked weekly
 * that updates daily shows fewer posts than it made: a lower bound, said so in the label.
 */
const websiteCounter: PostCounter = {
  label: '网站检查所见栏目更新（下限）',
  async posts(ctx, ids, from, to) {
    return datedPosts(
      ctx,
      sql`
      select distinct c.position_id as "positionId", c.col->>'url' as url,
        left(c.col->>'lastUpdated', 10) as day
      from (select position_id, jsonb_array_elements(columns) as col
            from position_checks where status = 'done' and position_id in (${idList(ids)})) c
      where left(c.col->>'lastUpdated', 10) between ${from} and ${to}`,
    );
  },
};

/** Lectures and forums: the approved events of the series held in the period. */
const eventCounter: PostCounter = {
  label: '已批准举办的场次',
  async posts(ctx, ids, from, to) {
    return datedPosts(
      ctx,
      sql`
      select position_id as "positionId",
        to_char(starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day
      from lecture_requests
      where status = 'approved' and position_id in (${idList(ids)})
        and (starts_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`,
    );
  },
};

/** New-media accounts: the posts seen through their feeds, imported lists or attestations. */
const mediaCounter: PostCounter = {
  label: '发布条数',
  async posts(ctx, ids, from, to) {
    return datedPosts(
      ctx,
      sql`
      select position_id as "positionId",
        to_char(published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day
      from position_posts
      where published_at is not null and position_id in (${idList(ids)})
        and (published_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`,
    );
  },
};

/** Screens, boards, walls and publications: the dated check-ins of what they showed. */
const checkinCounter: PostCounter = {
  label: '内容更新打卡次数',
  async posts(ctx, ids, from, to) {
    return datedPosts(
      ctx,
      sql`
      select position_id as "positionId", to_char(checked_on, 'YYYY-MM-DD') as day
      from position_checkins
      where position_id in (${idList(ids)}) and checked_on between ${from}::date and ${to}::date`,
    );
  },
};

export const postCounters: Partial<Record<PositionKind, PostCounter>> = {
  website: websiteCounter,
  lecture: eventCounter,
  forum: eventCounter,
  ...Object.fromEntries(mediaKinds.map((kind) => [kind, mediaCounter])),
  ...Object.fromEntries(physicalKinds.map((kind) => [kind, checkinCounter])),
};

/** The buckets of a year: 12 months, 4 quarters or the year itself, with their labels. */
export function buckets(period: FigurePeriod, year: number) {
  if (period === 'year') return [{ key: `${year}`, label: `${year}年` }];
  if (period === 'quarter')
    return [1, 2, 3, 4].map((q) => ({ key: `${year}-Q${q}`, label: `第${q}季度` }));
  return Array.from({ length: 12 }, (_, i) => ({
    key: `${year}-${String(i + 1).padStart(2, '0')}`,
    label: `${i + 1}月`,
  }));
}

export function bucketOf(period: FigurePeriod, day: string): string {
  if (period === 'year') return day.slice(0, 4);
  if (period === 'quarter') return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
  return day.slice(0, 7);
}

/** Per position of the caller's scope (or one unit's subtree): posts per bucket of the year. */
export async function positionFigures(ctx: ServiceContext, query: FiguresQuery) {
  const period = query.period ?? 'month';
  const year = query.year ?? Number(beijingDay(ctx.clock.now()).slice(0, 4));
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const conditions: (SQL | undefined)[] = [
    ctx.scope.filter(positions.unitId),
    query.unitId ? inSubtree(positions.unitId, query.unitId) : undefined,
  ];
  const rows = await ctx.tx
    .select({
      id: positions.id,
      unitId: positions.unitId,
      unitName: units.name,
      kind: positions.kind,
      name: positions.name,
      status: positions.status,
    })
    .from(positions)
    .leftJoin(units, eq(units.id, positions.unitId))
    .where(and(...conditions))
    .orderBy(asc(positions.unitId), asc(positions.kind), asc(positions.id))
    .limit(5_000);
  const cols = buckets(period, year);
  const counts = new Map<number, Map<string, number>>();
  const byCounter = new Map<PostCounter, number[]>();
  for (const row of rows) {
    const counter = postCounters[row.kind];
    if (counter) byCounter.set(counter, [...(byCounter.get(counter) ?? []), row.id]);
  }
  for (const [counter, ids] of byCounter) {
    for (const post of await counter.posts(ctx, ids, from, to)) {
      const perBucket = counts.get(post.positionId) ?? new Map<string, number>();
      const key = bucketOf(period, post.day);
      perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
      counts.set(post.positionId, perBucket);
    }
  }
  return {
    period,
    year,
    buckets: cols,
    items: rows.map((row) => {
      const counter = postCounters[row.kind];
      const perBucket = counts.get(row.id);
      const values = counter ? cols.map((c) => perBucket?.get(c.key) ?? 0) : null;
      return {
        positionId: row.id,
        unitId: row.unitId,
        unitName: row.unitName ?? '',
        kind: row.kind,
        kindLabel: positionKindLabels[row.kind],
        name: row.name,
        /** What is counted; null: this kind is not measured yet. */
        measure: counter?.label ?? null,
        counts: values,
        total: values ? values.reduce((a, b) => a + b, 0) : null,
      };
    }),
  };
}

/** An account's lapses (not updated in its cadence, 僵尸号): vetoes of the feed checks. */
const ACCOUNT_LAPSE_CODES = ['account-stale', 'account-zombie'];

const STALE_CODES = ['home-stale', 'column-stale', 'columns-stale-many', ...ACCOUNT_LAPSE_CODES];

/**
 * The committee's summary per unit: active positions, those failing (an open veto rectification
 * from a site or account check) and those stale (an open "not updated" rectification), in the
 * caller's scope.
 */
export async function positionSummary(ctx: ServiceContext, query: { unitId?: number }) {
  const within = (column: PgColumn) =>
    and(ctx.scope.filter(column), query.unitId ? inSubtree(column, query.unitId) : undefined);
  const totals = await ctx.tx
    .select({
      unitId: positions.unitId,
      unitName: units.name,
      total: sql<number>`count(*)::int`,
    })
    .from(positions)
    .leftJoin(units, eq(units.id, positions.unitId))
    .where(and(within(positions.unitId), inArray(positions.status, ['open', 'change'])))
    .groupBy(positions.unitId, units.name)
    .orderBy(asc(positions.unitId));
  const open = (extra: SQL) =>
    ctx.tx
      .select({
        unitId: rectifications.unitId,
        n: sql<number>`count(distinct ${rectifications.subjectId})::int`,
      })
      .from(rectifications)
      .where(
        and(
          within(rectifications.unitId),
          inArray(rectifications.source, [SITE_CHECK_SOURCE, FEED_CHECK_SOURCE]),
          eq(rectifications.subjectEntity, 'position'),
          sql`${rectifications.status} <> 'closed'`,
          extra,
        ),
      )
      .groupBy(rectifications.unitId);
  const failing = new Map(
    (
      await open(
        sql`(${rectifications.finding}->>'severity' = 'veto' or ${inArray(rectifications.code, ACCOUNT_LAPSE_CODES)})`,
      )
    ).map((r) => [r.unitId, r.n]),
  );
  const stale = new Map(
    (await open(inArray(rectifications.code, STALE_CODES))).map((r) => [r.unitId, r.n]),
  );
  const items = totals.map((t) => ({
    unitId: t.unitId,
    unitName: t.unitName ?? '',
    total: t.total,
    failing: failing.get(t.unitId) ?? 0,
    stale: stale.get(t.unitId) ?? 0,
  }));
  return {
    items,
    totals: {
      total: items.reduce((a, r) => a + r.total, 0),
      failing: items.reduce((a, r) => a + r.failing, 0),
      stale: items.reduce((a, r) => a + r.stale, 0),
    },
  };
}
