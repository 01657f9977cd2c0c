import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { fail, type RowError } from './errors.js';
import { issueField } from './validation.js';

/** One column of a ledger sheet: the same description drives template, export and import. */
export interface ExcelColumn {
  key: string;
  header: string;
  width?: number;
  /** Values offered as a drop-down in the template and accepted on import. */
  options?: readonly string[];
}

const TEMPLATE_ROWS = 1000;

/** Writes rows (already formatted as cell values) to a one-sheet workbook with drop-downs. */
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
  columns.forEach((column, index) => {
    if (!column.options?.length) return;
    const letter = sheet.getColumn(index + 1).letter;
    for (let r = 2; r <= last; r++) {
      sheet.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${column.options.join(',')}"`],
        showErrorMessage: true,
        errorTitle: '取值无效',
        error: `请从下拉列表中选择：${column.options.join('、')}`,
      };
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface SheetRow {
  /** The row number as Excel shows it (header is row 1). */
  row: number;
  values: Record<string, string>;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates carry no zone; exceljs reads them as UTC midnight of the shown day.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** Reads the first sheet, mapping cells to column keys by header text. Blank rows are skipped. */
export async function readSheet(
  buffer: Buffer,
  columns: readonly ExcelColumn[],
  maxRows = 50_000,
): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw fail('VALIDATION', ['文件不是有效的 Excel 工作簿（.xlsx）'], { field: 'file' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fail('VALIDATION', ['工作簿中没有工作表'], { field: 'file' });
  const headerIndex = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => headerIndex.set(cellText(cell.value), col));
  const missing = columns.filter((c) => !headerIndex.has(c.header));
  if (missing.length) {
    throw fail('VALIDATION', [`缺少列：${missing.map((c) => c.header).join('、')}`], {
      field: 'file',
    });
  }
  if (sheet.rowCount - 1 > maxRows) {
    throw fail('VALIDATION', [`一次最多导入 ${maxRows} 行`], { field: 'file' });
  }
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    let blank = true;
    for (const column of columns) {
      const text = cellText(row.getCell(headerIndex.get(column.header)!).value);
      if (text) blank = false;
      values[column.key] = text;
    }
    if (!blank) rows.push({ row: rowNumber, values });
  });
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
