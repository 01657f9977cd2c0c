import { describe, expect, it } from 'vitest';
import { defaultRequirements } from './defaults.js';
import { evaluate } from './evaluate.js';
import { groupRollup, unitRollup, worstStatus } from './rollup.js';
import type { CadenceResult, CadenceStatus, RequirementGroup } from './types.js';

const result = (unitId: number, group: RequirementGroup, status: CadenceStatus): CadenceResult => ({
  unitId,
  requirementId: `${group}-rule`,
  group,
  periodKey: '2025',
  periodStart: '2025-01-01',
  periodEnd: '2025-12-31',
  dueDate: '2025-12-31',
  status,
  count: 0,
  required: 1,
});

describe('worstStatus', () => {
  it.each<[CadenceStatus[], CadenceStatus]>([
    [[], 'not-applicable'],
    [['not-applicable', 'not-applicable'], 'not-applicable'],
    [['met', 'not-applicable'], 'met'],
    [['met', 'not-yet-due'], 'not-yet-due'],
    [['not-yet-due', 'due-soon', 'met'], 'due-soon'],
    [['due-soon', 'overdue', 'met'], 'overdue'],
  ])('%j → %s', (statuses, worst) => {
    expect(worstStatus(statuses)).toBe(worst);
  });
});

describe('unitRollup: met only when every applicable requirement is met', () => {
  it.each<[string, CadenceStatus[], CadenceStatus, Partial<Record<string, number>>]>([
    ['all met', ['met', 'met'], 'met', { applicable: 2, met: 2 }],
    [
      'met plus not applicable',
      ['met', 'not-applicable'],
      'met',
      { applicable: 1, met: 1, notApplicable: 1 },
    ],
    ['one not yet due', ['met', 'not-yet-due'], 'not-yet-due', { met: 1, notYetDue: 1 }],
    ['one due soon', ['met', 'due-soon', 'not-yet-due'], 'due-soon', { dueSoon: 1, notYetDue: 1 }],
    [
      'one overdue',
      ['overdue', 'met', 'due-soon'],
      'overdue',
      { overdue: 1, met: 1, dueSoon: 1, applicable: 3 },
    ],
    ['nothing applies', ['not-applicable'], 'not-applicable', { applicable: 0, notApplicable: 1 }],
  ])('%s', (_label, statuses, status, tally) => {
    const [rollup] = unitRollup(statuses.map((s) => result(7, 'study', s)));
    expect(rollup).toMatchObject({ unitId: 7, status, ...tally });
  });
});

describe('groupRollup', () => {
  it('rolls up per unit per group with worst status and counts', () => {
    const rollups = groupRollup([
      result(1, 'responsibility', 'met'),
      result(1, 'responsibility', 'overdue'),
      result(1, 'study', 'met'),
      result(2, 'responsibility', 'due-soon'),
      result(1, 'responsibility', 'met'),
    ]);
    expect(rollups).toEqual([
      {
        unitId: 1,
        group: 'responsibility',
        status: 'overdue',
        applicable: 3,
        met: 2,
        overdue: 1,
        dueSoon: 0,
        notYetDue: 0,
        notApplicable: 0,
      },
      {
        unitId: 1,
        group: 'study',
        status: 'met',
        applicable: 1,
        met: 1,
        overdue: 0,
        dueSoon: 0,
        notYetDue: 0,
        notApplicable: 0,
      },
      {
        unitId: 2,
        group: 'responsibility',
        status: 'due-soon',
        applicable: 1,
        met: 0,
        overdue: 0,
        dueSoon: 1,
        notYetDue: 0,
        notApplicable: 0,
      },
    ]);
  });

  it('works on engine output: a diligent unit against an idle one after the year closed', () => {
    const diligent = [
      ['meeting:special-study', '2025-03-01'],
      ['meeting:special-study', '2025-09-01'],
      ['meeting:analysis', '2025-05-01'],
      ['meeting:analysis', '2025-11-01'],
      ['letter:signed', '2025-02-15'],
      ['training:ideology-staff', '2025-06-01'],
      ['study:central-group', '2025-02-01'],
      ['study:central-group', '2025-05-01'],
      ['study:central-group', '2025-08-01'],
      ['study:central-group', '2025-11-01'],
      ['activity:lecture', '2025-02-01'],
      ['activity:lecture', '2025-05-01'],
      ['activity:volunteer', '2025-08-01'],
      ['activity:volunteer', '2025-11-01'],
    ].map(([type, occurredAt]) => ({ unitId: 1, type: type!, occurredAt: occurredAt! }));
    const report = {
      unitId: 1,
      type: 'report:yearly',
      occurredAt: '2026-01-10',
      periodKey: '2025',
    };
    const results = evaluate({
      requirements: defaultRequirements,
      units: [
        { id: 1, kind: 'unit' },
        { id: 2, kind: 'unit' },
      ],
      records: [...diligent, report],
      memberCounts: { 1: 1, 2: 3 },
      year: 2025,
      now: '2026-02-15',
    });
    expect(unitRollup(results)).toMatchObject([
      { unitId: 1, status: 'met', applicable: 19, met: 19 },
      { unitId: 2, status: 'overdue', applicable: 19, met: 4, overdue: 15 },
    ]);
    // The idle unit "meets" only the first-topic rule (no meetings, no breach).
    expect(groupRollup(results).filter((g) => g.unitId === 2)).toMatchObject([
      { group: 'responsibility', status: 'overdue', met: 0, overdue: 6 },
      { group: 'study', status: 'overdue', met: 4, overdue: 5 },
      { group: 'activities', status: 'overdue', met: 0, overdue: 4 },
    ]);
  });
});
