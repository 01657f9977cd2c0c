/**
 * Roll-ups of cadence results for dashboards: per unit per group, and per unit.
 *
 * Severity orders statuses so that the worst one describes a set of results:
 * overdue > due-soon > not-yet-due > met > not-applicable. 'not-yet-due' ranks above 'met'
 * because an unfinished obligation is not a fulfilled one; callers that want "as of today"
 * figures filter results (e.g. to periods that have ended) before rolling up.
 */
import type { CadenceResult, CadenceStatus, RequirementGroup } from './types.js';

export const statusSeverity: Readonly<Record<CadenceStatus, number>> = {
  'not-applicable': 0,
  met: 1,
  'not-yet-due': 2,
  'due-soon': 3,
  overdue: 4,
};

/** The most severe of the statuses; 'not-applicable' for none. */
export function worstStatus(statuses: Iterable<CadenceStatus>): CadenceStatus {
  let worst: CadenceStatus = 'not-applicable';
  for (const status of statuses) if (statusSeverity[status] > statusSeverity[worst]) worst = status;
  return worst;
}

export interface StatusTally {
  /** Results that apply (every status but 'not-applicable'). */
  applicable: number;
  met: number;
  dueSoon: number;
  overdue: number;
  notYetDue: number;
  notApplicable: number;
}

export interface GroupRollup extends StatusTally {
  unitId: number;
  group: RequirementGroup;
  /** Worst status of the unit's results in the group. */
  status: CadenceStatus;
}

export interface UnitRollup extends StatusTally {
  unitId: number;
  /**
   * 'met' only when every applicable result is met; otherwise the worst status;
   * 'not-applicable' when nothing applies.
   */
  status: CadenceStatus;
}

function emptyTally(): StatusTally {
  return { applicable: 0, met: 0, dueSoon: 0, overdue: 0, notYetDue: 0, notApplicable: 0 };
}

function add(tally: StatusTally & { status: CadenceStatus }, status: CadenceStatus): void {
  switch (status) {
    case 'met':
      tally.met++;
      break;
    case 'due-soon':
      tally.dueSoon++;
      break;
    case 'overdue':
      tally.overdue++;
      break;
    case 'not-yet-due':
      tally.notYetDue++;
      break;
    case 'not-applicable':
      tally.notApplicable++;
      return;
  }
  tally.applicable++;
  if (statusSeverity[status] > statusSeverity[tally.status]) tally.status = status;
}

/** Per unit per group, in the order units and groups first appear in the results. */
export function groupRollup(results: Iterable<CadenceResult>): GroupRollup[] {
  const byKey = new Map<string, GroupRollup>();
  for (const result of results) {
    const key = `${result.unitId}\u0000${result.group}`;
    let rollup = byKey.get(key);
    if (!rollup) {
      rollup = {
        unitId: result.unitId,
        group: result.group,
        status: 'not-applicable',
        ...emptyTally(),
      };
      byKey.set(key, rollup);
    }
    add(rollup, result.status);
  }
  return [...byKey.values()];
}

/** Per unit, in the order units first appear in the results. */
export function unitRollup(results: Iterable<CadenceResult>): UnitRollup[] {
  const byUnit = new Map<number, UnitRollup>();
  for (const result of results) {
    let rollup = byUnit.get(result.unitId);
    if (!rollup) {
      rollup = { unitId: result.unitId, status: 'not-applicable', ...emptyTally() };
      byUnit.set(result.unitId, rollup);
    }
    add(rollup, result.status);
  }
  return [...byUnit.values()];
}
