import { describe, expect, it } from 'vitest';
import { defaultRequirements } from './defaults.js';
import { evaluate, evaluateEach } from './evaluate.js';
import type {
  AttrCondition,
  CadenceRecord,
  CadenceResult,
  CadenceUnit,
  EvaluateInput,
  Requirement,
} from './types.js';

const base: Requirement = {
  id: 'special-study-half-year',
  group: 'responsibility',
  name: '专题研究意识形态工作',
  recordType: 'meeting:special-study',
  appliesTo: { unitKinds: ['unit'] },
  period: 'half-year',
  minCount: 1,
  dueOffsetDays: 0,
  dueSoonDays: 14,
  enabled: true,
};

const req = (overrides: Partial<Requirement>): Requirement => ({ ...base, ...overrides });
const unit = (id: number, kind = 'unit', createdAt?: string): CadenceUnit => ({
  id,
  kind,
  createdAt,
});
const rec = (
  occurredAt: string,
  type = 'meeting:special-study',
  extra: Partial<CadenceRecord> = {},
): CadenceRecord => ({ unitId: 1, type, occurredAt, ...extra });

function run(input: Partial<EvaluateInput> & Pick<EvaluateInput, 'requirements'>): CadenceResult[] {
  return evaluate({ units: [unit(1)], records: [], year: 2025, now: '2025-01-02', ...input });
}

function pick(results: CadenceResult[], periodKey: string, unitId = 1, requirementId?: string) {
  const found = results.filter(
    (r) =>
      r.periodKey === periodKey &&
      r.unitId === unitId &&
      (requirementId === undefined || r.requirementId === requirementId),
  );
  expect(found, `${unitId}/${requirementId ?? '*'}/${periodKey}`).toHaveLength(1);
  return found[0]!;
}

describe('result shape', () => {
  it('reports dates, counts and status of every period of the year', () => {
    const results = run({
      requirements: [base],
      records: [rec('2025-03-10T09:00:00+08:00')],
      now: '2025-08-01T10:00:00+08:00',
    });
    expect(results).toEqual([
      {
        unitId: 1,
        requirementId: 'special-study-half-year',
        group: 'responsibility',
        periodKey: '2025-H1',
        periodStart: '2025-01-01',
        periodEnd: '2025-06-30',
        dueDate: '2025-06-30',
        status: 'met',
        count: 1,
        required: 1,
      },
      {
        unitId: 1,
        requirementId: 'special-study-half-year',
        group: 'responsibility',
        periodKey: '2025-H2',
        periodStart: '2025-07-01',
        periodEnd: '2025-12-31',
        dueDate: '2025-12-31',
        status: 'not-yet-due',
        count: 0,
        required: 1,
      },
    ]);
  });

  it('evaluateEach streams the same results evaluate collects', () => {
    const input: EvaluateInput = {
      requirements: defaultRequirements,
      units: [unit(1), unit(2, 'branch')],
      records: [rec('2025-05-05', 'branch:theme-day', { unitId: 2 })],
      year: 2025,
      now: '2025-06-01',
    };
    const streamed: CadenceResult[] = [];
    evaluateEach(input, (r) => streamed.push(r));
    expect(streamed).toEqual(evaluate(input));
  });
});

describe('period boundaries in Beijing time', () => {
  it.each([
    ['23:30 Beijing on 30 June counts for H1', '2025-06-30T15:30:00Z', 1, 0],
    ['00:30 Beijing on 1 July counts for H2', '2025-06-30T16:30:00Z', 0, 1],
    ['last millisecond of H1', '2025-06-30T15:59:59.999Z', 1, 0],
    ['first instant of the year', '2024-12-31T16:00:00Z', 1, 0],
    ['last instant of the year', '2025-12-31T15:59:59.999Z', 0, 1],
    ['New Year in Beijing belongs to the next year', '2025-12-31T16:00:00Z', 0, 0],
    ['New Year’s Eve in UTC is already the new year in Beijing', '2024-12-31T20:00:00Z', 1, 0],
    ['wall time without offset is Beijing time', '2025-06-30T23:30:00', 1, 0],
  ])('%s', (_label, occurredAt, h1, h2) => {
    const results = run({ requirements: [base], records: [rec(occurredAt)] });
    expect(pick(results, '2025-H1').count).toBe(h1);
    expect(pick(results, '2025-H2').count).toBe(h2);
  });

  const monthly = req({ id: 'theme-day', recordType: 'branch:theme-day', period: 'month' });
  const quarterly = req({ id: 'lecture', recordType: 'branch:party-lecture', period: 'quarter' });
  it.each([
    ['2025-01-31T15:59:59Z', 'theme-day', '2025-01'],
    ['2025-01-31T16:00:00Z', 'theme-day', '2025-02'],
    ['2025-02-28T16:00:00Z', 'theme-day', '2025-03'],
    ['2025-11-30T15:30:00Z', 'theme-day', '2025-11'],
    ['2025-03-31T15:30:00Z', 'lecture', '2025-Q1'],
    ['2025-03-31T16:30:00Z', 'lecture', '2025-Q2'],
    ['2025-09-30T15:59:59Z', 'lecture', '2025-Q3'],
    ['2025-09-30T16:00:00Z', 'lecture', '2025-Q4'],
  ])('%s counts in %s %s only', (occurredAt, requirementId, periodKey) => {
    const type = requirementId === 'theme-day' ? 'branch:theme-day' : 'branch:party-lecture';
    const results = run({ requirements: [monthly, quarterly], records: [rec(occurredAt, type)] });
    const counted = results.filter((r) => r.count > 0);
    expect(counted.map((r) => [r.requirementId, r.periodKey])).toEqual([
      [requirementId, periodKey],
    ]);
  });

  it('evaluates several years in one pass, each record in its own year', () => {
    const yearly = req({ id: 'yearly', period: 'year' });
    const results = run({
      requirements: [yearly],
      year: [2024, 2025],
      records: [rec('2024-12-31T15:30:00Z'), rec('2025-12-31T16:00:00Z'), rec('2024-07-01')],
    });
    expect(results.map((r) => [r.periodKey, r.count])).toEqual([
      ['2024', 2],
      ['2025', 0],
    ]);
  });
});

describe('status around the due date', () => {
  // H1 due 30 June (inclusive): deadline is 1 July 00:00 Beijing; due-soon from 17 June 00:00.
  it.each([
    ['2025-06-01T12:00:00+08:00', 0, 'not-yet-due'],
    ['2025-06-16T23:59:59+08:00', 0, 'not-yet-due'],
    ['2025-06-17T00:00:00+08:00', 0, 'due-soon'],
    ['2025-06-30T23:59:59+08:00', 0, 'due-soon'],
    ['2025-07-01T00:00:00+08:00', 0, 'overdue'],
    ['2026-03-01T00:00:00+08:00', 0, 'overdue'],
    ['2025-06-01T12:00:00+08:00', 1, 'met'],
    ['2025-07-01T00:00:00+08:00', 1, 'met'],
  ] as const)('now %s with %i record(s) → %s', (now, records, status) => {
    const results = run({
      requirements: [base],
      records: Array.from({ length: records }, () => rec('2025-02-01')),
      now,
    });
    expect(pick(results, '2025-H1').status).toBe(status);
  });

  it.each([
    [0, '2025-06-30'],
    [31, '2025-07-31'],
    [-30, '2025-05-31'],
  ])('dueOffsetDays %i puts the H1 due date on %s', (dueOffsetDays, dueDate) => {
    expect(pick(run({ requirements: [req({ dueOffsetDays })] }), '2025-H1').dueDate).toBe(dueDate);
  });

  const report = defaultRequirements.find((r) => r.id === 'yearly-report')!;
  it.each([
    ['2026-01-16T12:00:00+08:00', [], 'not-yet-due'],
    ['2026-01-18T00:00:00+08:00', [], 'due-soon'],
    ['2026-01-31T23:00:00+08:00', [], 'due-soon'],
    ['2026-02-01T00:00:00+08:00', [], 'overdue'],
    // Written in January 2026, attributed to 2025 by its periodKey.
    [
      '2026-02-10T00:00:00+08:00',
      [rec('2026-01-20', 'report:yearly', { periodKey: '2025' })],
      'met',
    ],
    // Without the attribution a January report counts for the year it was written in.
    ['2026-02-10T00:00:00+08:00', [rec('2026-01-20', 'report:yearly')], 'overdue'],
  ] as const)('yearly report due 31 January: now %s → %s', (now, records, status) => {
    const result = pick(run({ requirements: [report], records, now }), '2025');
    expect(result.dueDate).toBe('2026-01-31');
    expect(result.status).toBe(status);
  });

  it('rejects an unparseable periodKey or occurredAt', () => {
    expect(() =>
      run({
        requirements: [report],
        records: [rec('2026-01-20', 'report:yearly', { periodKey: '2025-Q9' })],
      }),
    ).toThrow(/所属期间无效/);
    expect(() => run({ requirements: [base], records: [rec('soon')] })).toThrow(/记录时间无效/);
  });
});

describe('responsibility letters per leading-group member', () => {
  const letters = defaultRequirements.find((r) => r.id === 'responsibility-letters')!;
  it.each([
    ['5 members, 4 letters', { 1: 5 }, 4, 5, 'overdue'],
    ['5 members, 5 letters', { 1: 5 }, 5, 5, 'met'],
    ['14 members, 14 letters (the seed’s grain bureau)', new Map([[1, 14]]), 14, 14, 'met'],
    ['count unknown: the first responsible person at least', undefined, 0, 1, 'overdue'],
    ['count zero is taken as one', { 1: 0 }, 1, 1, 'met'],
  ] as const)('%s', (_label, memberCounts, signed, required, status) => {
    const results = run({
      requirements: [letters],
      memberCounts,
      records: Array.from({ length: signed }, (_, i) =>
        rec(`2025-02-${String(10 + i).padStart(2, '0')}`, 'letter:signed'),
      ),
      now: '2025-06-01',
    });
    const result = pick(results, '2025');
    expect(result).toMatchObject({ count: signed, required, status, dueDate: '2025-03-31' });
  });

  it('due 31 March in a leap year too', () => {
    expect(
      pick(run({ requirements: [letters], year: 2024, now: '2024-03-20' }), '2024'),
    ).toMatchObject({
      dueDate: '2024-03-31',
      status: 'due-soon',
    });
  });
});

describe('all-must-match: every party-group meeting opens with the first topic', () => {
  const firstTopic = defaultRequirements.find((r) => r.id === 'first-topic')!;
  const meeting = (day: string, firstTopicValue?: boolean) =>
    rec(day, 'study:party-group', {
      attrs: firstTopicValue === undefined ? {} : { firstTopic: firstTopicValue },
    });
  it.each([
    ['no meetings: nothing breached', firstTopic, [], 0, 0, 'met'],
    [
      'all meetings open with it',
      firstTopic,
      [meeting('2025-01-10', true), meeting('2025-02-10', true)],
      2,
      2,
      'met',
    ],
    [
      'one without it is a breach at once',
      firstTopic,
      [meeting('2025-01-10', true), meeting('2025-02-10', false)],
      1,
      2,
      'overdue',
    ],
    ['a missing attribute is a breach', firstTopic, [meeting('2025-01-10')], 0, 1, 'overdue'],
    [
      'minCount 1 and none held: judged by due date',
      { ...firstTopic, minCount: 1 },
      [],
      0,
      1,
      'not-yet-due',
    ],
  ] as const)('%s', (_label, requirement, records, count, required, status) => {
    const result = pick(
      run({ requirements: [requirement], records, now: '2025-02-20' }),
      '2025-Q1',
    );
    expect(result).toMatchObject({ count, required, status });
  });

  it('a breach in one quarter does not spill into the next', () => {
    const results = run({
      requirements: [firstTopic],
      records: [
        meeting('2025-03-31T23:59:00+08:00', false),
        meeting('2025-04-01T00:01:00+08:00', true),
      ],
      now: '2025-05-01',
    });
    expect(pick(results, '2025-Q1').status).toBe('overdue');
    expect(pick(results, '2025-Q2')).toMatchObject({ status: 'met', count: 1, required: 1 });
  });
});

describe('predicates and record types', () => {
  const attrs = { firstTopic: true, attendance: 0.85, lecturer: 'main-leader', note: '' };
  it.each<[string, AttrCondition[], number]>([
    ['eq matches', [{ attr: 'firstTopic', op: 'eq', value: true }], 1],
    ['eq is strict about types', [{ attr: 'firstTopic', op: 'eq', value: 'true' }], 0],
    ['ne', [{ attr: 'lecturer', op: 'ne', value: 'main-leader' }], 0],
    ['in', [{ attr: 'lecturer', op: 'in', value: ['main-leader', 'secretary'] }], 1],
    ['gte', [{ attr: 'attendance', op: 'gte', value: 0.8 }], 1],
    ['lte', [{ attr: 'attendance', op: 'lte', value: 0.8 }], 0],
    ['exists', [{ attr: 'lecturer', op: 'exists' }], 1],
    ['exists treats empty text as absent', [{ attr: 'note', op: 'exists' }], 0],
    [
      'all conditions must hold',
      [
        { attr: 'firstTopic', op: 'eq', value: true },
        { attr: 'attendance', op: 'gte', value: 0.9 },
      ],
      0,
    ],
  ])('%s', (_label, predicate, count) => {
    const results = run({
      requirements: [req({ predicate })],
      records: [rec('2025-03-01', undefined, { attrs })],
    });
    expect(pick(results, '2025-H1').count).toBe(count);
  });

  it('a trailing * counts every subtype, and nothing else', () => {
    const activities = defaultRequirements.find((r) => r.id === 'activity-quarter')!;
    const results = run({
      requirements: [activities],
      records: [
        rec('2025-01-05', 'activity:lecture'),
        rec('2025-01-06', 'activity:volunteer'),
        rec('2025-01-07', 'activities'),
        rec('2025-01-08', 'meeting:special-study'),
      ],
    });
    expect(pick(results, '2025-Q1').count).toBe(2);
  });

  it('ignores records of unknown units, other years and uncounted types', () => {
    const results = run({
      requirements: [base],
      records: [
        rec('2025-02-01', undefined, { unitId: 99 }),
        rec('2023-02-01'),
        rec('2026-02-01'),
        rec('2025-02-01', 'meeting:other'),
      ],
    });
    expect(results.map((r) => r.count)).toEqual([0, 0]);
  });

  it('an aggregated entry counts as many records as its count, month keys included', () => {
    const results = run({
      requirements: [req({ minCount: 3 })],
      records: [
        rec('2025-01-01', undefined, { periodKey: '2025-06', count: 2 }),
        rec('2025-01-01', undefined, { periodKey: '2025-07', count: 0 }),
        rec('2025-08-09', undefined, { count: 1 }),
      ],
    });
    expect(results.map((r) => [r.count, r.required])).toEqual([
      [2, 3],
      [1, 3],
    ]);
    expect(() =>
      run({ requirements: [base], records: [rec('2025-02-01', undefined, { count: 1.5 })] }),
    ).toThrow(RangeError);
  });
});

describe('rules edited mid-year: the version in force on the period’s last day judges it', () => {
  const v2 = (overrides: Partial<Requirement>) =>
    req({ effectiveFrom: '2025-07-01', ...overrides });
  it.each([
    [
      'stricter from 1 July: H1 needs 1, H2 needs 2',
      [base, v2({ minCount: 2 })],
      [
        ['2025-H1', 1],
        ['2025-H2', 2],
      ],
    ],
    [
      'edited on 30 June: H1 is judged by the new version',
      [base, v2({ minCount: 3, effectiveFrom: '2025-06-30' })],
      [
        ['2025-H1', 3],
        ['2025-H2', 3],
      ],
    ],
    [
      'version order in the input does not matter',
      [v2({ minCount: 2 }), base],
      [
        ['2025-H1', 1],
        ['2025-H2', 2],
      ],
    ],
    [
      'half-yearly became quarterly from 1 July',
      [base, v2({ period: 'quarter' })],
      [
        ['2025-H1', 1],
        ['2025-Q3', 1],
        ['2025-Q4', 1],
      ],
    ],
    ['disabled from 1 July', [base, v2({ enabled: false })], [['2025-H1', 1]]],
    [
      'introduced on 1 May: H1 already judged by it',
      [req({ effectiveFrom: '2025-05-01' })],
      [
        ['2025-H1', 1],
        ['2025-H2', 1],
      ],
    ],
    [
      'introduced on 1 May, quarterly: Q1 had no rule',
      [req({ effectiveFrom: '2025-05-01', period: 'quarter' })],
      [
        ['2025-Q2', 1],
        ['2025-Q3', 1],
        ['2025-Q4', 1],
      ],
    ],
    ['disabled outright', [req({ enabled: false })], []],
  ] as const)('%s', (_label, requirements, expected) => {
    const results = run({ requirements: requirements as readonly Requirement[] });
    expect(results.map((r) => [r.periodKey, r.required])).toEqual(expected);
  });

  it('the due date follows the version in force', () => {
    const results = run({ requirements: [base, v2({ dueOffsetDays: 15 })] });
    expect(results.map((r) => r.dueDate)).toEqual(['2025-06-30', '2026-01-15']);
  });
});

describe('units created mid-period: not applicable when created after the period’s midpoint', () => {
  // H1 runs 181 days from 1 January: its midpoint is 1 April 12:00 Beijing time.
  it.each([
    ['no creation date', undefined, 'not-yet-due', 'not-yet-due'],
    ['created before the year', '2020-05-01', 'not-yet-due', 'not-yet-due'],
    ['created on 1 March', '2025-03-01', 'not-yet-due', 'not-yet-due'],
    ['created exactly at the midpoint', '2025-04-01T12:00:00+08:00', 'not-yet-due', 'not-yet-due'],
    ['created one second later', '2025-04-01T12:00:01+08:00', 'not-applicable', 'not-yet-due'],
    ['created on 20 June', '2025-06-20', 'not-applicable', 'not-yet-due'],
    ['created in November', '2025-11-01', 'not-applicable', 'not-applicable'],
  ] as const)('%s (%s) → H1 %s, H2 %s', (_label, createdAt, h1, h2) => {
    const results = run({ requirements: [base], units: [unit(1, 'unit', createdAt)] });
    expect(pick(results, '2025-H1').status).toBe(h1);
    expect(pick(results, '2025-H2').status).toBe(h2);
  });

  it('applies per month for monthly rules (March midpoint: 16 March 12:00)', () => {
    const monthly = req({ period: 'month', dueOffsetDays: 0 });
    const results = run({
      requirements: [monthly],
      units: [unit(1, 'unit', '2025-03-16T13:00:00+08:00')],
    });
    expect(pick(results, '2025-02').status).toBe('not-applicable');
    expect(pick(results, '2025-03').status).toBe('not-applicable');
    expect(pick(results, '2025-04').status).toBe('not-yet-due');
  });

  it('not-applicable wins over records and over a breach', () => {
    const results = run({
      requirements: [base],
      units: [unit(1, 'unit', '2025-05-01')],
      records: [rec('2025-05-10')],
    });
    expect(pick(results, '2025-H1')).toMatchObject({ status: 'not-applicable', count: 1 });
  });
});

describe('scope: who a requirement applies to', () => {
  const units = [unit(1, 'unit'), unit(2, 'branch'), unit(3, 'department'), unit(4, 'unit')];
  const idsOf = (results: CadenceResult[], unitId: number) => [
    ...new Set(results.filter((r) => r.unitId === unitId).map((r) => r.requirementId)),
  ];

  it('branch rules skip units and unit rules skip branches; departments owe nothing by default', () => {
    const results = evaluate({
      requirements: defaultRequirements,
      units,
      records: [],
      year: 2025,
      now: '2025-01-02',
    });
    const unitRules = defaultRequirements
      .filter((r) => r.appliesTo.unitKinds?.includes('unit'))
      .map((r) => r.id);
    const branchRules = defaultRequirements
      .filter((r) => r.appliesTo.unitKinds?.includes('branch'))
      .map((r) => r.id);
    expect(idsOf(results, 1)).toEqual(unitRules);
    expect(idsOf(results, 2)).toEqual(branchRules);
    expect(idsOf(results, 3)).toEqual([]);
    // Periods per year: unit 2+2+1+1+4+4+1+4, branch 4+4+12+12+12+1.
    expect(results.filter((r) => r.unitId === 1)).toHaveLength(19);
    expect(results.filter((r) => r.unitId === 2)).toHaveLength(45);
  });

  it.each([
    ['no appliesTo lists: every unit', {}, [1, 2, 3, 4]],
    ['unitIds only', { unitIds: [2, 4] }, [2, 4]],
    ['kinds and ids must both match', { unitKinds: ['unit'], unitIds: [2, 4] }, [4]],
    ['several kinds', { unitKinds: ['branch', 'department'] }, [2, 3]],
  ] as const)('%s', (_label, appliesTo, expected) => {
    const results = evaluate({
      requirements: [req({ appliesTo })],
      units,
      records: [],
      year: 2025,
      now: '2025-01-02',
    });
    expect([...new Set(results.map((r) => r.unitId))]).toEqual(expected);
  });
});
