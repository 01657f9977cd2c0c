/**
 * From ledgers to statuses: one SQL aggregate over the `cadence_records` view (counts per unit ×
 * type × Beijing month, yearly records by their period key, party-group meetings split by first
 * topic) fed to the pure cadence engine as weighted records.
 *
 * The whole-tree computation of a year is cached per database handle, keyed by the newest audit
 * record id and the Beijing day of "now". Every change made through the platform writes an audit
 * record in its own transaction (ledgers, units, rules, leading groups alike), so the audit head
 * is a data version that costs one primary-key read; the day is in the key because statuses turn
 * overdue at Beijing midnight. Writes that bypass the services (raw SQL in benchmarks or demo
 * generation) are not seen until a day or the `CACHE_TTL_MS` backstop passes.
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
 * Evaluates a year for the given units (all of them, or a subtree) as of `now`. One grouped
 * query; the engine does the calendar work in memory.
 */
export async function computeYear(
  db: Db,
  options: { year: number; now: Date; pathPrefix?: string },
): Promise<Computation> {
  const { year, now, pathPrefix } = options;
  const [requirements, units] = await Promise.all([
    loadRuleSet(db, now),
    loadUnits(db, pathPrefix),
  ]);
  const { start, end } = yearBounds(year);
  const yearKey = String(year);
  const aggregate = await rows<{
    unit_id: number;
    type: string;
    period_key: string | null;
    first_topic: boolean | null;
    ym: number;
    n: number;
  }>(
    db,
    sql`select r.unit_id, r.type, r.period_key, r.first_topic,
               (extract(year from r.m) * 100 + extract(month from r.m))::int as ym,
               count(*)::int as n
          from (select c.unit_id, c.type, c.period_key, c.first_topic,
                       date_trunc('month', c.occurred_at at time zone 'Asia/Shanghai') as m
                  from cadence_records c
                 where ((c.occurred_at >= ${start.toISOString()}::timestamptz
                         and c.occurred_at < ${end.toISOString()}::timestamptz)
                        or c.period_key = ${yearKey} or c.period_key like ${`${yearKey}-%`})
                 ${
                   pathPrefix
                     ? sql`and c.unit_id in (select id from units where path like ${`${pathPrefix}%`})`
                     : sql``
                 }) r
         group by 1, 2, 3, 4, 5`,
  );
  const unitIds = units.map((u) => u.id);
  const memberCounts = await leadingGroupMemberCounts(db, pathPrefix ? unitIds : undefined);

  const groupsOf = groupIndexer(requirements);
  const monthly = new Map<number, Uint32Array>();
  const records: CadenceRecord[] = [];
  for (const row of aggregate) {
    const monthKey = `${Math.floor(row.ym / 100)}-${String(row.ym % 100).padStart(2, '0')}`;
    records.push({
      unitId: row.unit_id,
      type: row.type,
      occurredAt: 0,
      periodKey: row.period_key ?? monthKey,
      attrs: row.first_topic === null ? null : { firstTopic: row.first_topic },
      count: row.n,
    });
    if (Math.floor(row.ym / 100) !== year) continue;
    const groups = groupsOf(row.type);
    if (groups.length === 0) continue;
    let counts = monthly.get(row.unit_id);
    if (!counts) {
      counts = new Uint32Array(requirementGroups.length * 12);
      monthly.set(row.unit_id, counts);
    }
    for (const g of groups) counts[g * 12 + (row.ym % 100) - 1]! += row.n;
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

interface CacheEntry {
  key: string;
  builtAt: number;
  computation: Promise<Computation>;
  /** Serialised answers for callers that see the whole tree, by view name. */
  serialized: Map<string, string>;
}

const caches = new WeakMap<Db, Map<number, CacheEntry>>();

async function dataVersion(db: Db): Promise<string> {
  const [head] = await rows<{ last_id: number }>(db, sql`select last_id from audit_head limit 1`);
  return String(head?.last_id ?? 0);
}

/** The whole tree's computation of a year, shared by every caller until the data changes. */
export async function cachedYear(
  db: Db,
  year: number,
  now: Date,
): Promise<{ computation: Computation; serialized: Map<string, string> }> {
  let perDb = caches.get(db);
  if (!perDb) {
    perDb = new Map();
    caches.set(db, perDb);
  }
  const key = `${await dataVersion(db)}|${shanghaiDate(now.getTime())}`;
  let entry = perDb.get(year);
  if (!entry || entry.key !== key || performance.now() - entry.builtAt > CACHE_TTL_MS) {
    const computation = computeYear(db, { year, now });
    entry = { key, builtAt: performance.now(), computation, serialized: new Map() };
    perDb.set(year, entry);
    // A failed computation must not stay cached.
    const failed = entry;
    computation.catch(() => {
      if (perDb.get(year) === failed) perDb.delete(year);
    });
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
