/**
 * The cadence engine: requirements × units × periods → status.
 *
 * Cost is O(records + units × requirements × periods): records are counted once into per-unit
 * monthly buckets (one typed array per distinct record-type/predicate "channel"), then every
 * period's count is a sum of at most 12 buckets. Period boundaries, due dates and their strings
 * are computed once per requirement version and period and shared by every unit's result.
 *
 * Rules chosen (the committee can read them in the product documentation):
 *
 * - Time zone: periods are Beijing calendar periods at a fixed UTC+08:00 (see periods.ts).
 * - Status: 'met' as soon as count ≥ required, whenever that happens. Otherwise, judged against
 *   `now`: 'overdue' once the due date has passed (due date = last day of the period +
 *   dueOffsetDays, inclusive, so the deadline is the following Beijing midnight); 'due-soon' in
 *   the `dueSoonDays` days before that deadline; 'not-yet-due' before then.
 * - All-must-match: a record of the type that fails the predicate is a breach no later record can
 *   cure, so the period is 'overdue' at once; with no breach it is judged like a count rule with
 *   required = max(records of the type, minCount).
 * - Units created mid-period: a unit created after the midpoint of a period is 'not-applicable'
 *   for that period (it had less than half the period to do the work); created at or before the
 *   midpoint, it owes the full count. A unit without `createdAt` always existed.
 * - Rules edited mid-year: versions of a requirement share its id and differ in `effectiveFrom`.
 *   Each period is judged by the version in force on the period's last day (the latest
 *   effectiveFrom before the period ends). If that version is disabled, or its period kind is
 *   not the kind of this period (a half-year rule became quarterly), the period yields no result;
 *   before the first version's effectiveFrom the rule did not exist and yields nothing.
 * - Scope: units outside a requirement's `appliesTo` yield no result at all (not even
 *   'not-applicable'), so a branch-only rule does not flood unit dashboards.
 * - Per member: required = minCount × leading-group members; an unknown or zero count is taken as
 *   one member, since every unit has at least its first responsible person (第一责任人).
 *   Member counts are the current ones for every period evaluated.
 */
import {
  DAY_MS,
  type PeriodSpan,
  parsePeriodKey,
  periodsOfYear,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
  toEpochMs,
} from './periods.js';
import type {
  AttrCondition,
  AttrValue,
  CadenceRecord,
  CadenceResult,
  CadenceStatus,
  CadenceUnit,
  EvaluateInput,
  Requirement,
} from './types.js';

type Attrs = CadenceRecord['attrs'];
type AttrTest = (attrs: Attrs) => boolean;

/** One counter: records of a type (pattern) that pass a predicate (or all of them). */
interface Channel {
  index: number;
  /** Exact type, or a prefix when `prefix` is set. */
  type: string;
  prefix: boolean;
  test: AttrTest | null;
}

/** What to compute for one requirement version in one period; shared by every unit. */
interface PlanItem {
  period: PeriodSpan;
  /** Month offsets into the bucket range: [fromMonth, fromMonth + monthCount). */
  fromMonth: number;
  midpointMs: number;
  deadlineMs: number;
  dueSoonFromMs: number;
  dueDate: string;
}

interface VersionPlan {
  requirement: Requirement;
  allMustMatch: boolean;
  matchChannel: Channel;
  /** Channel of every record of the type, for all-must-match. */
  totalChannel: Channel | null;
  kindSet: ReadonlySet<string> | null;
  idSet: ReadonlySet<number> | null;
  items: PlanItem[];
}

function compileCondition(condition: AttrCondition): AttrTest {
  const { attr } = condition;
  switch (condition.op) {
    case 'eq': {
      const expected = condition.value;
      return (attrs) => attrs?.[attr] === expected;
    }
    case 'ne': {
      const expected = condition.value;
      return (attrs) => attrs?.[attr] !== expected;
    }
    case 'in': {
      const allowed = new Set<AttrValue>(condition.value);
      return (attrs) => {
        const v = attrs?.[attr];
        return v !== undefined && v !== null && allowed.has(v);
      };
    }
    case 'gte': {
      const bound = condition.value;
      return (attrs) => {
        const v = attrs?.[attr];
        return typeof v === 'number' && v >= bound;
      };
    }
    case 'lte': {
      const bound = condition.value;
      return (attrs) => {
        const v = attrs?.[attr];
        return typeof v === 'number' && v <= bound;
      };
    }
    case 'exists':
      return (attrs) => {
        const v = attrs?.[attr];
        return v !== undefined && v !== null && v !== '';
      };
  }
}

/** Compiles a predicate once per channel so the record loop only calls closures. */
export function compilePredicate(predicate: readonly AttrCondition[] | undefined): AttrTest | null {
  if (!predicate || predicate.length === 0) return null;
  const tests = predicate.map(compileCondition);
  if (tests.length === 1) return tests[0]!;
  return (attrs) => {
    for (const test of tests) if (!test(attrs)) return false;
    return true;
  };
}

function normalizeYears(year: number | readonly number[]): number[] {
  const years = typeof year === 'number' ? [year] : [...new Set(year)].sort((a, b) => a - b);
  if (years.length === 0) throw new RangeError('评估年度不能为空');
  for (const y of years) {
    if (!Number.isInteger(y) || y < 1992 || y > 9999) throw new RangeError(`评估年度无效：${y}`);
  }
  return years;
}

function memberCountOf(memberCounts: EvaluateInput['memberCounts'], unitId: number): number {
  if (!memberCounts) return 0;
  const n =
    memberCounts instanceof Map
      ? memberCounts.get(unitId)
      : (memberCounts as Record<number, number>)[unitId];
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** Versions of each requirement id, oldest first, in the order ids first appear. */
function versionsById(
  requirements: readonly Requirement[],
): Map<string, { requirement: Requirement; fromMs: number }[]> {
  const byId = new Map<string, { requirement: Requirement; fromMs: number }[]>();
  for (const requirement of requirements) {
    const fromMs =
      requirement.effectiveFrom === undefined
        ? Number.NEGATIVE_INFINITY
        : toEpochMs(requirement.effectiveFrom);
    if (Number.isNaN(fromMs)) {
      throw new RangeError(`要求“${requirement.name}”的生效日期无效：${requirement.effectiveFrom}`);
    }
    let versions = byId.get(requirement.id);
    if (!versions) {
      versions = [];
      byId.set(requirement.id, versions);
    }
    versions.push({ requirement, fromMs });
  }
  for (const versions of byId.values()) versions.sort((a, b) => a.fromMs - b.fromMs);
  return byId;
}

/**
 * Evaluates and hands each result to `onResult` instead of collecting them, for callers that
 * aggregate millions of rows (dashboards, benchmarks) without holding them all.
 */
export function evaluateEach(
  input: EvaluateInput,
  onResult: (result: CadenceResult) => void,
): void {
  const years = normalizeYears(input.year);
  const firstYear = years[0]!;
  const monthCount = (years[years.length - 1]! - firstYear + 1) * 12;
  const nowMs = toEpochMs(input.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`当前时间无效：${String(input.now)}`);

  // Channels are shared between requirements counting the same thing.
  const channels: Channel[] = [];
  const channelByKey = new Map<string, Channel>();
  const channelFor = (type: string, predicate: readonly AttrCondition[] | undefined): Channel => {
    const key = `${type}\u0000${predicate && predicate.length > 0 ? JSON.stringify(predicate) : ''}`;
    let channel = channelByKey.get(key);
    if (!channel) {
      const prefix = type.endsWith('*');
      channel = {
        index: channels.length,
        type: prefix ? type.slice(0, -1) : type,
        prefix,
        test: compilePredicate(predicate),
      };
      channels.push(channel);
      channelByKey.set(key, channel);
    }
    return channel;
  };

  const periodCache = new Map<string, PeriodSpan[]>();
  const periodsOf = (kind: Requirement['period']): PeriodSpan[] => {
    let periods = periodCache.get(kind);
    if (!periods) {
      periods = years.flatMap((y) => periodsOfYear(y, kind));
      periodCache.set(kind, periods);
    }
    return periods;
  };

  const plans: VersionPlan[] = [];
  for (const versions of versionsById(input.requirements).values()) {
    const planOf = new Map<Requirement, VersionPlan>();
    const kinds = new Set(versions.map((v) => v.requirement.period));
    const candidates = [...kinds]
      .flatMap((kind) => periodsOf(kind))
      .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    for (const period of candidates) {
      let inForce: Requirement | undefined;
      for (const v of versions) if (v.fromMs < period.endMs) inForce = v.requirement;
      if (!inForce?.enabled || inForce.period !== period.kind) continue;
      let plan = planOf.get(inForce);
      if (!plan) {
        const allMustMatch = inForce.kind === 'all-must-match';
        plan = {
          requirement: inForce,
          allMustMatch,
          matchChannel: channelFor(inForce.recordType, inForce.predicate),
          totalChannel: allMustMatch ? channelFor(inForce.recordType, undefined) : null,
          kindSet: inForce.appliesTo.unitKinds ? new Set(inForce.appliesTo.unitKinds) : null,
          idSet: inForce.appliesTo.unitIds ? new Set(inForce.appliesTo.unitIds) : null,
          items: [],
        };
        planOf.set(inForce, plan);
        plans.push(plan);
      }
      const deadlineMs = period.endMs + inForce.dueOffsetDays * DAY_MS;
      plan.items.push({
        period,
        fromMonth: (period.year - firstYear) * 12 + period.firstMonth - 1,
        midpointMs: period.startMs + (period.endMs - period.startMs) / 2,
        deadlineMs,
        dueSoonFromMs: deadlineMs - inForce.dueSoonDays * DAY_MS,
        dueDate: shanghaiDate(deadlineMs - 1),
      });
    }
  }

  const units = input.units;
  const unitCount = units.length;
  const unitIndex = new Map<number, number>();
  for (let u = 0; u < unitCount; u++) unitIndex.set(units[u]!.id, u);

  // counts[(channel * unitCount + unit) * monthCount + month]
  const counts = new Uint32Array(Math.max(1, channels.length * unitCount * monthCount));
  const channelsByType = new Map<string, Channel[]>();
  const resolveType = (type: string): Channel[] =>
    channels.filter((c) => (c.prefix ? type.startsWith(c.type) : type === c.type));
  const periodKeyMonth = new Map<string, number>();
  const rangeStartMs = Date.UTC(firstYear, 0, 1) - SHANGHAI_OFFSET_MS;
  const rangeEndMs = Date.UTC(firstYear + monthCount / 12, 0, 1) - SHANGHAI_OFFSET_MS;

  if (channels.length > 0 && unitCount > 0) {
    for (const record of input.records) {
      const u = unitIndex.get(record.unitId);
      if (u === undefined) continue;
      let matching = channelsByType.get(record.type);
      if (matching === undefined) {
        matching = resolveType(record.type);
        channelsByType.set(record.type, matching);
      }
      if (matching.length === 0) continue;

      let month: number;
      const key = record.periodKey;
      if (key) {
        let cached = periodKeyMonth.get(key);
        if (cached === undefined) {
          const span = parsePeriodKey(key);
          if (!span) throw new RangeError(`记录的所属期间无效：${key}`);
          cached = (span.year - firstYear) * 12 + span.firstMonth - 1 + span.monthCount - 1;
          periodKeyMonth.set(key, cached);
        }
        month = cached;
      } else {
        const ms = toEpochMs(record.occurredAt);
        if (Number.isNaN(ms)) throw new RangeError(`记录时间无效：${String(record.occurredAt)}`);
        if (ms < rangeStartMs || ms >= rangeEndMs) continue;
        // Whole Beijing days since 1970, then Hinnant's civil-from-days reduced to year/month.
        const z = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) + 719_468;
        const era = Math.floor(z / 146_097);
        const doe = z - era * 146_097;
        const yoe = Math.floor(
          (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) /
            365,
        );
        const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
        const mp = Math.floor((5 * doy + 2) / 153);
        const m = mp < 10 ? mp + 3 : mp - 9;
        const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        month = (y - firstYear) * 12 + m - 1;
      }
      if (month < 0 || month >= monthCount) continue;

      const attrs = record.attrs;
      const weight = record.count ?? 1;
      if (!Number.isInteger(weight) || weight < 0) {
        throw new RangeError(`记录条数无效：${String(record.count)}`);
      }
      for (let i = 0; i < matching.length; i++) {
        const channel = matching[i]!;
        if (channel.test === null || channel.test(attrs)) {
          counts[(channel.index * unitCount + u) * monthCount + month]! += weight;
        }
      }
    }
  }

  const sum = (channel: Channel, u: number, item: PlanItem): number => {
    const base = (channel.index * unitCount + u) * monthCount + item.fromMonth;
    let total = 0;
    for (let i = 0; i < item.period.monthCount; i++) total += counts[base + i]!;
    return total;
  };

  for (let u = 0; u < unitCount; u++) {
    const unit: CadenceUnit = units[u]!;
    const createdMs =
      unit.createdAt === undefined || unit.createdAt === null
        ? Number.NEGATIVE_INFINITY
        : toEpochMs(unit.createdAt);
    if (Number.isNaN(createdMs))
      throw new RangeError(`单位 ${unit.id} 的成立时间无效：${String(unit.createdAt)}`);
    let members = -1;
    for (const plan of plans) {
      if (plan.kindSet && !plan.kindSet.has(unit.kind)) continue;
      if (plan.idSet && !plan.idSet.has(unit.id)) continue;
      const requirement = plan.requirement;
      let perPeriod = requirement.minCount;
      if (requirement.perMember) {
        if (members < 0) members = memberCountOf(input.memberCounts, unit.id);
        perPeriod = requirement.minCount * Math.max(1, members);
      }
      for (const item of plan.items) {
        const count = sum(plan.matchChannel, u, item);
        let required = perPeriod;
        let breached = false;
        if (plan.totalChannel) {
          const total = sum(plan.totalChannel, u, item);
          breached = total > count;
          if (total > required) required = total;
        }
        let status: CadenceStatus;
        if (createdMs > item.midpointMs) status = 'not-applicable';
        else if (breached) status = 'overdue';
        else if (count >= required) status = 'met';
        else if (nowMs >= item.deadlineMs) status = 'overdue';
        else if (nowMs >= item.dueSoonFromMs) status = 'due-soon';
        else status = 'not-yet-due';
        onResult({
          unitId: unit.id,
          requirementId: requirement.id,
          group: requirement.group,
          periodKey: item.period.key,
          periodStart: item.period.startDate,
          periodEnd: item.period.endDate,
          dueDate: item.dueDate,
          status,
          count,
          required,
        });
      }
    }
  }
}

/**
 * Every result, ordered by unit (input order), requirement (first appearance of its id), then
 * period start.
 */
export function evaluate(input: EvaluateInput): CadenceResult[] {
  const results: CadenceResult[] = [];
  evaluateEach(input, (result) => results.push(result));
  return results;
}
