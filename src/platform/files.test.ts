import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobPath, checkFileType, filesRoot } from './files.js';
import { projectRoot } from './paths.js';
import { agentFor, createTestWorld, type TestWorld } from './testing.js';
import { MAX_UPLOAD_BYTES } from './uploads.js';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** A multipart body with one file part, as a browser sends it. */
function multipart(filename: string, content: Buffer, mime = 'application/octet-stream') {
  const boundary = `----shoutu${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest'),
]);

async function upload(username: string, unitId: number, filename: string, content: Buffer) {
  const agent = await agentFor(world.app, username);
  return agent.request({
    method: 'POST',
    url: `/api/v1/attachments?unitId=${unitId}`,
    ...multipart(filename, content),
  });
}

describe('file types', () => {
  it('accepts the allowed types only when the content starts with their magic bytes', () => {
    expect(checkFileType('会议纪要.PDF', pdf)).toBe('pdf');
    expect(checkFileType('照片.png', png)).toBe('png');
    expect(checkFileType('照片.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('jpeg');
    expect(checkFileType('表.xlsx', Buffer.from('PK\u0003\u0004xx', 'latin1'))).toBe('xlsx');
    expect(checkFileType('公文.ofd', Buffer.from('PK\u0003\u0004xx', 'latin1'))).toBe('ofd');
    expect(() => checkFileType('伪装.pdf', png)).toThrow(/不符/);
    expect(() => checkFileType('脚本.exe', pdf)).toThrow(/不支持/);
    expect(() => checkFileType('无扩展名', pdf)).toThrow(/不支持/);
    expect(() => checkFileType('假文档.docx', pdf)).toThrow(/不符/);
  });
});

describe('POST /attachments and GET /attachments/:id', () => {
  it('stores the bytes under their SHA-256 outside the web root and serves them back', async () => {
    const response = await upload(world.users.unit_liaison.username, world.unitA, '纪要.pdf', pdf);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(body).toMatchObject({
      unitId: world.unitA,
      filename: '纪要.pdf',
      size: pdf.length,
      sha256: sha,
      mime: 'application/pdf',
    });
    const stored = blobPath(sha);
    expect(stored).toBe(`${filesRoot()}/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`);
    // Outside the web root, wherever the checkout lies.
    expect(path.relative(path.join(projectRoot, 'web'), stored).startsWith('..')).toBe(true);
    expect(readFileSync(stored).equals(pdf)).toBe(true);

    const leader = await agentFor(world.app, world.users.unit_leader.username);
    const download = await leader.get(`/api/v1/attachments/${body.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(String(download.headers['content-disposition'])).toContain(
      encodeURIComponent('纪要.pdf'),
    );
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const [audit] = await world.database.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'attachment.create' and entity_id = $1",
      [String(body.id)],
    );
    expect(audit!.n).toBe(1);
  });

  it('keeps one copy of equal files and records each upload', async () => {
    const a = await upload(world.users.unit_liaison.username, world.unitA, 'a.png', png);
    const b = await upload(world.users.unit_liaison.username, world.branchA, 'b.png', png);
    expect(a.json().sha256).toBe(b.json().sha256);
    expect(a.json().id).not.toBe(b.json().id);
    expect(existsSync(blobPath(a.json().sha256))).toBe(true);
  });

  it('refuses a file over 20 MB with 413 and a wrong type with 415; nothing is recorded', async () => {
    const [before] = await world.database.query<{ n: number }>(
      'select count(*)::int as n from attachments',
    );
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x20);
    pdf.copy(big);
    const tooBig = await upload(world.users.unit_liaison.username, world.unitA, 'big.pdf', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.message).toContain('20 MB');
    const exe = await upload(world.users.unit_liaison.username, world.unitA, 'x.exe', pdf);
    expect(exe.statusCode).toBe(415);
    const fake = await upload(world.users.unit_liaison.username, world.unitA, 'x.jpg', pdf);
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.message).toContain('不符');
    const [after] = await world.database.query<{ n: number }>(
      'select count(*)::int as n from attachments',
    );
    expect(after!.n).toBe(before!.n);
  });

  it('serves a file only within the caller’s scope: unit B’s file is 404 to unit A’s liaison', async () => {
    const foreign = await upload(world.users.committee_admin.username, world.unitB, 'b.pdf', pdf);
    expect(foreign.statusCode).toBe(200);
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    expect((await liaison.get(`/api/v1/attachments/${foreign.json().id}`)).statusCode).toBe(404);
    expect((await liaison.get(`/api/v1/attachments/${foreign.json().id}/info`)).statusCode).toBe(
      404,
    );
    const intoForeign = await upload(world.users.unit_liaison.username, world.unitB, 'x.pdf', pdf);
    expect(intoForeign.statusCode).toBe(404);
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    expect((await admin.get(`/api/v1/attachments/${foreign.json().id}`)).statusCode).toBe(200);
  });

  it('refuses a ledger record that links a file the caller cannot see', async () => {
    const foreign = await upload(world.users.committee_admin.username, world.unitB, 'c.pdf', pdf);
    const liaison = await agentFor(world.app, world.users.unit_liaison.username);
    const response = await liaison.post('/api/v1/agenda-meetings', {
      unitId: world.unitA,
      kind: 'analysis',
      heldAt: '2026-04-01T09:00:00+08:00',
      title: '分析研判会',
      attachmentIds: [foreign.json().id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('不存在或无权访问');
  });
});
