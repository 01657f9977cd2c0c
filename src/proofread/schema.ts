import { z } from 'zod';

const phrase = z
  .string({ error: '必须是文字' })
  .trim()
  .min(1, { error: '不能为空' })
  .max(60, { error: '不能超过 60 个字' });

/** Validates one dictionary entry as an admin submits it; every message is Chinese. */
export const dictionaryEntrySchema = z
  .object({
    id: z
      .string({ error: '编号必须是文字' })
      .trim()
      .min(1, { error: '编号不能为空' })
      .max(80, { error: '编号不能超过 80 个字符' }),
    kind: z.enum(['formulation', 'numbered', 'typo'], {
      error: '类型必须是 formulation（规范表述）、numbered（数字概括表述）或 typo（常见错别字）',
    }),
    canonical: phrase,
    knownWrong: z.array(phrase, { error: '已知错误写法必须是文字列表' }).max(200).optional(),
    alsoValid: z.array(phrase, { error: '其他正确写法必须是文字列表' }).max(200).optional(),
    members: z.array(phrase, { error: '成员必须是文字列表' }).max(30).optional(),
    verbs: z.array(phrase, { error: '搭配动词必须是文字列表' }).max(30).optional(),
    exceptions: z.array(phrase, { error: '例外长词必须是文字列表' }).max(200).optional(),
    note: z
      .string({ error: '说明必须是文字' })
      .max(500, { error: '说明不能超过 500 字' })
      .optional(),
    enabled: z.boolean({ error: '启用状态必须是 true 或 false' }).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.kind === 'typo' && (entry.knownWrong?.length ?? 0) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['knownWrong'],
        message: '常见错别字条目至少要有一个错误写法',
      });
    }
    for (const wrong of entry.knownWrong ?? []) {
      if (wrong === entry.canonical) {
        ctx.addIssue({
          code: 'custom',
          path: ['knownWrong'],
          message: `错误写法“${wrong}”与规范写法相同`,
        });
      }
    }
    if (entry.kind !== 'typo' && [...entry.canonical].length < 2) {
      ctx.addIssue({ code: 'custom', path: ['canonical'], message: '规范表述至少两个字' });
    }
  });

export type DictionaryEntryInput = z.input<typeof dictionaryEntrySchema>;
