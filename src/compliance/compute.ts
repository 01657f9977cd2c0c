/**
 * From ledgers to statuses: one SQL aggregate over the countable records every module declares in its manifest
 * (counts per unit ×
 * type × Beijing month, yearly records by their period key, party-group meetings split by first
 * topic) fed to the pure cadence engine as weighted records.
 *
 * The whole-tree computation of a year is cached per database handle and Beijing day (statuses
 * turn overdue at Beijing midnight). Every change made through the platform writes an audit
 * record in its own transaction (ledgers, units, rules, leading groups alike), so the audit log
 * is the data version: a request reads the audit rows newer than the ones the cache has seen —
 * by primary key, usually none — and recomputes only when one of them is a relevant change
 * (sign-ins and exports are not). Writes that bypass the services (raw SQL in benchmarks or demo
 * generation) are seen after the day changes or after `CACHE_TTL_MS`, when a background
 * recomputation replaces the entry while callers keep getting the current one.
 */
import { sql } from 'drizzle-orm';
import {
  type CadenceRecord,
  type CadenceResult,
  evaluateEach,
  type Requirement,
  type RequirementGroup,
  requirementGroups,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
} from '../cadence/index.js';
import type { Scope } from '../platform/access.js';
import type { Db } from '../platform/db.js';
import { leadingGroupMemberCounts } from '../responsibility/service.js';
import { complianceEffectOf, countableRecords } from './countables.js';
import { loadRuleSet } from './requirements.js';

export interface UnitInfo {
  id: number;
  name: string;
  shortName: string;
  kind: string;
  path: string;
  parentId: number | null;
  createdAt: Date;
  /** The nearest unit of kind 'unit' at or above this one (itself when there is none). */
  ownerId: number;
}

export interface Computation {
  year: number;
  /** The instant statuses were judged at. */
  now: Date;
  asOf: string;
  requirements: Requirement[];
  /** Every unit below the committee level, in tree order. */
  units: UnitInfo[];
  unitById: Map<number, UnitInfo>;
  results: CadenceResult[];
  /** Records per unit per group per Beijing month of the year: [group index * 12 + month]. */
  monthly: Map<number, Uint32Array>;
}

export const CACHE_TTL_MS = 10 * 60_000;

interface Row {
  [key: string]: unknown;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Beijing-midnight instants bounding a calendar year. */
export function yearBounds(year: number): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS),
    end: new Date(Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS),
  };
}

export function beijingYear(at: Date): number {
  return Number(shanghaiDate(at.getTime()).slice(0, 4));
}

/** Units below the committee level, optionally only a subtree, with their owning unit. */
export async function loadUnits(db: Db, pathPrefix?: string): Promise<UnitInfo[]> {
  const list = await rows<{
    id: number;
    name: string;
    short_name: string;
    kind: string;
    path: string;
    parent_id: number | null;
    created_at: Date | string;
  }>(
    db,
    sql`select id, name, short_name, kind, path, parent_id, created_at from units
        where kind <> 'committee' ${pathPrefix ? sql`and path like ${`${pathPrefix}%`}` : sql``}
        order by path`,
  );
  const kindOf = new Map<number, string>();
  for (const u of list) kindOf.set(u.id, u.kind);
  // Ancestors outside the loaded subtree matter for the owner: load their kinds too.
  if (pathPrefix) {
    const ancestorIds = pathPrefix.split('/').filter(Boolean).map(Number);
    if (ancestorIds.length) {
      const ancestors = await rows<{ id: number; kind: string }>(
        db,
        sql`select id, kind from units where id in (${sql.join(
          ancestorIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      );
      for (const a of ancestors) kindOf.set(a.id, a.kind);
    }
  }
  return list.map((u) => {
    const chain = u.path.split('/').filter(Boolean).map(Number);
    let ownerId = u.id;
    for (let i = chain.length - 1; i >= 0; i--) {
      if (kindOf.get(chain[i]!) === 'unit') {
        ownerId = chain[i]!;
        break;
      }
    }
    return {
      id: u.id,
      name: u.name,
      shortName: u.short_name,
      kind: u.kind,
      path: u.path,
      parentId: u.parent_id,
      createdAt: new Date(u.created_at),
      ownerId,
    };
  });
}

/** Does a record type count for a requirement's `recordType` (a trailing '*' is a prefix)? */
export function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

/** The groups whose requirements count a record type (cached per computation). */
function groupIndexer(requirements: readonly Requirement[]) {
  const cache = new Map<string, number[]>();
  return (type: string): number[] => {
    let groups = cache.get(type);
    if (!groups) {
      const set = new Set<number>();
      for (const r of requirements) {
        if (typeMatches(r.recordType, type)) set.add(requirementGroups.indexOf(r.group));
      }
      groups = [...set];
      cache.set(type, groups);
    }
    return groups;
  };
}

/**
 * How record types are grouped for the engine. Types no requirement counts are left out. Types
 * matched only through a prefix rule that no other rule refines ('activity:*': every activity
 * subtype) are grouped under the pattern itself, which the engine and the group mapping match
 * exactly as they matched the original type — at province scale this turns six activity rows
 * per unit and month into one.
 */
export function typeGrouping(requirements: readonly Requirement[]) {
  const patterns = [...new Set(requirements.map((r) => r.recordType))];
  if (patterns.length === 0) return { typeExpr: sql`c.type`, counted: sql`false` };
  const collapsible = patterns
    .filter((p) => p.endsWith('*'))
    .map((p) => p.slice(0, -1))
    .filter((prefix) => !patterns.some((q) => q !== `${prefix}*` && q.startsWith(prefix)));
  const typeExpr = collapsible.length
    ? sql`(case ${sql.join(
        collapsible.map((prefix) => sql`when c.type like ${`${prefix}%`} then ${`${prefix}*`}`),
        sql` `,
      )} else c.type end)`
    : sql`c.type`;
  const counted = sql`(${sql.join(
    patterns.map((p) =>
      p.endsWith('*') ? sql`c.type like ${`${p.slice(0, -1)}%`}` : sql`c.type = ${p}`,
    ),
    sql` or `,
  )})`;
  return { typeExpr, counted };
}

interface AggregateRow {
  unit_id: number;
  type: string;
  period_key: string | null;
  first_topic: boolean | null;
  /** Beijing month of the year 1–12; 0 before the year, 13 after it (period-key rows). */
  month: number;
  n: number;
}

/**
 * Counts per unit × type × Beijing month (yearly records also by period key, party-group meetings
 * by first topic). The month is `width_bucket` over the year's thirteen Beijing month starts —
 * the same buckets as date_trunc('month', occurred_at at time zone 'Asia/Shanghai') without a
 * time-zone conversion per row (China keeps UTC+8 all year). A larger work_mem for this one
 * transaction keeps the grouping in memory at province scale instead of spilling to disk.
 */
async function aggregateYear(
  db: Db,
  year: number,
  filter: { pathPrefix?: string; unitIds?: readonly number[] },
  requirements: readonly Requirement[],
): Promise<AggregateRow[]> {
  const { typeExpr, counted } = typeGrouping(requirements);
  const { start, end } = yearBounds(year);
  const thresholds = Array.from({ length: 13 }, (_, m) =>
    new Date(Date.UTC(year, m, 1) - SHANGHAI_OFFSET_MS).toISOString(),
  );
  const yearKey = String(year);
  const unitFilter = filter.unitIds
    ? sql`and c.unit_id in (${sql.join(
        (filter.unitIds.length ? filter.unitIds : [0]).map((id) => sql`${id}`),
        sql`, `,
      )})`
    : filter.pathPrefix
      ? sql`and c.unit_id in (select id from units where path like ${`${filter.pathPrefix}%`})`
      : sql``;
  const records = await countableRecords();
  const query = sql`select c.unit_id, ${typeExpr} as type, c.period_key, c.first_topic,
             width_bucket(c.occurred_at, ${`{${thresholds.join(',')}}`}::timestamptz[]) as month,
             count(*)::int as n
        from ${records} c
       where ((c.occurred_at >= ${start.toISOString()}::timestamptz
               and c.occurred_at < ${end.toISOString()}::timestamptz)
              or c.period_key = ${yearKey} or c.period_key like ${`${yearKey}-%`})
             and ${counted}
             ${unitFilter}
       group by 1, 2, 3, 4, 5`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    return rows<AggregateRow>(tx, query);
  });
}

/**
 * Evaluates a year for the given units (all of them, a subtree, or a list) as of `now`. One
 * grouped query; the engine does the calendar work in memory.
 */
export async function computeYear(
  db: Db,
  options: { year: number; now: Date; pathPrefix?: string; unitIds?: readonly number[] },
): Promise<Computation> {
  const { year, now, pathPrefix } = options;
  const [requirements, allUnits] = await Promise.all([
    loadRuleSet(db, now),
    loadUnits(db, pathPrefix),
  ]);
  const only = options.unitIds ? new Set(options.unitIds) : null;
  const units = only ? allUnits.filter((u) => only.has(u.id)) : allUnits;
  const aggregate = await aggregateYear(
    db,
    year,
    { pathPrefix, unitIds: options.unitIds },
    requirements,
  );
  const unitIds = units.map((u) => u.id);
  const memberCounts = await leadingGroupMemberCounts(db, pathPrefix || only ? unitIds : undefined);

  const groupsOf = groupIndexer(requirements);
  const monthly = new Map<number, Uint32Array>();
  const records: CadenceRecord[] = [];
  for (const row of aggregate) {
    const inYear = row.month >= 1 && row.month <= 12;
    // Rows outside the year only matter through their period key.
    if (!inYear && !row.period_key) continue;
    const monthKey = `${year}-${String(row.month).padStart(2, '0')}`;
    records.push({
      unitId: row.unit_id,
      type: row.type,
      occurredAt: 0,
      periodKey: row.period_key ?? monthKey,
      attrs: row.first_topic === null ? null : { firstTopic: row.first_topic },
      count: row.n,
    });
    if (!inYear) continue;
    const groups = groupsOf(row.type);
    if (groups.length === 0) continue;
    let counts = monthly.get(row.unit_id);
    if (!counts) {
      counts = new Uint32Array(requirementGroups.length * 12);
      monthly.set(row.unit_id, counts);
    }
    for (const g of groups) counts[g * 12 + row.month - 1]! += row.n;
  }

  const results: CadenceResult[] = [];
  evaluateEach(
    {
      requirements,
      units: units.map((u) => ({ id: u.id, kind: u.kind, createdAt: u.createdAt.getTime() })),
      records,
      memberCounts,
      year,
      now: now.getTime(),
    },
    (result) => results.push(result),
  );
  return {
    year,
    now,
    asOf: shanghaiDate(now.getTime()),
    requirements,
    units,
    unitById: new Map(units.map((u) => [u.id, u])),
    results,
    monthly,
  };
}

/** A prepared answer: UTF-8 JSON and its gzip, so a cache hit costs no serialisation at all. */
export interface SerializedView {
  json: Buffer;
  gzip: Buffer;
}

interface CacheEntry {
  /** Beijing day the statuses were judged on. */
  day: string;
  /** Newest audit record the computation has accounted for. */
  auditId: number;
  builtAt: number;
  /** A background refresh (TTL backstop) is running. */
  refreshing?: boolean;
  computation: Promise<Computation>;
  /** Serialised answers for callers that see the whole tree, by view name. */
  serialized: Map<string, SerializedView>;
}

const caches = new WeakMap<Db, Map<number, CacheEntry>>();

/** How many newer audit records are worth reading one by one before simply recomputing. */
const AUDIT_SCAN_LIMIT = 200;

interface Changes {
  newest: number;
  /** 'none', the units whose own results may differ, or 'all' (rules, the tree, imports…). */
  changed: 'none' | 'all' | Set<number>;
}

/**
 * What happened since audit record `sinceId`? Reads only the newer audit rows (by primary key),
 * usually none or a few sign-ins.
 */
async function changesSince(db: Db, sinceId: number): Promise<Changes> {
  const newer = await rows<{ id: number; action: string; outcome: string; unit_id: number | null }>(
    db,
    sql`select id, action, outcome, unit_id from audit_log where id > ${sinceId}
         order by id limit ${AUDIT_SCAN_LIMIT + 1}`,
  );
  if (newer.length === 0) return { newest: sinceId, changed: 'none' };
  const newest = Number(newer[newer.length - 1]!.id);
  if (newer.length > AUDIT_SCAN_LIMIT) return { newest, changed: 'all' };
  const units = new Set<number>();
  // The manifests say what each audited kind means for compliance; a kind no module counts
  // (sign-ins, exports, a new module's own records) changes nothing here.
  for (const r of newer) {
    if (r.outcome !== 'success') continue;
    const effect = await complianceEffectOf(r.action);
    if (effect === null) continue;
    if (effect === 'all' || r.unit_id === null) return { newest, changed: 'all' };
    units.add(Number(r.unit_id));
  }
  return { newest, changed: units.size ? units : 'none' };
}

async function auditHeadId(db: Db): Promise<number> {
  const [head] = await rows<{ last_id: number }>(db, sql`select last_id from audit_head limit 1`);
  return Number(head?.last_id ?? 0);
}

/**
 * A computation with some units' results recomputed: a ledger entry in one unit costs a query
 * over that unit's records, not the province's.
 */
async function patched(
  db: Db,
  base: Computation,
  unitIds: ReadonlySet<number>,
): Promise<Computation> {
  const part = await computeYear(db, {
    year: base.year,
    now: base.now,
    unitIds: [...unitIds],
  });
  const results = base.results.filter((r) => !unitIds.has(r.unitId));
  for (const r of part.results) results.push(r);
  const monthly = new Map(base.monthly);
  for (const id of unitIds) monthly.delete(id);
  for (const [id, counts] of part.monthly) monthly.set(id, counts);
  return { ...base, requirements: part.requirements, results, monthly };
}

/** The whole tree's computation of a year, shared by every caller until the data changes. */
export async function cachedYear(
  db: Db,
  year: number,
  now: Date,
): Promise<{ computation: Computation; serialized: Map<string, SerializedView> }> {
  let perDb = caches.get(db);
  if (!perDb) {
    perDb = new Map();
    caches.set(db, perDb);
  }
  const day = shanghaiDate(now.getTime());
  const install = (auditId: number, computation: Promise<Computation>): CacheEntry => {
    const entry = { day, auditId, builtAt: performance.now(), computation, serialized: new Map() };
    perDb.set(year, entry);
    // A failed computation must not stay cached.
    computation.catch(() => {
      if (perDb.get(year) === entry) perDb.delete(year);
    });
    return entry;
  };
  let entry = perDb.get(year);
  if (entry && entry.day === day) {
    const seen = entry;
    const { newest, changed } = await changesSince(db, seen.auditId);
    const current = perDb.get(year);
    if (current !== seen && current?.day === day && current.auditId >= newest) {
      // Another caller already brought the cache up to date while this one read the audit log.
      entry = current;
    } else if (changed === 'none') {
      if (newest > seen.auditId) seen.auditId = newest;
      if (performance.now() - seen.builtAt > CACHE_TTL_MS && !seen.refreshing) {
        // The backstop against writes that bypass the services: recompute in the background and
        // keep answering from the current entry meanwhile (nothing audited has changed).
        seen.refreshing = true;
        const auditId = seen.auditId;
        computeYear(db, { year, now }).then(
          (fresh) => {
            if (perDb.get(year) === seen) install(auditId, Promise.resolve(fresh));
          },
          () => {
            seen.refreshing = false;
          },
        );
      }
    } else if (changed === 'all') {
      entry = install(newest, computeYear(db, { year, now }));
    } else {
      const base = await seen.computation;
      const latest = perDb.get(year);
      if (latest !== seen && latest?.day === day && latest.auditId >= newest) {
        entry = latest; // patched by a concurrent caller meanwhile
      } else {
        const known = [...changed].every((id) => base.unitById.has(id));
        entry = install(
          newest,
          known ? patched(db, base, changed) : computeYear(db, { year, now }),
        );
      }
    }
  } else {
    const auditId = await auditHeadId(db);
    const current = perDb.get(year);
    // Single flight: a computation started meanwhile for the same day and data is shared.
    entry =
      current && current !== entry && current.day === day && current.auditId >= auditId
        ? current
        : install(auditId, computeYear(db, { year, now }));
  }
  return { computation: await entry.computation, serialized: entry.serialized };
}

/** Units of a computation the scope reaches. */
export function unitsInScope(computation: Computation, scope: Scope): UnitInfo[] {
  if (scope.all) return computation.units;
  return computation.units.filter((u) => scope.includesPath(u.path));
}

export const groupNames: Record<RequirementGroup, string> = {
  responsibility: '责任制落实',
  study: '理论武装',
  activities: '载体建设',
};

export const statusNames = {
  met: '已完成',
  'due-soon': '临期',
  overdue: '逾期',
  'not-yet-due': '未到期',
  'not-applicable': '不适用',
} as const;

export type { Row };
