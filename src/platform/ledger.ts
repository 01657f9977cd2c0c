// Mechanisms every unit-owned ledger shares: the scoped paged list, audited changes, optional
// attachment lists and the all-or-nothing Excel import. Domain rules (conflicts, fields,
// enumerations) stay in the domains; only the shape they all repeat lives here.
import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { inSubtree } from './access.js';
import type { ServiceContext } from './context.js';
import { fail, type RowError } from './errors.js';
import { type ExcelColumn, readSheet, refuseIfErrors, toWorkbook, validateRows } from './excel.js';
import { type UnitDirectory, unitDirectory } from './excel-cells.js';
import { requireAttachments, visibleAttachmentIds } from './files.js';
import type { ExportQuery } from './ledger-routes.js';
import { isStorableText, type Paging, paging, UNSTORABLE_TEXT } from './validation.js';

/** Beijing calendar year of a timestamp column equals `year`. */
export const beijingYearIs = (column: PgColumn, year: number): SQL =>
  sql`extract(year from ${column} at time zone 'Asia/Shanghai')::int = ${year}`;

/** Records dated within Beijing calendar days `from`–`to` (inclusive), by a timestamp column. */
export const instantWithin = (column: PgColumn, from?: string, to?: string): SQL[] => [
  ...(from ? [sql`${column} >= (${from}::date::timestamp at time zone 'Asia/Shanghai')`] : []),
  ...(to ? [sql`${column} < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`] : []),
];

/** Records dated within calendar days `from`–`to` (inclusive), by a date column. */
export const dateWithin = (column: PgColumn, from?: string, to?: string): SQL[] => [
  ...(from ? [sql`${column} >= ${from}::date`] : []),
  ...(to ? [sql`${column} <= ${to}::date`] : []),
];

export interface LedgerQuery {
  unitId?: number;
  year?: number;
  from?: string;
  to?: string;
}

/**
 * The filters of a ledger list: the unit's subtree when `unitId` is given, the year through
 * `year(y)` when given, the period through `within(from, to)` for a ledger kept by date, and any
 * domain filters (undefined ones are dropped).
 */
export function ledgerFilters(
  unitColumn: PgColumn,
  query: LedgerQuery,
  year: ((year: number) => SQL | SQL[]) | null,
  within: ((from?: string, to?: string) => SQL[]) | undefined,
  ...extra: (SQL | false | '' | 0 | undefined)[]
): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.unitId) conditions.push(inSubtree(unitColumn, query.unitId));
  if (query.year && year) conditions.push(...[year(query.year)].flat());
  if ((query.from || query.to) && within) conditions.push(...within(query.from, query.to));
  for (const condition of extra) if (condition) conditions.push(condition);
  return and(...conditions);
}

/**
 * One page of a ledger within the caller's scope and its total count. `rows` runs the domain's
 * select (with its joins and order) for the page; the count uses the same filters and scope.
 */
export async function pagedList<T>(
  ctx: ServiceContext,
  spec: {
    table: PgTable;
    unitColumn: PgColumn;
    where: SQL | undefined;
    query: Paging;
    rows: (page: { limit: number; offset: number }) => PromiseLike<T[]>;
  },
): Promise<{ items: T[]; total: number }> {
  const [items, [total]] = await Promise.all([
    spec.rows(paging(spec.query)),
    ctx.tx
      .select({ n: count() })
      .from(spec.table)
      .where(and(ctx.scope.filter(spec.unitColumn), spec.where)),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The first row or 404: a load by id through a scope-filtered query. */
export async function firstOrNotFound<T>(rows: PromiseLike<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw fail('NOT_FOUND');
  return row;
}

interface Owned {
  id: number;
  unitId: number;
}

/** Audits a change of one ledger record as `<entity>.<verb>`, in the caller's transaction. */
export function auditRecord(
  ctx: ServiceContext,
  entity: string,
  verb: string,
  change: { before?: Owned; after?: Owned },
): Promise<void> {
  const record = (change.after ?? change.before)!;
  return ctx.audit({
    action: `${entity}.${verb}`,
    entity,
    entityId: record.id,
    unitId: record.unitId,
    before: change.before,
    after: change.after,
  });
}

/** Deletes one record the caller reaches (loaded first: 404 outside the scope) and audits it. */
export async function deleteRecord(
  ctx: ServiceContext,
  spec: { entity: string; table: PgTable; idColumn: PgColumn; id: number },
  load: (ctx: ServiceContext, id: number) => Promise<Owned>,
): Promise<void> {
  const before = await load(ctx, spec.id);
  await ctx.tx.delete(spec.table).where(eq(spec.idColumn, spec.id));
  await auditRecord(ctx, spec.entity, 'delete', { before });
}

/** A domain's scoped select (joins and columns), before ordering and paging. */
interface OrderableSelect<T> extends PromiseLike<T[]> {
  orderBy(...columns: (PgColumn | SQL)[]): {
    limit(limit: number): { offset(offset: number): PromiseLike<T[]> };
  };
}

/**
 * A ledger's read side from one description: `list` (scope, subtree, year and domain filters,
 * paged, with the total) and `get` (by id within the scope, else 404). The reader applies the
 * caller's scope to `unitColumn` itself: `select` only joins, picks columns and applies `where`.
 * `present` adds what a row needs beyond the select (e.g. lists).
 */
export function ledgerReader<Row, Item = Row>(spec: {
  table: PgTable;
  idColumn: PgColumn;
  unitColumn: PgColumn;
  select: (ctx: ServiceContext, where: SQL | undefined) => OrderableSelect<Row>;
  order: (PgColumn | SQL)[];
  year: ((year: number) => SQL | SQL[]) | null;
  /** The period filter of a ledger kept by date (`instantWithin` / `dateWithin` its column). */
  within?: (from?: string, to?: string) => SQL[];
  present?: (ctx: ServiceContext, rows: Row[]) => Promise<Item[]>;
}) {
  const present = (ctx: ServiceContext, rows: Row[]) =>
    spec.present ? spec.present(ctx, rows) : Promise.resolve(rows as unknown as Item[]);
  return {
    list(
      ctx: ServiceContext,
      query: LedgerQuery & Paging,
      ...extra: (SQL | false | '' | 0 | undefined)[]
    ) {
      const where = ledgerFilters(spec.unitColumn, query, spec.year, spec.within, ...extra);
      return pagedList(ctx, {
        table: spec.table,
        unitColumn: spec.unitColumn,
        where,
        query,
        rows: async ({ limit, offset }) =>
          present(
            ctx,
            await spec
              .select(ctx, and(ctx.scope.filter(spec.unitColumn), where))
              .orderBy(...spec.order)
              .limit(limit)
              .offset(offset),
          ),
      });
    },
    async get(ctx: ServiceContext, id: number): Promise<Item> {
      const rows = await spec.select(
        ctx,
        and(ctx.scope.filter(spec.unitColumn), eq(spec.idColumn, id)),
      );
      return firstOrNotFound(present(ctx, rows));
    },
  };
}

/** Inserts one record, reloads it through `load` and audits `<entity>.create`. */
export async function createRecord<TTable extends PgTable, T extends Owned>(
  ctx: ServiceContext,
  spec: { entity: string; table: TTable; idColumn: PgColumn },
  values: PgInsertValue<TTable>,
  load: (ctx: ServiceContext, id: number) => Promise<T>,
): Promise<T> {
  const [row] = (await ctx.tx
    .insert(spec.table)
    .values(values)
    .returning({ id: spec.idColumn })) as { id: number }[];
  const after = await load(ctx, row!.id);
  await auditRecord(ctx, spec.entity, 'create', { after });
  return after;
}

/**
 * Changes one record the caller reaches: loads it (404 outside the scope), lets the domain check
 * the change and compute the new values from `before`, writes them, reloads and audits
 * `<entity>.<verb>` with both states. `after` runs domain writes beside the row (e.g. lists).
 */
export async function updateRecord<TTable extends PgTable, T extends Owned>(
  ctx: ServiceContext,
  spec: { entity: string; table: TTable; idColumn: PgColumn; id: number; verb?: string },
  load: (ctx: ServiceContext, id: number) => Promise<T>,
  change: (before: T) => Promise<PgUpdateSetSource<TTable>> | PgUpdateSetSource<TTable>,
  afterWrite?: () => Promise<void>,
): Promise<T> {
  const before = await load(ctx, spec.id);
  const values = await change(before);
  await ctx.tx.update(spec.table).set(values).where(eq(spec.idColumn, spec.id));
  if (afterWrite) await afterWrite();
  const after = await load(ctx, spec.id);
  await auditRecord(ctx, spec.entity, spec.verb ?? 'update', { before, after });
  return after;
}

/** A patch's attachment list checked when given; undefined leaves the record's list alone. */
export const patchAttachments = (ctx: ServiceContext, ids: readonly number[] | undefined) =>
  ids === undefined ? Promise.resolve(undefined) : requireAttachments(ctx, ids);

export type UnitEntry = Exclude<ReturnType<UnitDirectory['resolve']>, string>;

/** One sheet row as the domain sees it while resolving references. */
export interface ImportItem<V> {
  row: number;
  /** Every field that parsed; a field whose cell is wrong is absent. */
  value: Partial<V>;
  /** The whole row when every field parsed (only such rows are written). */
  complete: V | null;
  unit: UnitEntry;
}

/**
 * What makes two rows the same record (a ledger's natural key). A file that repeats a stored
 * record, or a row of itself, is refused naming each duplicate: importing a file twice must not
 * double the ledger (docs/decisions.md, "Excel re-import").
 */
export interface NaturalKey<V, P> {
  /** The key's fields as the message names them, e.g. 「单位、年度和责任人」. */
  label: string;
  /** The column header a duplicate is reported under. */
  field: string;
  /** The key of a row, or undefined while one of its key fields is wrong. */
  of: (item: ImportItem<V>, prepared: P) => readonly unknown[] | undefined;
  /** The keys of the records already stored in these units (the caller's scope). */
  stored: (unitIds: number[], prepared: P) => Promise<readonly (readonly unknown[])[]>;
}

/** Checks the column rules the template encodes (`dependsOn`) on a row's raw cells. */
export function columnRuleErrors(
  columns: readonly ExcelColumn[],
  row: { row: number; values: Record<string, string> },
): RowError[] {
  const errors: RowError[] = [];
  for (const column of columns) {
    const rule = column.dependsOn;
    if (!rule) continue;
    const other = columns.find((c) => c.key === rule.column)!;
    const applies = rule.in.includes(row.values[rule.column] ?? '');
    const filled = (row.values[column.key] ?? '') !== '';
    const values = rule.in.join('」或「');
    if (applies && rule.required && !filled)
      errors.push({
        row: row.row,
        field: column.header,
        message: `${other.header}为「${values}」时须填写${column.header}`,
      });
    if (!applies && rule.blankOtherwise && filled)
      errors.push({
        row: row.row,
        field: column.header,
        message: `只有${other.header}为「${values}」时才填写${column.header}`,
      });
  }
  return errors;
}

/** Each field of an object schema parsed on its own: what a row with errors still tells. */
function parseFields<V>(schema: z.ZodType<V, unknown>, values: Record<string, string>) {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const partial: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const result = field.safeParse(values[key]);
    if (result.success) partial[key] = result.data;
  }
  return partial as Partial<V>;
}

/**
 * The Excel import every ledger shares: read the sheet, validate each row, resolve its unit (the
 * `unit` column) and domain references, check attachment ids (the `attachmentIds` column, when the
 * ledger has one) and the natural key against the file and the ledger, refuse the whole file on
 * any error, then insert row by row and audit the import.
 *
 * Every check runs on every row, so one refusal lists all that is wrong: a row with a bad date
 * still has its unit, people and attachments looked up from the fields that did parse.
 */
export async function importLedger<V extends { unit: string; attachmentIds?: number[] }, P, R>(
  ctx: ServiceContext,
  file: Buffer,
  spec: {
    entity: string;
    columns: readonly ExcelColumn[];
    /** The row's fields (an object schema: each field is also parsed on its own). */
    row: z.ZodType<V, unknown>;
    /** Lookups shared by every row (people, existing keys), loaded once before resolving. */
    prepare?: (directory: UnitDirectory) => Promise<P>;
    /**
     * Looks up the row's references, `report`ing each that fails (keep going: report all), and
     * returns what to insert when `item.complete` — for other rows the result is dropped.
     */
    resolve: (
      item: ImportItem<V>,
      report: (field: string, message: string) => undefined,
      prepared: P,
    ) => R | undefined;
    naturalKey?: NaturalKey<V, P>;
    insert: (ready: R) => Promise<unknown>;
    /** Writes that gather the inserted rows (e.g. one group change per unit), before the audit. */
    finish?: () => Promise<void>;
  },
): Promise<{ imported: number }> {
  const header = (key: string) => spec.columns.find((c) => c.key === key)?.header ?? key;
  const sheet = await readSheet(file, spec.columns);
  const errors: RowError[] = [];
  const directory = await unitDirectory(ctx);
  const prepared = (spec.prepare ? await spec.prepare(directory) : undefined) as P;
  const ready: R[] = [];
  const items: ImportItem<V>[] = [];
  const partials: { row: number; value: Partial<V> }[] = [];
  for (const sheetRow of sheet) {
    const { row } = sheetRow;
    // A cell can carry what no text field may (an `_x0000_` escape is a NUL): refused like a
    // request field, and left out of the other checks.
    for (const column of spec.columns) {
      const cell = sheetRow.values[column.key] ?? '';
      if (isStorableText(cell)) continue;
      errors.push({ row, field: column.header, message: UNSTORABLE_TEXT });
      sheetRow.values[column.key] = '';
    }
    errors.push(...columnRuleErrors(spec.columns, sheetRow));
    const checked = validateRows([sheetRow], spec.row, spec.columns);
    errors.push(...checked.errors);
    const complete = checked.parsed[0]?.value ?? null;
    const value = complete ?? parseFields(spec.row, sheetRow.values);
    partials.push({ row, value });
    const rowValid = errors.every((e) => e.row !== row);
    // An empty unit cell is already reported by the row schema.
    if (!value.unit) continue;
    const unit = directory.resolve(value.unit);
    if (typeof unit === 'string') {
      errors.push({ row, field: header('unit'), message: unit });
      continue;
    }
    const report = (field: string, message: string) => {
      errors.push({ row, field, message });
      return undefined;
    };
    const item: ImportItem<V> = { row, value, complete, unit };
    items.push(item);
    const result = spec.resolve(item, report, prepared);
    if (complete && rowValid && result !== undefined && errors.every((e) => e.row !== row))
      ready.push(result);
  }
  if (spec.columns.some((c) => c.key === 'attachmentIds')) {
    await reportHiddenAttachments(ctx, partials, errors, header('attachmentIds'));
  }
  if (spec.naturalKey) await reportDuplicates(spec.naturalKey, items, prepared, errors);
  if (sheet.length === 0)
    errors.push({ row: 2, field: header('unit'), message: '文件中没有数据行' });
  refuseIfErrors(errors);
  for (const item of ready) await spec.insert(item);
  if (spec.finish) await spec.finish();
  await ctx.audit({
    action: `${spec.entity}.import`,
    entity: spec.entity,
    after: { rows: ready.length },
  });
  return { imported: ready.length };
}

/**
 * `NaturalKey.stored` for a ledger whose key is columns of its own table: those columns of the
 * records in the given units (already within the caller's scope), each as an array.
 */
export async function storedKeys(
  ctx: ServiceContext,
  spec: { table: PgTable; unitColumn: PgColumn; columns: readonly PgColumn[] },
  unitIds: number[],
): Promise<unknown[][]> {
  if (unitIds.length === 0) return [];
  const fields = Object.fromEntries(spec.columns.map((c, i) => [`k${i}`, c]));
  const rows = (await ctx.tx
    .select(fields)
    .from(spec.table)
    .where(and(ctx.scope.filter(spec.unitColumn), inArray(spec.unitColumn, unitIds)))) as Record<
    string,
    unknown
  >[];
  return rows.map((row) => spec.columns.map((_, i) => row[`k${i}`]));
}

/** Row errors for rows that repeat an earlier row of the file or a record already stored. */
async function reportDuplicates<V, P>(
  key: NaturalKey<V, P>,
  items: ImportItem<V>[],
  prepared: P,
  errors: RowError[],
) {
  const keyed = items
    .map((item) => ({ item, key: key.of(item, prepared) }))
    .filter((k): k is { item: ImportItem<V>; key: readonly unknown[] } => k.key !== undefined);
  if (keyed.length === 0) return;
  const unitIds = [...new Set(keyed.map((k) => k.item.unit.id))];
  const stored = new Set((await key.stored(unitIds, prepared)).map((k) => JSON.stringify(k)));
  const firstRow = new Map<string, number>();
  for (const { item, key: parts } of keyed) {
    const text = JSON.stringify(parts);
    const earlier = firstRow.get(text);
    if (stored.has(text))
      errors.push({
        row: item.row,
        field: key.field,
        message: `与系统中已有的记录重复（${key.label}相同），该文件可能已导入过`,
      });
    else if (earlier !== undefined)
      errors.push({
        row: item.row,
        field: key.field,
        message: `与文件第 ${earlier} 行重复（${key.label}相同）`,
      });
    if (earlier === undefined) firstRow.set(text, item.row);
  }
}

/** Row errors for attachment ids that do not exist or lie outside the caller's scope. */
async function reportHiddenAttachments(
  ctx: ServiceContext,
  parsed: { row: number; value: { attachmentIds?: number[] | undefined } }[],
  errors: RowError[],
  field: string,
) {
  const visible = await visibleAttachmentIds(
    ctx,
    parsed.flatMap((p) => p.value.attachmentIds ?? []),
  );
  for (const { row, value } of parsed) {
    const missing = (value.attachmentIds ?? []).filter((a) => !visible.has(a));
    if (missing.length)
      errors.push({ row, field, message: `附件 ${missing.join('、')} 不存在或无权访问` });
  }
}

/**
 * A ledger's sheet: the empty template (with its drop-downs) and the export of what `list`
 * returns for the caller, each record written as one row by `row`.
 */
export function ledgerSheet<Item>(spec: {
  name: string;
  columns: readonly ExcelColumn[];
  list: (ctx: ServiceContext, query: ExportQuery) => Promise<{ items: Item[] }>;
  row: (item: Item) => Record<string, string | number | null>;
}) {
  return {
    template: () => toWorkbook(spec.name, spec.columns, []),
    async export(ctx: ServiceContext, query: ExportQuery = {}) {
      const { items } = await spec.list(ctx, query);
      return toWorkbook(spec.name, spec.columns, items.map(spec.row));
    },
  };
}
