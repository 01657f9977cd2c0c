import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { fail, type RowError } from './errors.js';
import { DEFAULT_SHEET_LIMITS, type SheetLimits, streamFirstSheet } from './excel-read.js';
import { issueField } from './validation.js';

/** One column of a ledger sheet: the same description drives template, export and import. */
export interface ExcelColumn {
  key: string;
  header: string;
  width?: number;
  /** Values offered as a drop-down in the template and accepted on import. */
  options?: readonly string[];
  /**
   * A column that depends on another one's value, e.g. 第一议题 only for 党组会议. The template's
   * drop-down offers choices only on rows where they are valid, and the import checks the same
   * rule (`columnRuleErrors` in ledger.ts) from this one description.
   */
  dependsOn?: {
    column: string;
    in: readonly string[];
    /** Must be filled on rows where the other column holds one of `in`. */
    required: boolean;
    /** Must stay blank on every other row. */
    blankOtherwise: boolean;
  };
}

const TEMPLATE_ROWS = 1000;
const OPTIONS_SHEET = '选项';

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The Excel condition "the other column of row r holds one of the values". */
function conditionFormula(letter: string, r: number, values: readonly string[]) {
  return `OR(${values.map((v) => `$${letter}${r}=${quoted(v)}`).join(',')})`;
}

/**
 * Writes rows (already formatted as cell values) to a one-sheet workbook with drop-downs. The
 * drop-down lists live on a hidden sheet (an inline list is limited to 255 characters); a
 * column that depends on another offers its list only where the other column allows it.
 */
export async function toWorkbook(
  sheetName: string,
  columns: readonly ExcelColumn[],
  rows: readonly Record<string, string | number | null>[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '守土';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  const last = Math.max(rows.length + 1, TEMPLATE_ROWS);
  // A plain list is written inline (Excel allows 255 characters); a dependent or long one is
  // referred to on the hidden sheet, since a conditional list must be a range.
  const inline = (c: ExcelColumn) =>
    !c.dependsOn?.blankOtherwise && quoted(c.options!.join(',')).length <= 255;
  const optionColumns = columns.filter((c) => c.options?.length && !inline(c));
  const lists = new Map<string, string>();
  if (optionColumns.length) {
    const options = workbook.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });
    optionColumns.forEach((column, index) => {
      const letter = options.getColumn(index + 1).letter;
      column.options!.forEach((option, i) => {
        options.getCell(`${letter}${i + 1}`).value = option;
      });
      lists.set(column.key, `'${OPTIONS_SHEET}'!$${letter}$1:$${letter}$${column.options!.length}`);
    });
    // An always-empty cell: the list offered where a dependent column must stay blank.
    lists.set('', `'${OPTIONS_SHEET}'!$${options.getColumn(optionColumns.length + 1).letter}$1`);
  }
  const letterOf = (key: string) =>
    sheet.getColumn(columns.findIndex((c) => c.key === key) + 1).letter;
  columns.forEach((column, index) => {
    const rule = column.dependsOn;
    if (!column.options?.length && !rule?.blankOtherwise) return;
    const letter = sheet.getColumn(index + 1).letter;
    const other = columns.find((c) => c.key === rule?.column);
    const where = rule ? `（仅当${other?.header}为「${rule.in.join('」或「')}」时填写）` : '';
    for (let r = 2; r <= last; r++) {
      const condition = rule && conditionFormula(letterOf(rule.column), r, rule.in);
      const list =
        column.options?.length && inline(column)
          ? quoted(column.options.join(','))
          : lists.get(column.key);
      sheet.getCell(`${letter}${r}`).dataValidation = list
        ? {
            type: 'list',
            allowBlank: true,
            formulae: [
              condition && rule.blankOtherwise ? `IF(${condition},${list},${lists.get('')})` : list,
            ],
            showErrorMessage: true,
            errorTitle: '取值无效',
            error: `请从下拉列表中选择：${column.options!.join('、')}${where}`,
          }
        : {
            type: 'custom',
            allowBlank: true,
            formulae: [`OR(${condition},LEN(${letter}${r})=0)`],
            showErrorMessage: true,
            errorTitle: '取值无效',
            error: `${column.header}${where}`,
          };
      if (rule?.required) {
        const cell = sheet.getCell(`${letter}${r}`);
        cell.dataValidation = {
          ...cell.dataValidation,
          showInputMessage: true,
          promptTitle: column.header,
          prompt: `${other?.header}为「${rule.in.join('」或「')}」时必填`,
        };
      }
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface SheetRow {
  /** The row number as Excel shows it (header is row 1). */
  row: number;
  values: Record<string, string>;
}

/**
 * Reads the first sheet, mapping cells to column keys by header text. Blank rows are skipped.
 * The workbook is streamed under limits (excel-read.ts): an oversized or bomb upload is refused
 * with a Chinese message before it can exhaust memory.
 */
export async function readSheet(
  buffer: Buffer,
  columns: readonly ExcelColumn[],
  maxRows = DEFAULT_SHEET_LIMITS.maxRows,
  limits: Partial<SheetLimits> = {},
): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  let headerIndex: Map<string, number> | null = null;
  const noHeader = () => {
    const missing = columns.filter((c) => !headerIndex?.has(c.header));
    return fail('VALIDATION', [`缺少列：${missing.map((c) => c.header).join('、')}`], {
      field: 'file',
    });
  };
  await streamFirstSheet(buffer, { ...DEFAULT_SHEET_LIMITS, ...limits, maxRows }, (raw) => {
    if (raw.row === 1) {
      headerIndex = new Map();
      for (const [column, text] of raw.cells) headerIndex.set(text, column);
      // Refuse a sheet without the expected columns at its first row, not after reading it all.
      if (columns.some((c) => !headerIndex!.has(c.header))) throw noHeader();
      return;
    }
    if (!headerIndex) throw noHeader();
    const values: Record<string, string> = {};
    let blank = true;
    for (const column of columns) {
      const text = raw.cells.get(headerIndex.get(column.header)!) ?? '';
      if (text) blank = false;
      values[column.key] = text;
    }
    if (!blank) rows.push({ row: raw.row, values });
  });
  if (!headerIndex) throw noHeader();
  return rows;
}

/**
 * Validates every row with a zod schema and collects row-level errors with the column header,
 * so a refused import names every bad row and field at once.
 */
export function validateRows<T>(
  rows: readonly SheetRow[],
  schema: z.ZodType<T>,
  columns: readonly ExcelColumn[],
): { parsed: { row: number; value: T }[]; errors: RowError[] } {
  const headerOf = new Map(columns.map((c) => [c.key, c.header]));
  const parsed: { row: number; value: T }[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const result = schema.safeParse(row.values);
    if (result.success) {
      parsed.push({ row: row.row, value: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      const key = issueField(issue);
      errors.push({ row: row.row, field: headerOf.get(key) ?? key, message: issue.message });
    }
  }
  return { parsed, errors };
}

/** Refuses the whole import when any row is wrong: nothing is written. */
export function refuseIfErrors(errors: readonly RowError[]): void {
  if (errors.length === 0) return;
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  throw fail('IMPORT_INVALID', [sorted.length], { rows: sorted });
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
