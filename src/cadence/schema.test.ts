import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { defaultRequirements } from './defaults.js';
import { requirementSchema, requirementSetSchema } from './schema.js';
import type { Requirement } from './types.js';

const valid = {
  id: 'special-study-half-year',
  group: 'responsibility',
  name: '专题研究意识形态工作',
  recordType: 'meeting:special-study',
  appliesTo: { unitKinds: ['unit'] },
  period: 'half-year',
  minCount: 1,
  dueOffsetDays: 0,
};

function firstIssue(input: unknown): { path: string; message: string } {
  const parsed = requirementSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  const issue = parsed.error!.issues[0]!;
  return { path: issue.path.join('.'), message: issue.message };
}

describe('requirementSchema', () => {
  it('accepts every default requirement unchanged', () => {
    for (const requirement of defaultRequirements) {
      expect(requirementSchema.parse(requirement)).toEqual({ kind: 'count', ...requirement });
    }
    expect(requirementSetSchema.safeParse(defaultRequirements).success).toBe(true);
  });

  it('fills kind, dueSoonDays and enabled with defaults', () => {
    expect(requirementSchema.parse(valid)).toMatchObject({
      kind: 'count',
      dueSoonDays: 14,
      enabled: true,
    });
  });

  it('parses to exactly what the engine reads', () => {
    expectTypeOf<z.output<typeof requirementSchema>>().toExtend<Requirement>();
  });

  it.each([
    ['missing name', { name: undefined }, 'name', '请填写要求名称'],
    ['blank name', { name: '   ' }, 'name', '请填写要求名称'],
    ['bad id', { id: 'Special Study' }, 'id', '要求编号只能由小写字母'],
    ['unknown group', { group: 'positions' }, 'group', '所属类别应为'],
    ['bad record type', { recordType: 'Meeting Special' }, 'recordType', '台账类型格式'],
    ['unknown period', { period: 'week' }, 'period', '周期应为'],
    ['fractional count', { minCount: 1.5 }, 'minCount', '最少次数应为整数'],
    ['negative count', { minCount: -1 }, 'minCount', '最少次数不能小于 0'],
    ['count as text', { minCount: '2' }, 'minCount', '最少次数应为数字'],
    [
      'due before the period starts',
      { dueOffsetDays: -181 },
      'dueOffsetDays',
      '截止日期不能早于周期开始',
    ],
    [
      'unknown unit kind',
      { appliesTo: { unitKinds: ['bureau'] } },
      'appliesTo.unitKinds.0',
      '单位类型应为',
    ],
    [
      'empty kind list',
      { appliesTo: { unitKinds: [] } },
      'appliesTo.unitKinds',
      '适用单位类型不能为空列表',
    ],
    [
      'bad effective date',
      { effectiveFrom: '2025/07/01' },
      'effectiveFrom',
      '生效日期应为 YYYY-MM-DD',
    ],
    [
      'impossible effective date',
      { effectiveFrom: '2025-02-30' },
      'effectiveFrom',
      '生效日期应为 YYYY-MM-DD',
    ],
    [
      'unknown predicate operator',
      { predicate: [{ attr: 'firstTopic', op: 'like', value: true }] },
      'predicate.0.op',
      '条件运算符应为',
    ],
    [
      'all-must-match without a predicate',
      { kind: 'all-must-match' },
      'predicate',
      '必须设置记录条件',
    ],
    [
      'all-must-match per member',
      { kind: 'all-must-match', perMember: true, predicate: [{ attr: 'a', op: 'exists' }] },
      'perMember',
      '只适用于计数型要求',
    ],
    ['per member with zero per person', { perMember: true, minCount: 0 }, 'minCount', '应至少为 1'],
  ])('%s → %s: %s', (_label, overrides, path, message) => {
    const issue = firstIssue({ ...valid, ...overrides });
    expect(issue.path).toBe(path);
    expect(issue.message).toContain(message);
  });
});

describe('requirementSetSchema', () => {
  it('accepts versions of one rule with different effective dates', () => {
    const set = [valid, { ...valid, minCount: 2, effectiveFrom: '2025-07-01' }];
    expect(requirementSetSchema.safeParse(set).success).toBe(true);
  });

  it.each([
    [
      'two versions with the same date',
      [valid, { ...valid, minCount: 2 }],
      '1.effectiveFrom',
      '已有相同生效日期的版本',
    ],
    [
      'versions in different groups',
      [valid, { ...valid, group: 'study', effectiveFrom: '2025-07-01' }],
      '1.group',
      '各版本应属于同一类别',
    ],
  ])('rejects %s', (_label, set, path, message) => {
    const parsed = requirementSetSchema.safeParse(set);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join('.')).toBe(path);
    expect(parsed.error!.issues[0]!.message).toContain(message);
  });
});
