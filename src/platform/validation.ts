import { z } from 'zod';

// All zod messages in Chinese, once for the whole process.
z.config(z.locales.zhCN());

export { z };

interface IssueLike {
  path?: readonly PropertyKey[];
  code?: string;
  message: string;
  keys?: readonly string[];
}

/** The field an issue names: its path, or for unknown keys the keys themselves. */
export function issueField(issue: IssueLike): string {
  const path = (issue.path ?? []).map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const keys = issue.keys.join('、');
    return path ? `${path}.${keys}` : keys;
  }
  return path;
}

export function issueMessage(issue: IssueLike, where = ''): string {
  const field = issueField(issue);
  if (issue.code === 'unrecognized_keys') return `${where}不允许的字段：${field}`;
  return field ? `${where}字段 ${field}：${issue.message}` : `${where}${issue.message}`;
}

/**
 * True when a string can be stored and shown as it is: no NUL (PostgreSQL refuses it in text and
 * JSON) and no unpaired UTF-16 surrogate (not a character; it would be mangled on the way out).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');
export const isStorableText = (value: string) => !UNSTORABLE.test(value);

export const UNSTORABLE_TEXT = '含有不允许的字符（NUL 或不成对的代理字符）';

/** A copy fit for the audit log of a string that failed `isStorableText`. */
export const storableCopy = (value: string) => value.replace(UNSTORABLE_ALL, '\ufffd');

/**
 * The base of every string field in a request: a plain string that refuses what cannot be
 * stored. Contracts build on this (or on `text`/`requiredText`), never on a bare z.string().
 */
export const plainString = () => z.string().refine(isStorableText, UNSTORABLE_TEXT);

/**
 * Adds the `isStorableText` check to every string inside a schema's value (arrays, nested
 * objects, records): for shapes built from schemas we do not own, e.g. the proofreading engine's.
 */
export function storable<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const walk = (v: unknown, path: PropertyKey[], depth: number) => {
      if (typeof v === 'string') {
        if (!isStorableText(v)) ctx.addIssue({ code: 'custom', message: UNSTORABLE_TEXT, path });
      } else if (v && typeof v === 'object' && depth < 20) {
        for (const [key, inner] of Object.entries(v)) {
          if (typeof key === 'string' && !isStorableText(key))
            ctx.addIssue({ code: 'custom', message: UNSTORABLE_TEXT, path });
          walk(inner, [...path, Array.isArray(v) ? Number(key) : key], depth + 1);
        }
      }
    };
    walk(value, [], 0);
  }) as unknown as T;
}

/** Short string helpers so every text field has an upper bound. */
export const text = (max = 200) => plainString().trim().max(max);
export const requiredText = (max = 200) => plainString().trim().min(1, '不能为空').max(max);

export const EMPTY_PATCH = '没有要修改的字段';

/**
 * A PATCH body from the object of its fields: every field optional, and at least one given, so
 * an empty `{}` is a 400 rather than an update with nothing to set.
 */
export function patchOf<Shape extends z.core.$ZodLooseShape>(
  schema: z.ZodObject<Shape, z.core.$strict>,
) {
  return schema
    .partial()
    .refine((value) => Object.values(value).some((v) => v !== undefined), EMPTY_PATCH);
}
/**
 * An integer that also accepts its decimal string (path and query values are strings) but not
 * `true`, `[]` or `''` the way z.coerce.number would.
 */
export const integer = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d{1,10}$/.test(v) ? Number(v) : v),
    z.number().int().min(min).max(max),
  );
export const id = integer(1, 2_147_483_647);
export const idParams = z.strictObject({ id });
/** A record's attachment ids (the files themselves: files.ts). */
export const attachmentIdList = z.array(id).max(50, '附件最多 50 个');
export const pageQuery = {
  page: integer(1, 100_000).optional(),
  pageSize: integer(1, 500).optional(),
};

export interface Paging {
  page?: number;
  pageSize?: number;
}

/** LIMIT/OFFSET of a page; without `page` the whole list (bounded) is returned. */
export function paging(query: Paging): { limit: number; offset: number } {
  if (!query.page) return { limit: query.pageSize ?? 100_000, offset: 0 };
  const size = query.pageSize ?? 20;
  return { limit: size, offset: (query.page - 1) * size };
}

/** A ledger year (2000–2100); query strings arrive as text. */
export const year = z.coerce
  .number()
  .int('应为整数年份')
  .min(2000, '年份不能早于 2000')
  .max(2100, '年份不能晚于 2100');

/** A calendar day as the web sends it, checked as a real date in Beijing. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期，如 2025-06-30')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)), '日期无效');

/** A moment with its offset, e.g. 2025-06-30T15:00:00+08:00 (the web sends Beijing time). */
export const dateTime = z.iso
  .datetime({ offset: true, message: '应为带时区的时间，如 2025-06-30T15:00:00+08:00' })
  .transform((s) => new Date(s));

/**
 * The filters every ledger list accepts: a unit's subtree, a year, and a period of Beijing
 * calendar days (`from`–`to`, both inclusive) for ledgers kept by date — a dashboard drill-down
 * opens the ledger on the half-year, quarter or month of the cell it came from.
 */
export const ledgerListFilters = {
  unitId: id.optional(),
  year: year.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
