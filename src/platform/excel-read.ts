// Reads the first sheet of an .xlsx upload without ever holding more than the limits allow. An
// upload is a zip: a few hundred kilobytes can inflate to gigabytes of XML (a "zip bomb"), so the
// central directory's declared sizes are checked first, the entries are inflated as streams while
// the inflated bytes are counted (declared sizes can lie), and the XML is parsed as it arrives
// with rows, columns and shared strings counted — the first limit passed stops everything. The
// stream yields to the event loop between chunks, so other requests keep being served.
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { fail } from './errors.js';

export interface SheetLimits {
  /** Data rows below the header. */
  maxRows: number;
  /** Highest column index a cell may use (A = 1). */
  maxColumns: number;
  /** Entries of the shared string table. */
  maxSharedStrings: number;
  /** Inflated bytes of any one zip entry that is read. */
  maxEntryBytes: number;
  /** Inflated bytes of all entries read together. */
  maxTotalBytes: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  maxRows: 50_000,
  maxColumns: 256,
  maxSharedStrings: 500_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
};

const MB = 1024 * 1024;
const PARSE_SLICE = 8 * 1024;
const notAWorkbook = () =>
  fail('VALIDATION', ['文件不是有效的 Excel 工作簿（.xlsx）'], { field: 'file' });
const refuse = (message: string) => fail('VALIDATION', [message], { field: 'file' });

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** The zip's central directory: names, methods and declared sizes, without inflating anything. */
function centralDirectory(buffer: Buffer): Map<string, ZipEntry> {
  const eocdMin = 22;
  if (buffer.length < eocdMin) throw notAWorkbook();
  let eocd = -1;
  const stop = Math.max(0, buffer.length - eocdMin - 0xffff);
  for (let i = buffer.length - eocdMin; i >= stop; i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notAWorkbook();
  const count = buffer.readUInt16LE(eocd + 10);
  const size = buffer.readUInt32LE(eocd + 12);
  const offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw refuse('工作簿使用了 ZIP64 格式，过大，请拆分后分批导入');
  }
  if (offset + size > buffer.length) throw notAWorkbook();
  const entries = new Map<string, ZipEntry>();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== 0x02014b50) throw notAWorkbook();
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name.replace(/^\//, ''), {
      name,
      flags: buffer.readUInt16LE(at + 8),
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      declaredSize: buffer.readUInt32LE(at + 24),
      localOffset: buffer.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Counts inflated bytes across the entries of one workbook. */
class ByteBudget {
  private total = 0;
  constructor(private readonly limits: SheetLimits) {}

  check(entry: ZipEntry) {
    if (entry.declaredSize > this.limits.maxEntryBytes) throw this.tooLarge();
  }

  add(entryBytes: number, bytes: number) {
    this.total += bytes;
    if (entryBytes > this.limits.maxEntryBytes || this.total > this.limits.maxTotalBytes)
      throw this.tooLarge();
  }

  private tooLarge() {
    return refuse(
      `工作簿解压后超过 ${Math.round(this.limits.maxEntryBytes / MB)} MB，请拆分后分批导入`,
    );
  }
}

/** Inflates one entry as a stream, handing UTF-8 text to `onText` chunk by chunk. */
async function streamEntry(
  buffer: Buffer,
  entry: ZipEntry,
  budget: ByteBudget,
  onText: (text: string) => void,
): Promise<void> {
  if (entry.flags & 1) throw refuse('工作簿已加密，请取消密码后再导入');
  budget.check(entry);
  const at = entry.localOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) throw notAWorkbook();
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw notAWorkbook();
  const data = buffer.subarray(start, end);
  const decoder = new StringDecoder('utf8');
  let inflated = 0;
  if (entry.method === 0) {
    budget.add(data.length, data.length);
    onText(decoder.write(data));
    onText(decoder.end());
    return;
  }
  if (entry.method !== 8) throw notAWorkbook();
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  inflate.on('error', () => {});
  // Feed the compressed bytes in slices so back-pressure keeps the inflated side small.
  const feed = async () => {
    for (let i = 0; i < data.length && !inflate.destroyed; i += 64 * 1024) {
      if (!inflate.write(data.subarray(i, i + 64 * 1024)))
        await new Promise((resolve) => {
          inflate.once('drain', resolve);
          inflate.once('close', resolve);
        });
    }
    inflate.end();
  };
  const feeding = feed().catch(() => {});
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      budget.add(inflated, chunk.length);
      // Parse in small slices and let other requests in between: no slice holds the loop long.
      const text = decoder.write(chunk);
      for (let i = 0; i < text.length; i += PARSE_SLICE) {
        onText(text.slice(i, i + PARSE_SLICE));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'AppError') throw error;
    throw notAWorkbook();
  } finally {
    inflate.destroy();
    await feeding;
  }
  onText(decoder.end());
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses an entry's XML as it inflates; handlers may throw to stop at once. */
async function parseEntry(
  buffer: Buffer,
  entry: ZipEntry,
  budget: ByteBudget,
  handlers: {
    open?(name: string, attrs: Record<string, string>): void;
    text?(text: string): void;
    close?(name: string): void;
  },
): Promise<void> {
  let thrown: unknown = null;
  const guard =
    <A extends unknown[]>(fn: ((...args: A) => void) | undefined) =>
    (...args: A) => {
      if (thrown || !fn) return;
      try {
        fn(...args);
      } catch (error) {
        thrown = error;
      }
    };
  const parser = new Parser(
    {
      onopentag: guard((name: string, attrs: Record<string, string>) =>
        handlers.open?.(localName(name), attrs),
      ),
      ontext: guard((text: string) => handlers.text?.(text)),
      onclosetag: guard((name: string) => handlers.close?.(localName(name))),
    },
    { xmlMode: true, decodeEntities: true },
  );
  await streamEntry(buffer, entry, budget, (text) => {
    if (thrown) throw thrown;
    parser.write(text);
    if (thrown) throw thrown;
  });
  parser.end();
  if (thrown) throw thrown;
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30).
const builtinDateFormats = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** Which cell styles (index into cellXfs) show a date. */
async function dateStyles(
  buffer: Buffer,
  entries: Map<string, ZipEntry>,
  budget: ByteBudget,
): Promise<Set<number>> {
  const entry = entries.get('xl/styles.xml');
  const result = new Set<number>();
  if (!entry) return result;
  const customDates = new Set<number>();
  let inCellXfs = false;
  let xfIndex = 0;
  await parseEntry(buffer, entry, budget, {
    open(name, attrs) {
      if (name === 'numFmt' && isDateFormatCode(attrs.formatCode ?? ''))
        customDates.add(Number(attrs.numFmtId));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attrs.numFmtId ?? 0);
        if (builtinDateFormats.has(id) || customDates.has(id)) result.add(xfIndex);
        xfIndex++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return result;
}

async function sharedStrings(
  buffer: Buffer,
  entries: Map<string, ZipEntry>,
  budget: ByteBudget,
  limits: SheetLimits,
): Promise<string[]> {
  const entry = entries.get('xl/sharedStrings.xml');
  const strings: string[] = [];
  if (!entry) return strings;
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  await parseEntry(buffer, entry, budget, {
    open(name) {
      if (name === 'si') {
        current = [];
        if (strings.length >= limits.maxSharedStrings)
          throw refuse(`工作簿中的文本条目超过 ${limits.maxSharedStrings} 条，请拆分后分批导入`);
      } else if (name === 'rPh') inPhonetic = true;
      else if (name === 't') inText = true;
    },
    text(text) {
      if (current && inText && !inPhonetic) current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si' && current) {
        strings.push(current.join(''));
        current = null;
      }
    },
  });
  return strings;
}

/** The first sheet in the workbook's order, and whether dates count from 1904. */
async function firstSheet(
  buffer: Buffer,
  entries: Map<string, ZipEntry>,
  budget: ByteBudget,
): Promise<{ entry: ZipEntry; date1904: boolean }> {
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) throw notAWorkbook();
  let firstRelId = '';
  let date1904 = false;
  await parseEntry(buffer, workbook, budget, {
    open(name, attrs) {
      if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
      if (name === 'sheet' && !firstRelId)
        firstRelId =
          attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
    },
  });
  let target = '';
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (rels && firstRelId) {
    await parseEntry(buffer, rels, budget, {
      open(name, attrs) {
        if (name === 'Relationship' && attrs.Id === firstRelId) target = attrs.Target ?? '';
      },
    });
  }
  const path = target.startsWith('/') ? target.slice(1) : target ? `xl/${target}` : '';
  const entry = entries.get(path) ?? entries.get('xl/worksheets/sheet1.xml');
  if (!entry) throw refuse('工作簿中没有工作表');
  return { entry, date1904 };
}

function columnIndex(ref: string): number {
  let index = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index;
}

function serialToIsoDate(serial: number, date1904: boolean): string {
  const days = serial + (date1904 ? 1462 : 0);
  const ms = Math.round((days - 25569) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

export interface RawRow {
  row: number;
  /** Cell text by column index (A = 1), trimmed. */
  cells: Map<number, string>;
}

/**
 * Streams the first sheet's rows to `onRow` (header included), each cell as the text Excel
 * shows for it (dates as YYYY-MM-DD). Refuses with a Chinese message as soon as a limit passes.
 */
export async function streamFirstSheet(
  buffer: Buffer,
  limits: SheetLimits,
  onRow: (row: RawRow) => void,
): Promise<void> {
  const entries = centralDirectory(buffer);
  const budget = new ByteBudget(limits);
  const { entry, date1904 } = await firstSheet(buffer, entries, budget);
  budget.check(entry);
  const dates = await dateStyles(buffer, entries, budget);
  const strings = await sharedStrings(buffer, entries, budget, limits);
  const tooManyRows = () => refuse(`一次最多导入 ${limits.maxRows} 行`);

  let rowElements = 0;
  let rowNumber = 0;
  let cells: Map<number, string> | null = null;
  let cell: { column: number; type: string; style: number; text: string[] } | null = null;
  let lastColumn = 0;
  let collect: 'v' | 't' | null = null;
  let inInline = false;
  let inPhonetic = false;

  await parseEntry(buffer, entry, budget, {
    open(name, attrs) {
      if (name === 'row') {
        rowElements++;
        rowNumber = attrs.r ? Number(attrs.r) : rowNumber + 1;
        if (rowElements > limits.maxRows + 1 || rowNumber > limits.maxRows + 1) throw tooManyRows();
        cells = new Map();
        lastColumn = 0;
      } else if (name === 'c' && cells) {
        const column = attrs.r ? columnIndex(attrs.r) : lastColumn + 1;
        lastColumn = column;
        if (column > limits.maxColumns)
          throw refuse(`工作表超过 ${limits.maxColumns} 列，请删除多余的列后再导入`);
        cell = { column, type: attrs.t ?? 'n', style: Number(attrs.s ?? 0), text: [] };
      } else if (cell) {
        if (name === 'v') collect = 'v';
        else if (name === 'is') inInline = true;
        else if (name === 'rPh') inPhonetic = true;
        else if (name === 't' && inInline && !inPhonetic) collect = 't';
      }
    },
    text(text) {
      if (cell && collect) cell.text.push(text);
    },
    close(name) {
      if (name === 'v' || name === 't') collect = null;
      else if (name === 'is') inInline = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'c' && cell && cells) {
        const raw = cell.text.join('');
        let value = raw;
        if (cell.type === 's') value = strings[Number(raw)] ?? '';
        else if (cell.type === 'b') value = raw === '1' ? 'true' : raw === '0' ? 'false' : raw;
        else if (cell.type === 'e') value = '';
        else if (cell.type === 'd') value = raw.slice(0, 10);
        else if (cell.type === 'n' && raw !== '') {
          const number = Number(raw);
          value = dates.has(cell.style)
            ? serialToIsoDate(number, date1904)
            : Number.isNaN(number)
              ? raw
              : String(number);
        }
        value = value.trim();
        if (value) cells.set(cell.column, value);
        cell = null;
      } else if (name === 'row' && cells) {
        onRow({ row: rowNumber, cells });
        cells = null;
      }
    },
  });
}
