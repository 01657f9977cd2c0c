import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { docxText } from './docx.js';

let world: TestWorld;
let editor: Agent;

beforeAll(async () => {
  world = await createTestWorld();
  editor = await agentFor(world.app, world.users.editor.username);
});
afterAll(() => world.close());

const upload = (name: string, file: Buffer) => {
  const boundary = '----shoutudocx';
  return {
    method: 'POST' as const,
    url: '/api/v1/proofread/docx',
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

async function wordFile(): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            children: [
              new TextRun('关于深入学习'),
              new TextRun({ text: '新时代中国特色社会注义思想', bold: true }),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('一、再接再励'),
              new TextRun({ text: '\t' }),
              new TextRun('&<>'),
            ],
          }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('表格里的一段')] }),
                  new TableCell({ children: [new Paragraph('😀𠮷')] }),
                ],
              }),
            ],
          }),
          new Paragraph(''),
          new Paragraph('结尾。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

describe('Word upload for proofreading', () => {
  it('answers the paragraphs of an uploaded .docx, one per line, in document order', async () => {
    const response = await editor.request(upload('稿件.docx', await wordFile()));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.text).toBe(
      '关于深入学习新时代中国特色社会注义思想\n一、再接再励\t&<>\n表格里的一段\n😀𠮷\n\n结尾。',
    );
    expect(body.paragraphs).toBe(6);
    // Then the text checks like any typed draft.
    const checked = await editor.post('/api/v1/proofread', { text: body.text });
    expect(checked.json().findings.map((f: { text: string }) => f.text)).toEqual([
      '新时代中国特色社会注义思想',
      '再接再励',
    ]);
  });

  it('refuses a file that is not Word, another extension, and an oversized upload', async () => {
    const fake = await editor.request(upload('假的.docx', Buffer.from('not a zip at all')));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.message).toContain('不是有效的 Word 文档');
    const other = await editor.request(upload('稿件.pdf', await wordFile()));
    expect(other.statusCode).toBe(415);
    const huge = await editor.request(upload('大.docx', Buffer.alloc(11 * 1024 * 1024, 1)));
    expect(huge.statusCode).toBe(413);
  });

  it('stops unpacking a zip bomb at the limit instead of inflating it whole', async () => {
    const zip = new JSZip();
    // 64 MB of one repeated paragraph compresses to a few hundred kilobytes.
    const paragraph = '<w:p><w:r><w:t>重复</w:t></w:r></w:p>';
    zip.file(
      'word/document.xml',
      `<w:document><w:body>${paragraph.repeat((64 * 1024 * 1024) / paragraph.length)}</w:body></w:document>`,
    );
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const response = await editor.request(upload('炸弹.docx', bomb));
    expect(response.statusCode, response.body).toBe(413);
    // And the text limit applies to what does unpack.
    await expect(docxText(await wordFile(), { xmlBytes: 1024 * 1024, chars: 10 })).rejects.toThrow(
      /超过 10 字/,
    );
  }, 60_000);
});
