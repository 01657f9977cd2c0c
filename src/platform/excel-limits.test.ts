import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from './excel.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from './testing.js';

// Uploads that would exhaust the server if read whole: each is built here as a real zip, then sent
// to an import route as a liaison would.

interface ZipPart {
  name: string;
  data: Buffer;
  /** Override the size the central directory declares (a lying bomb). */
  declaredSize?: number;
}

async function deflateChunks(chunks: Iterable<string>): Promise<{ data: Buffer; size: number }> {
  const deflate = createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let size = 0;
  for (const chunk of chunks) {
    size += Buffer.byteLength(chunk);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), size };
}

/** A zip archive: local headers, data, central directory (CRC of the compressed data is not read). */
function zip(parts: { name: string; compressed: Buffer; size: number; declaredSize?: number }[]) {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(part.compressed), 14);
    local.writeUInt32LE(part.compressed.length, 18);
    local.writeUInt32LE(Math.min(part.declaredSize ?? part.size, 0xfffffffe), 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(part.compressed), 16);
    entry.writeUInt32LE(part.compressed.length, 20);
    entry.writeUInt32LE(Math.min(part.declaredSize ?? part.size, 0xfffffffe), 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, part.compressed);
    central.push(entry, name);
    offset += 30 + name.length + part.compressed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const small = (name: string, xml: string): ZipPart => ({ name, data: Buffer.from(xml) });

async function workbookWithSheet(
  sheetChunks: Iterable<string>,
  options: { declaredSize?: number } = {},
) {
  const sheet = await deflateChunks(sheetChunks);
  const parts = [
    small(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    small(
      'xl/workbook.xml',
      '<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    small(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  ].map((p): { name: string; compressed: Buffer; size: number; declaredSize?: number } => ({
    name: p.name,
    compressed: deflateRawSync(p.data),
    size: p.data.length,
  }));
  parts.push({
    name: 'xl/worksheets/sheet1.xml',
    compressed: sheet.data,
    size: sheet.size,
    declaredSize: options.declaredSize,
  });
  return zip(parts);
}

const unitHeaders = ['名称', '简称', '上级单位', '类型', '编码', '排序'];
const headerRow = `<row r="1">${unitHeaders
  .map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`)
  .join('')}</row>`;

/** Ten million rows under the units sheet's header: what used to kill the server. */
function* tenMillionRows(): Generator<string> {
  yield '<?xml version="1.0"?><worksheet><sheetData>';
  yield headerRow;
  const block = '<row/>'.repeat(10_000);
  for (let i = 0; i < 1000; i++) yield block;
  yield '</sheetData></worksheet>';
}

/** Rows of distinct numbers: compresses poorly, so a big upload stays under the upload limit. */
function* manyNumberRows(count: number): Generator<string> {
  yield '<?xml version="1.0"?><worksheet><sheetData>';
  let block = headerRow;
  for (let r = 2; r <= count; r++) {
    block += `<row r="${r}"><c r="A${r}"><v>${(r * 2654435761) % 4294967296}</v></c><c r="B${r}"><v>${(r * 40503) % 65536}</v></c></row>`;
    if (block.length > 60_000) {
      yield block;
      block = '';
    }
  }
  yield `${block}</sheetData></worksheet>`;
}

function multipart(file: Buffer) {
  const boundary = '----shoutu-bomb';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

let world: TestWorld;
let liaison: Agent;
beforeAll(async () => {
  world = await createTestWorld();
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
});
afterAll(() => world.close());

const upload = (file: Buffer) =>
  liaison.request({ method: 'POST', url: '/api/v1/units/import', ...multipart(file) });

describe('Excel import limits', () => {
  it('refuses a 10-million-row bomb quickly, in Chinese, with bounded memory', async () => {
    const bomb = await workbookWithSheet(tenMillionRows());
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const response = await upload(bomb);
    const elapsed = Date.now() - started;
    expect([400, 413]).toContain(response.statusCode);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(response.json().error.message).toBe('一次最多导入 50000 行');
    expect(elapsed).toBeLessThan(3000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses at once when the central directory declares too many inflated bytes', async () => {
    const bomb = await workbookWithSheet(tenMillionRows(), { declaredSize: 200 * 1024 * 1024 });
    const response = await upload(bomb);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('工作簿解压后超过 64 MB，请拆分后分批导入');
  });

  it('counts inflated bytes and rows even when the central directory lies about the size', async () => {
    const bomb = await workbookWithSheet(tenMillionRows(), { declaredSize: 2000 });
    const started = Date.now();
    const response = await upload(bomb);
    expect([400, 413]).toContain(response.statusCode);
    expect(response.json().error.message).toBe('一次最多导入 50000 行');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops at the byte limit while inflating, not after', async () => {
    const bomb = await workbookWithSheet(tenMillionRows(), { declaredSize: 2000 });
    const refused = await readSheet(bomb, [{ key: 'name', header: '名称' }], 100_000_000, {
      maxEntryBytes: 1024 * 1024,
    }).catch((e) => e);
    expect(refused.message).toMatch(/解压后超过 1 MB/);
  });

  it('refuses too many columns', async () => {
    const wide = await workbookWithSheet([
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="ZZZ1"><v>1</v></c></row></sheetData></worksheet>',
    ]);
    const tooWide = await readSheet(wide, [{ key: 'name', header: '名称' }]).catch((e) => e);
    expect(tooWide.message).toMatch(/超过 256 列/);
  });

  it('refuses too many shared strings', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('导入');
    ws.addRow(['名称']);
    for (let i = 0; i < 20; i++) ws.addRow([`单位${i}`]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await readSheet(file, [{ key: 'name', header: '名称' }], 50_000, {
      maxSharedStrings: 10,
    }).catch((e) => e);
    expect(refused.message).toBe('工作簿中的文本条目超过 10 条，请拆分后分批导入');
  });

  it('keeps /api/health responsive during a big over-limit upload', async () => {
    const big = await workbookWithSheet(manyNumberRows(600_000), { declaredSize: 4000 });
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    let done = false;
    const importing = upload(big).finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    for (let i = 0; i < 500 && !done; i++) {
      const started = performance.now();
      const health = await world.app.inject({ method: 'GET', url: '/api/health' });
      latencies.push(performance.now() - started);
      expect(health.statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const response = await importing;
    expect([400, 413]).toContain(response.statusCode);
    expect(response.json().error.message).toMatch(/最多导入 50000 行/);
    expect(latencies.length).toBeGreaterThan(0);
    // Before streaming, the whole workbook was parsed in one go and health waited ~7 s. On two
    // shared cores a scheduler hiccup alone can cost a few hundred ms, hence the margin.
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it('still reads an ordinary workbook: strings, numbers, dates, rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('导入');
    ws.addRow(['名称', '数量', '日期', '说明']);
    ws.addRow([
      '甲',
      3,
      new Date(Date.UTC(2026, 2, 15)),
      { richText: [{ text: '富' }, { text: '文本' }] },
    ]);
    ws.addRow([]);
    ws.addRow(['  乙  ', 1.5, '', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const rows = await readSheet(file, [
      { key: 'name', header: '名称' },
      { key: 'n', header: '数量' },
      { key: 'd', header: '日期' },
      { key: 'note', header: '说明' },
    ]);
    expect(rows).toEqual([
      { row: 2, values: { name: '甲', n: '3', d: '2026-03-15', note: '富文本' } },
      { row: 4, values: { name: '乙', n: '1.5', d: '', note: '' } },
    ]);
  });
});
