/**
 * Compliance views over the cadence results: the committee's city view (heat map, ranking,
 * overdue list, monthly trend), a cell's drill-down, a unit's own view, the overdue list, and the
 * report the CLI prints. Every view is limited to the units in `ctx.scope`.
 */
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import {
  type CadenceResult,
  type CadenceStatus,
  type Requirement,
  type RequirementGroup,
  requirementGroups,
  shanghaiDate,
} from '../cadence/index.js';
import { requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import {
  beijingYear,
  type Computation,
  cachedYear,
  computeYear,
  groupNames,
  type SerializedView,
  statusNames,
  typeMatches,
  type UnitInfo,
  unitsInScope,
  yearBounds,
} from './compute.js';
import { countableRecords } from './countables.js';

export interface Tally {
  met: number;
  dueSoon: number;
  overdue: number;
  notYetDue: number;
  /** Results that apply (every status but not-applicable). */
  applicable: number;
}

const emptyTally = (): Tally => ({ met: 0, dueSoon: 0, overdue: 0, notYetDue: 0, applicable: 0 });

function addTo(tally: Tally, status: CadenceStatus): void {
  if (status === 'not-applicable') return;
  tally.applicable++;
  if (status === 'met') tally.met++;
  else if (status === 'due-soon') tally.dueSoon++;
  else if (status === 'overdue') tally.overdue++;
  else tally.notYetDue++;
}

/**
 * A set of results in one word, "as of today": overdue beats due-soon beats met; periods still
 * running (not-yet-due) only describe the set when nothing else does, so a unit that has done
 * everything due so far reads as met in the middle of the year.
 */
export function cellStatus(t: Tally): CadenceStatus {
  if (t.overdue) return 'overdue';
  if (t.dueSoon) return 'due-soon';
  if (t.met) return 'met';
  if (t.notYetDue) return 'not-yet-due';
  return 'not-applicable';
}

/**
 * 完成率: of the results that are done or demanded now — met, due soon, overdue — the share met,
 * 0–100 with one decimal; null when there are none. Periods still running (not-yet-due) are left
 * out, so a unit on track reads 100% mid-year; results due soon are in, so a raised minimum that
 * turns met results due soon lowers the rate by exactly the results it turned.
 */
export function completionRate(t: Tally): number | null {
  const due = t.met + t.dueSoon + t.overdue;
  return due === 0 ? null : Math.round((t.met / due) * 1000) / 10;
}

function requirementNames(requirements: readonly Requirement[]): Map<string, string> {
  // The newest version's name wins (versions are in creation order).
  const names = new Map<string, string>();
  for (const r of requirements) names.set(r.id, r.name);
  return names;
}

function defaultYear(ctx: ServiceContext, year?: number): number {
  return year ?? beijingYear(ctx.clock.now());
}

/**
 * Which heat-map row a unit's results belong to: its owning unit when the caller sees that unit,
 * else the unit itself (a caller scoped to a branch sees the branch as its own row).
 */
function rowOf(unit: UnitInfo, visible: ReadonlySet<number>): number {
  return visible.has(unit.ownerId) ? unit.ownerId : unit.id;
}

function presentResult(result: CadenceResult, unit: UnitInfo, names: Map<string, string>) {
  return {
    unitId: unit.id,
    unitName: unit.name,
    requirementId: result.requirementId,
    requirementName: names.get(result.requirementId) ?? result.requirementId,
    group: result.group,
    period: result.periodKey,
    periodStart: result.periodStart,
    periodEnd: result.periodEnd,
    dueDate: result.dueDate,
    status: result.status,
    count: result.count,
    required: result.required,
  };
}

export type PresentedResult = ReturnType<typeof presentResult>;

function overdueItems(computation: Computation, visible: ReadonlySet<number>) {
  const names = requirementNames(computation.requirements);
  const today = computation.asOf;
  const items = [];
  for (const result of computation.results) {
    if (result.status !== 'overdue' || !visible.has(result.unitId)) continue;
    const unit = computation.unitById.get(result.unitId)!;
    const daysOverdue = Math.max(
      0,
      Math.round((Date.parse(today) - Date.parse(result.dueDate)) / 86_400_000),
    );
    items.push({ ...presentResult(result, unit, names), daysOverdue });
  }
  // Newest deadlines first: what just slipped is what a reminder can still rescue.
  items.sort(
    (a, b) =>
      b.dueDate.localeCompare(a.dueDate) ||
      a.unitId - b.unitId ||
      a.requirementId.localeCompare(b.requirementId),
  );
  return items;
}

const OVERDUE_IN_CITY_VIEW = 100;

function buildCityView(computation: Computation, units: readonly UnitInfo[]) {
  const visible = new Set(units.map((u) => u.id));
  const rowIds: number[] = [];
  const rowIndex = new Map<number, number>();
  for (const unit of units) {
    const row = rowOf(unit, visible);
    if (!rowIndex.has(row)) {
      rowIndex.set(row, rowIds.length);
      rowIds.push(row);
    }
  }
  const G = requirementGroups.length;
  const tallies = rowIds.map(() => requirementGroups.map(() => emptyTally()));
  const records = rowIds.map(() => new Array<number>(G).fill(0));
  const trend = requirementGroups.map(() => new Array<number>(12).fill(0));
  for (const result of computation.results) {
    if (!visible.has(result.unitId)) continue;
    const r = rowIndex.get(rowOf(computation.unitById.get(result.unitId)!, visible))!;
    addTo(tallies[r]![requirementGroups.indexOf(result.group)]!, result.status);
  }
  for (const unit of units) {
    const counts = computation.monthly.get(unit.id);
    if (!counts) continue;
    const r = rowIndex.get(rowOf(unit, visible))!;
    for (let g = 0; g < G; g++) {
      for (let m = 0; m < 12; m++) {
        const n = counts[g * 12 + m]!;
        records[r]![g]! += n;
        trend[g]![m]! += n;
      }
    }
  }

  // Rows no requirement applies to (the committee's own departments) are not units of the view.
  const kept = rowIds.flatMap((_id, r) => (tallies[r]!.some((t) => t.applicable > 0) ? [r] : []));
  if (kept.length < rowIds.length) {
    const keep = <T>(list: T[]) => kept.map((r) => list[r]!);
    rowIds.splice(0, rowIds.length, ...keep(rowIds));
    tallies.splice(0, tallies.length, ...keep(tallies));
    records.splice(0, records.length, ...keep(records));
  }
  const rowUnits = rowIds.map((id) => computation.unitById.get(id)!);
  const cells = [];
  const heatmap: [number, number, number | null][] = [];
  for (let r = 0; r < rowIds.length; r++) {
    for (let g = 0; g < G; g++) {
      const tally = tallies[r]![g]!;
      const share = completionRate(tally);
      cells.push({
        unitId: rowIds[r]!,
        group: requirementGroups[g]!,
        status: cellStatus(tally),
        share,
        records: records[r]![g]!,
        ...tally,
      });
      heatmap.push([g, r, share]);
    }
  }

  const ranking = rowIds
    .map((id, r) => {
      const total = emptyTally();
      for (const t of tallies[r]!) {
        total.met += t.met;
        total.dueSoon += t.dueSoon;
        total.overdue += t.overdue;
        total.notYetDue += t.notYetDue;
        total.applicable += t.applicable;
      }
      return { unitId: id, name: rowUnits[r]!.name, share: completionRate(total), ...total };
    })
    .filter((entry) => entry.applicable > 0)
    .sort(
      (a, b) =>
        (b.share ?? -1) - (a.share ?? -1) ||
        a.overdue - b.overdue ||
        b.met - a.met ||
        a.unitId - b.unitId,
    )
    .map((entry, index) => ({ rank: index + 1, ...entry }));

  const overdue = overdueItems(computation, visible);
  const summary = emptyTally();
  for (const result of computation.results) {
    if (visible.has(result.unitId)) addTo(summary, result.status);
  }
  return {
    year: computation.year,
    asOf: computation.asOf,
    groups: requirementGroups.map((id) => ({ id, name: groupNames[id] })),
    statuses: Object.entries(statusNames).map(([id, name]) => ({ id, name })),
    units: rowUnits.map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, kind: u.kind })),
    cells,
    /** ECharts heat-map series data: [group index (x), unit index (y), share met 0–100 | null]. */
    heatmap,
    ranking,
    overdue: { total: overdue.length, items: overdue.slice(0, OVERDUE_IN_CITY_VIEW) },
    trend: {
      months: Array.from(
        { length: 12 },
        (_, m) => `${computation.year}-${String(m + 1).padStart(2, '0')}`,
      ),
      series: requirementGroups.map((id, g) => ({
        group: id,
        name: groupNames[id],
        data: trend[g]!,
      })),
    },
    summary: { ...summary, share: completionRate(summary), units: rowIds.length },
  };
}

export type CityView = ReturnType<typeof buildCityView>;

/**
 * The committee's city view of a year as prepared bytes. For callers who see the whole tree the
 * UTF-8 JSON and its gzip are cached with the computation: under load a cache hit writes a ready
 * buffer (a province's view is megabytes of JSON; re-encoding it per request was the bottleneck).
 */
export async function cityViewBytes(
  ctx: ServiceContext,
  query: { year?: number },
): Promise<SerializedView> {
  const year = defaultYear(ctx, query.year);
  const { computation, serialized } = await cachedYear(ctx.tx, year, ctx.clock.now());
  if (ctx.scope.all) {
    let view = serialized.get('city');
    if (view === undefined) {
      const json = Buffer.from(JSON.stringify(buildCityView(computation, computation.units)));
      view = { json, gzip: gzipSync(json, { level: 6 }) };
      serialized.set('city', view);
    }
    return view;
  }
  const json = Buffer.from(
    JSON.stringify(buildCityView(computation, unitsInScope(computation, ctx.scope))),
  );
  return { json, gzip: gzipSync(json, { level: 1 }) };
}

export async function cityView(ctx: ServiceContext, query: { year?: number }): Promise<CityView> {
  return JSON.parse((await cityViewBytes(ctx, query)).json.toString('utf8'));
}

/** Every overdue item the caller sees, newest deadline first, paged. */
export async function overdueList(
  ctx: ServiceContext,
  query: { year?: number; page?: number; pageSize?: number },
) {
  const year = defaultYear(ctx, query.year);
  const { computation } = await cachedYear(ctx.tx, year, ctx.clock.now());
  const visible = new Set(unitsInScope(computation, ctx.scope).map((u) => u.id));
  const items = overdueItems(computation, visible);
  const size = query.pageSize ?? 50;
  const offset = ((query.page ?? 1) - 1) * size;
  return {
    year,
    asOf: computation.asOf,
    items: items.slice(offset, offset + size),
    total: items.length,
  };
}

const DRILL_DOWN_LIMIT = 500;

interface RecordRow {
  ledger: string;
  record_id: number;
  unit_id: number;
  type: string;
  occurred_at: Date | string;
  period_key: string | null;
  first_topic: boolean | null;
}

async function recordsOf(
  db: Db,
  unitIds: readonly number[],
  year: number,
  patterns: readonly string[] | null,
  limit: number,
) {
  if (unitIds.length === 0 || (patterns && patterns.length === 0)) return { items: [], total: 0 };
  const { start, end } = yearBounds(year);
  const exact = patterns ? patterns.filter((p) => !p.endsWith('*')) : [];
  const prefixes = patterns
    ? patterns.filter((p) => p.endsWith('*')).map((p) => `${p.slice(0, -1)}%`)
    : [];
  const typeCondition = patterns
    ? sql`and (c.type in (${sql.join(
        (exact.length ? exact : ['']).map((t) => sql`${t}`),
        sql`, `,
      )}) ${sql.join(
        prefixes.map((p) => sql` or c.type like ${p}`),
        sql``,
      )})`
    : sql``;
  const where = sql`c.unit_id in (${sql.join(
    unitIds.map((id) => sql`${id}`),
    sql`, `,
  )})
    and ((c.occurred_at >= ${start.toISOString()}::timestamptz and c.occurred_at < ${end.toISOString()}::timestamptz)
         or c.period_key = ${String(year)} or c.period_key like ${`${year}-%`})
    ${typeCondition}`;
  const records = await countableRecords();
  const [list, count] = await Promise.all([
    db.execute(
      sql`select c.ledger, c.record_id, c.unit_id, c.type, c.occurred_at, c.period_key, c.first_topic
            from ${records} c where ${where}
           order by c.occurred_at desc, c.ledger, c.record_id desc limit ${limit}`,
    ),
    db.execute(sql`select count(*)::int as n from ${records} c where ${where}`),
  ]);
  const rows = (list as unknown as { rows: RecordRow[] }).rows;
  const total = (count as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
  return {
    total,
    items: rows.map((r) => ({
      ledger: r.ledger,
      recordId: r.record_id,
      unitId: r.unit_id,
      type: r.type,
      occurredAt: new Date(r.occurred_at).toISOString(),
      occurredOn: shanghaiDate(new Date(r.occurred_at).getTime()),
      periodKey: r.period_key,
      firstTopic: r.first_topic,
    })),
  };
}

/** Units that report into a heat-map row: the row unit and everything it owns. */
async function subtreeComputation(ctx: ServiceContext, unitId: number, year: number) {
  const [unit] = await requireUnits(ctx.tx, ctx.scope, [unitId]);
  const computation = await computeYear(ctx.tx, {
    year,
    now: ctx.clock.now(),
    pathPrefix: unit!.path,
  });
  const units = computation.units.filter((u) => ctx.scope.includesPath(u.path));
  return { unit: unit!, computation, units };
}

/** Drill-down of one heat-map cell: the requirement results and the ledger records behind it. */
export async function cellDetail(
  ctx: ServiceContext,
  query: { year?: number; unitId: number; group: RequirementGroup },
) {
  const year = defaultYear(ctx, query.year);
  const { unit, computation, units } = await subtreeComputation(ctx, query.unitId, year);
  const visible = new Set(units.map((u) => u.id));
  // The row of the heat map: the unit and the units it owns (its branches and departments).
  const members = units.filter((u) => u.id === unit.id || rowOf(u, visible) === unit.id);
  const memberIds = new Set(members.map((u) => u.id));
  const names = requirementNames(computation.requirements);
  const results = computation.results
    .filter((r) => r.group === query.group && memberIds.has(r.unitId))
    .map((r) => presentResult(r, computation.unitById.get(r.unitId)!, names));
  const tally = emptyTally();
  for (const r of results) addTo(tally, r.status);
  const patterns = [
    ...new Set(
      computation.requirements.filter((r) => r.group === query.group).map((r) => r.recordType),
    ),
  ];
  const records = await recordsOf(ctx.tx, [...memberIds], year, patterns, DRILL_DOWN_LIMIT);
  const unitNames = new Map(members.map((u) => [u.id, u.name]));
  return {
    year,
    asOf: computation.asOf,
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    group: { id: query.group, name: groupNames[query.group] },
    status: cellStatus(tally),
    share: completionRate(tally),
    ...tally,
    requirements: results,
    records: {
      total: records.total,
      items: records.items.map((r) => ({
        ...r,
        unitName: unitNames.get(r.unitId) ?? '',
        ...countedIn(r, results, computation.requirements),
      })),
    },
  };
}

/**
 * The period of the requirement a record counts for (its type matches the rule's record type and
 * its day lies in the period): a drill-down opens the ledger on exactly that period.
 */
function countedIn(
  record: { type: string; occurredOn: string; periodKey: string | null },
  results: ReturnType<typeof presentResult>[],
  requirements: readonly Requirement[],
): { periodStart?: string; periodEnd?: string } {
  const day = record.occurredOn;
  for (const result of results) {
    const rule = requirements.find((q) => q.id === result.requirementId);
    if (!rule || !typeMatches(rule.recordType, record.type)) continue;
    if (
      record.periodKey
        ? result.period === record.periodKey
        : result.periodStart <= day && day <= result.periodEnd
    ) {
      return { periodStart: result.periodStart, periodEnd: result.periodEnd };
    }
  }
  return {};
}

const NEXT_DEADLINES = 10;
const RECENT_RECORDS = 20;

/** A unit's own view: its (and its branches') requirements, next deadlines, recent records. */
export async function unitView(ctx: ServiceContext, unitId: number, query: { year?: number }) {
  const year = defaultYear(ctx, query.year);
  const { unit, computation, units } = await subtreeComputation(ctx, unitId, year);
  const visible = new Set(units.map((u) => u.id));
  const names = requirementNames(computation.requirements);
  const requirements = computation.results
    .filter((r) => visible.has(r.unitId))
    .map((r) => presentResult(r, computation.unitById.get(r.unitId)!, names));
  const groups = requirementGroups.map((id) => {
    const tally = emptyTally();
    for (const r of requirements) if (r.group === id) addTo(tally, r.status);
    return {
      id,
      name: groupNames[id],
      status: cellStatus(tally),
      share: completionRate(tally),
      ...tally,
    };
  });
  const summary = emptyTally();
  for (const r of requirements) addTo(summary, r.status);
  const nextDeadlines = requirements
    .filter(
      (r) =>
        (r.status === 'due-soon' || r.status === 'not-yet-due') && r.dueDate >= computation.asOf,
    )
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.unitId - b.unitId)
    .slice(0, NEXT_DEADLINES);
  const recent = await recordsOf(ctx.tx, [...visible], year, null, RECENT_RECORDS);
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  return {
    year,
    asOf: computation.asOf,
    unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId },
    summary: { ...summary, status: cellStatus(summary), share: completionRate(summary) },
    groups,
    requirements,
    nextDeadlines,
    recentRecords: {
      total: recent.total,
      items: recent.items.map((r) => ({ ...r, unitName: unitNames.get(r.unitId) ?? '' })),
    },
  };
}

/**
 * The report `shoutu compliance` prints: every unit that owes something (kind 'unit' always,
 * branches and departments when a rule applies to them), in tree order.
 */
export async function complianceReport(
  db: Db,
  options: { year: number; now: Date; pathPrefix?: string },
) {
  const computation = await computeYear(db, options);
  const byUnit = new Map<number, CadenceResult[]>();
  for (const result of computation.results) {
    const list = byUnit.get(result.unitId) ?? [];
    list.push(result);
    byUnit.set(result.unitId, list);
  }
  return {
    year: options.year,
    units: computation.units
      .filter((u) => u.kind === 'unit' || byUnit.has(u.id))
      .map((u) => ({
        id: u.id,
        name: u.name,
        requirements: (byUnit.get(u.id) ?? []).map((r) => ({
          rule: r.requirementId,
          period: r.periodKey,
          status: r.status,
          count: r.count,
          required: r.required,
        })),
      })),
  };
}

export { requirementNames };
