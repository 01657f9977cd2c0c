// Mechanisms every unit-owned ledger shares: the scoped paged list, audited changes, optional
// attachment lists and the all-or-nothing Excel import. Domain rules (conflicts, fields,
// enumerations) stay in the domains; only the shape they all repeat lives here.
import { and, count, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { inSubtree } from './access.js';
import type { ServiceContext } from './context.js';
import { fail, type RowError } from './errors.js';
import { type ExcelColumn, readSheet, refuseIfErrors, toWorkbook, validateRows } from './excel.js';
import { type UnitDirectory, unitDirectory } from './excel-cells.js';
import { requireAttachments, visibleAttachmentIds } from './files.js';
import type { ExportQuery } from './ledger-routes.js';
import { type Paging, paging } from './validation.js';

/** Beijing calendar year of a timestamp column equals `year`. */
export const beijingYearIs = (column: PgColumn, year: number): SQL =>
  sql`extract(year from ${column} at time zone 'Asia/Shanghai')::int = ${year}`;

/**
 * The filters of a ledger list: the unit's subtree when `unitId` is given, the year through
 * `year(y)` when given, and any domain filters (undefined ones are dropped).
 */
export function ledgerFilters(
  unitColumn: PgColumn,
  query: { unitId?: number; year?: number },
  year: ((year: number) => SQL | SQL[]) | null,
  ...extra: (SQL | false | '' | 0 | undefined)[]
): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.unitId) conditions.push(inSubtree(unitColumn, query.unitId));
  if (query.year && year) conditions.push(...[year(query.year)].flat());
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
  present?: (ctx: ServiceContext, rows: Row[]) => Promise<Item[]>;
}) {
  const present = (ctx: ServiceContext, rows: Row[]) =>
    spec.present ? spec.present(ctx, rows) : Promise.resolve(rows as unknown as Item[]);
  return {
    list(
      ctx: ServiceContext,
      query: { unitId?: number; year?: number } & Paging,
      ...extra: (SQL | false | '' | 0 | undefined)[]
    ) {
      const where = ledgerFilters(spec.unitColumn, query, spec.year, ...extra);
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

/**
 * The Excel import every ledger shares: read the sheet, validate each row, resolve its unit (the
 * `unit` column) and domain references, check attachment ids (the `attachmentIds` column, when the
 * ledger has one), refuse the whole file on any error, then insert row by row and audit the import.
 */
export async function importLedger<V extends { unit: string; attachmentIds?: number[] }, P, R>(
  ctx: ServiceContext,
  file: Buffer,
  spec: {
    entity: string;
    columns: readonly ExcelColumn[];
    row: z.ZodType<V, unknown>;
    /** Lookups shared by every row (people, existing keys), loaded once before resolving. */
    prepare?: (directory: UnitDirectory) => Promise<P>;
    /** A row whose fields and unit are valid: what to insert, or undefined after `report`ing. */
    resolve: (
      item: { row: number; value: V; unit: UnitEntry },
      report: (field: string, message: string) => undefined,
      prepared: P,
    ) => R | undefined;
    insert: (ready: R) => Promise<unknown>;
    /** Writes that gather the inserted rows (e.g. one group change per unit), before the audit. */
    finish?: () => Promise<void>;
  },
): Promise<{ imported: number }> {
  const header = (key: string) => spec.columns.find((c) => c.key === key)?.header ?? key;
  const sheet = await readSheet(file, spec.columns);
  const { parsed, errors } = validateRows(sheet, spec.row, spec.columns);
  const directory = await unitDirectory(ctx);
  const prepared = (spec.prepare ? await spec.prepare(directory) : undefined) as P;
  const ready: R[] = [];
  for (const { row, value } of parsed) {
    const unit = directory.resolve(value.unit);
    if (typeof unit === 'string') {
      errors.push({ row, field: header('unit'), message: unit });
      continue;
    }
    const report = (field: string, message: string) => {
      errors.push({ row, field, message });
      return undefined;
    };
    const item = spec.resolve({ row, value, unit }, report, prepared);
    if (item !== undefined) ready.push(item);
  }
  if (spec.columns.some((c) => c.key === 'attachmentIds')) {
    await reportHiddenAttachments(ctx, parsed, errors, header('attachmentIds'));
  }
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

/** Row errors for attachment ids that do not exist or lie outside the caller's scope. */
async function reportHiddenAttachments(
  ctx: ServiceContext,
  parsed: { row: number; value: { attachmentIds?: number[] } }[],
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
