/**
 * zod schemas for requirements, with Chinese messages, so the admin UI and the API validate a
 * rule edit exactly as the engine will read it.
 */
import { z } from 'zod';
import {
  periodKinds,
  type Requirement,
  requirementGroups,
  requirementKinds,
  unitKinds,
} from './types.js';

/** Shortest length of each period kind in days: a due date may not fall before the period starts. */
const shortestPeriodDays: Record<(typeof periodKinds)[number], number> = {
  month: 28,
  quarter: 90,
  'half-year': 181,
  year: 365,
};

const text = (label: string, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}应为文本`),
    })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字符` });

const integer = (label: string, min: number, max: number) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}应为数字`),
    })
    .int({ error: `${label}应为整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });

const attrValue = z.union([z.string(), z.number(), z.boolean()], {
  error: '条件值应为文本、数字或是/否',
});
const attrName = text('属性名', 64);

export const attrConditionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ attr: attrName, op: z.enum(['eq', 'ne']), value: attrValue }),
    z.object({
      attr: attrName,
      op: z.literal('in'),
      value: z
        .array(attrValue, { error: '“属于”条件的值应为列表' })
        .min(1, { error: '“属于”条件至少需要一个值' }),
    }),
    z.object({
      attr: attrName,
      op: z.enum(['gte', 'lte']),
      value: z.number({ error: '比较条件的值应为数字' }),
    }),
    z.object({ attr: attrName, op: z.literal('exists') }),
  ],
  { error: '条件运算符应为 eq、ne、in、gte、lte 或 exists 之一' },
);

export const requirementSchema = z
  .object({
    id: z.string({ error: '请填写要求编号' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
      error: '要求编号只能由小写字母、数字和连字符组成，且不超过 64 个字符',
    }),
    group: z.enum(requirementGroups, { error: '所属类别应为 责任制、理论武装 或 载体建设' }),
    name: text('要求名称', 100),
    recordType: z
      .string({ error: '请填写计入的台账类型' })
      .regex(/^[a-z][a-z0-9-]*(:[a-z0-9-]+)*(:\*)?$/, {
        error: '台账类型格式应如 meeting:special-study，或以 :* 结尾表示某类全部',
      }),
    appliesTo: z.object(
      {
        unitKinds: z
          .array(z.enum(unitKinds, { error: '单位类型应为 unit、branch 或 department' }))
          .min(1, { error: '适用单位类型不能为空列表；不限类型请不填' })
          .optional(),
        unitIds: z
          .array(z.number().int().positive({ error: '单位编号应为正整数' }), {
            error: '适用单位应为编号列表',
          })
          .min(1, { error: '适用单位不能为空列表；不限单位请不填' })
          .optional(),
      },
      { error: '请填写适用范围' },
    ),
    period: z.enum(periodKinds, { error: '周期应为 月、季度、半年 或 年' }),
    kind: z.enum(requirementKinds, { error: '要求类型应为 计数 或 全部符合' }).default('count'),
    minCount: integer('最少次数', 0, 1000),
    dueOffsetDays: integer('截止偏移天数', -364, 366),
    dueSoonDays: integer('临期提醒天数', 0, 90).default(14),
    perMember: z.boolean({ error: '“按班子成员计”应为是或否' }).optional(),
    predicate: z.array(attrConditionSchema, { error: '记录条件应为列表' }).optional(),
    effectiveFrom: z.iso.date({ error: '生效日期应为 YYYY-MM-DD 格式的日期' }).optional(),
    enabled: z.boolean({ error: '“启用”应为是或否' }).default(true),
  })
  .superRefine((value, ctx) => {
    if (value.dueOffsetDays <= -shortestPeriodDays[value.period]) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueOffsetDays'],
        message: '截止日期不能早于周期开始',
      });
    }
    if (value.kind === 'all-must-match') {
      if (!value.predicate || value.predicate.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['predicate'],
          message: '“全部符合”型要求必须设置记录条件',
        });
      }
      if (value.perMember) {
        ctx.addIssue({
          code: 'custom',
          path: ['perMember'],
          message: '“按班子成员计”只适用于计数型要求',
        });
      }
    }
    if (value.kind === 'count' && value.perMember && value.minCount < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCount'],
        message: '按班子成员计时，每人最少次数应至少为 1',
      });
    }
  });

/** A whole rule set: versions of one id must keep its group and differ in effectiveFrom. */
export const requirementSetSchema = z.array(requirementSchema).superRefine((list, ctx) => {
  const seen = new Map<string, { group: string; dates: Set<string> }>();
  list.forEach((requirement, index) => {
    const entry = seen.get(requirement.id) ?? {
      group: requirement.group,
      dates: new Set<string>(),
    };
    seen.set(requirement.id, entry);
    const date = requirement.effectiveFrom ?? '';
    if (entry.dates.has(date)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'effectiveFrom'],
        message: `要求“${requirement.id}”已有相同生效日期的版本`,
      });
    }
    entry.dates.add(date);
    if (entry.group !== requirement.group) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'group'],
        message: `要求“${requirement.id}”的各版本应属于同一类别`,
      });
    }
  });
});

export type RequirementInput = z.input<typeof requirementSchema>;

// Compile-time guarantee that what the schema accepts is what the engine reads.
const _schemaOutputIsRequirement = (parsed: z.output<typeof requirementSchema>): Requirement =>
  parsed;
void _schemaOutputIsRequirement;
