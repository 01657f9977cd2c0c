// Cells of ledger sheets shared by every domain's Excel import: Beijing wall-clock times, dates,
// years, counts and lists, and units named by full or short name (scoped to the caller).
import type { ServiceContext } from './context.js';
import { units } from './tables.js';
import { z } from './validation.js';

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** 2025-06-30 15:00 (seconds only when present): how a time is written in a ledger sheet. */
export function formatBeijing(date: Date): string {
  const text = new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString();
  const seconds = text.slice(17, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}

export const beijingTimeCell = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, '应为时间，如 2025-06-30 15:00')
  .transform((s) => {
    const [day, time = '00:00'] = s.split(' ');
    return new Date(`${day}T${time.length === 5 ? `${time}:00` : time}+08:00`);
  })
  .refine((d) => !Number.isNaN(d.getTime()), '时间无效');

export const dateCell = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期，如 2025-06-30')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)), '日期无效');

export const yearCell = z
  .string()
  .regex(/^\d{4}$/, '应为四位年份')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, '年份应在 2000–2100 之间');

export const countCell = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, '应为非负整数')
    .transform(Number)
    .refine((n) => n <= max, `不能超过 ${max}`);

export const listCell = (maxItems: number, maxLength: number) =>
  z
    .string()
    .transform((s) =>
      s
        .split(/[、,，;；\n]+/)
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length <= maxItems, `最多 ${maxItems} 项`)
    .refine((list) => list.every((v) => v.length <= maxLength), `每项不能超过 ${maxLength} 个字符`);

export const joinList = (list: readonly string[]) => list.join('、');

interface UnitEntry {
  id: number;
  name: string;
  kind: string;
  path: string;
}

/** Units the caller reaches, found by full or short name; ambiguous names are reported. */
export async function unitDirectory(ctx: ServiceContext) {
  const items = await ctx.tx.select().from(units).where(ctx.scope.unitCondition());
  const byName = new Map<string, UnitEntry[]>();
  const add = (key: string, unit: UnitEntry) => {
    if (!key) return;
    const list = byName.get(key) ?? [];
    if (!list.some((u) => u.id === unit.id)) list.push(unit);
    byName.set(key, list);
  };
  for (const u of items) {
    const entry = { id: u.id, name: u.name, kind: u.kind, path: u.path };
    add(u.name, entry);
    add(u.shortName, entry);
  }
  const byId = new Map(items.map((u) => [u.id, u]));
  return {
    byId,
    /** The unit named, or a Chinese reason why not. */
    resolve(name: string): UnitEntry | string {
      const found = byName.get(name) ?? [];
      if (found.length === 1) return found[0]!;
      if (found.length === 0) return `找不到单位「${name}」（或无权操作该单位）`;
      return `单位名称「${name}」对应多个单位，请填写全称`;
    },
    /** The enclosing unit's path: the people who may appear in this unit's records. */
    familyPath(unitId: number): string {
      const unit = byId.get(unitId)!;
      const ids = unit.path.split('/').filter(Boolean).map(Number);
      for (const ancestorId of ids) {
        const ancestor = byId.get(ancestorId);
        if (ancestor?.kind === 'unit') return ancestor.path;
      }
      return unit.path;
    },
  };
}
export type UnitDirectory = Awaited<ReturnType<typeof unitDirectory>>;

/** A required text cell of at most `max` characters. */
export const requiredCell = (max: number) =>
  z.string().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`);

/** An optional text cell of at most `max` characters (blank is '').*/
export const textCell = (max: number) => z.string().max(max, `不能超过 ${max} 个字符`);

/**
 * An enumeration shown by its Chinese labels: the drop-down options, the cell accepting exactly
 * those labels, and the key behind a label.
 */
export function labelled<K extends string>(keys: readonly K[], labels: Record<K, string>) {
  const options = keys.map((k) => labels[k]);
  const byLabel = new Map<string, K>(keys.map((k) => [labels[k], k]));
  return {
    options,
    cell: z.string().refine((v) => byLabel.has(v), `应为：${options.join('、')}`),
    key: (label: string) => byLabel.get(label) as K,
  };
}
