// Attachments: the one upload mechanism of every domain. Bytes are stored outside the web root
// under their SHA-256 (`<root>/ab/cd/<sha256>`), so equal files are kept once and a path never
// carries a user-chosen name; the `attachments` row says which unit owns the file, and the file is
// served only to callers whose scope reaches that unit.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, inArray } from 'drizzle-orm';
import { requireUnits } from './access.js';
import { loadConfig } from './config.js';
import type { ServiceContext } from './context.js';
import { fail } from './errors.js';
import { type RouteSpec, route } from './http.js';
import { attachments } from './tables.js';
import { MAX_UPLOAD_BYTES, readUpload } from './uploads.js';
import { id, idParams, z } from './validation.js';

/** Allowed extensions with the MIME type we serve them as and the magic bytes they must start with. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const fileTypes = {
  pdf: { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  doc: { mime: 'application/msword', magic: OLE },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  xls: { mime: 'application/vnd.ms-excel', magic: OLE },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // OFD (GB/T 33190, China's fixed-layout format) is a ZIP package.
  ofd: { mime: 'application/ofd', magic: ZIP },
} as const;
export type FileExtension = keyof typeof fileTypes;
export const allowedExtensions = Object.keys(fileTypes) as FileExtension[];

/**
 * Where the bytes live: SHOUTU_FILES_DIR, else `<dataDir>/files` (the test suite points
 * SHOUTU_FILES_DIR at a temp dir so that tests never write into the working tree).
 */
export function filesRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHOUTU_FILES_DIR) return path.resolve(env.SHOUTU_FILES_DIR);
  return path.join(loadConfig(env).dataDir, 'files');
}

export function blobPath(sha256: string, root = filesRoot()): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** The extension of a file name and whether the content really is of that type. */
export function checkFileType(filename: string, buffer: Buffer): FileExtension {
  const extension = (filename.toLowerCase().split('.').pop() ?? '') as FileExtension;
  const type = fileTypes[extension];
  if (!filename.includes('.') || !type) {
    throw fail('UNSUPPORTED_MEDIA', [`${filename}（允许：${allowedExtensions.join('、')}）`]);
  }
  const magic = type.magic as readonly number[];
  if (buffer.length < magic.length || magic.some((byte, i) => buffer[i] !== byte)) {
    throw fail('UNSUPPORTED_MEDIA', [`${filename}（文件内容与扩展名 .${extension} 不符）`]);
  }
  return extension;
}

/** Writes the bytes once under their hash; a concurrent writer of the same file is harmless. */
export async function storeBlob(buffer: Buffer, root = filesRoot()): Promise<string> {
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  const target = blobPath(sha256, root);
  try {
    await access(target);
    return sha256;
  } catch {
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, buffer, { mode: 0o640 });
    await rename(temp, target);
    return sha256;
  }
}

export type AttachmentRow = typeof attachments.$inferSelect;

export function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    unitId: a.unitId,
    filename: a.filename,
    mime: a.mime,
    size: a.size,
    sha256: a.sha256,
    createdAt: a.createdAt,
  };
}

const safeFilename = (name: string) =>
  path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f]/g, '')
    .slice(0, 200) || 'file';

/** Checks type and size, stores the bytes and records the attachment for a unit in scope. */
export async function saveAttachment(
  ctx: ServiceContext,
  input: { unitId: number; filename: string; buffer: Buffer; maxBytes?: number },
) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const maxBytes = input.maxBytes ?? MAX_UPLOAD_BYTES;
  if (input.buffer.length > maxBytes) {
    throw fail('PAYLOAD_TOO_LARGE', [`${Math.round(maxBytes / 1024 / 1024)} MB`]);
  }
  if (input.buffer.length === 0) {
    throw fail('VALIDATION', ['字段 file：文件为空'], { field: 'file' });
  }
  const filename = safeFilename(input.filename);
  const extension = checkFileType(filename, input.buffer);
  const sha256 = await storeBlob(input.buffer);
  const [row] = await ctx.tx
    .insert(attachments)
    .values({
      unitId: input.unitId,
      sha256,
      filename,
      mime: fileTypes[extension].mime,
      size: input.buffer.length,
      uploadedBy: ctx.user?.id ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning();
  const after = presentAttachment(row!);
  await ctx.audit({
    action: 'attachment.create',
    entity: 'attachment',
    entityId: after.id,
    unitId: after.unitId,
    after,
  });
  return after;
}

/** Loads an attachment the caller may see (404 otherwise: same answer for absent and foreign). */
export async function getAttachment(ctx: ServiceContext, attachmentId: number) {
  const [row] = await ctx.tx
    .select()
    .from(attachments)
    .where(and(inArray(attachments.id, [attachmentId]), ctx.scope.filter(attachments.unitId)));
  if (!row) throw fail('NOT_FOUND');
  return presentAttachment(row);
}

/**
 * For ledger records that list attachment ids: every id must exist and be reachable by the
 * caller, so nobody links (and thereby exposes) another unit's file.
 */
export async function requireAttachments(
  ctx: ServiceContext,
  ids: readonly number[],
  field = 'attachmentIds',
): Promise<number[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const rows = await ctx.tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(inArray(attachments.id, wanted), ctx.scope.filter(attachments.unitId)));
  const found = new Set(rows.map((r) => r.id));
  const missing = wanted.filter((v) => !found.has(v));
  if (missing.length) {
    throw fail('VALIDATION', [`字段 ${field}：附件 ${missing.join('、')} 不存在或无权访问`], {
      field,
    });
  }
  return wanted;
}

/** Which of these ids the caller may see: for checks that must report rather than throw. */
export async function visibleAttachmentIds(
  ctx: ServiceContext,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(inArray(attachments.id, [...new Set(ids)]), ctx.scope.filter(attachments.unitId)));
  return new Set(rows.map((r) => r.id));
}

/** Attachment ids as written in an Excel cell: "12、15" (also commas or spaces). */
export const attachmentIdsCell = z
  .string()
  .regex(/^[\d、,，;；\s]*$/, '应为附件编号，多个用、分隔')
  .transform((s) =>
    s
      .split(/[、,，;；\s]+/)
      .filter(Boolean)
      .map(Number),
  )
  .refine((list) => list.length <= 50 && list.every((n) => n > 0 && n <= 2_147_483_647), {
    message: '附件编号无效（最多 50 个）',
  });

// Here as well as in validation.ts, where drizzle-free contracts (read by the web) take it from.
export { attachmentIdList } from './validation.js';

const uploadQuery = z.strictObject({ unitId: id });

export const attachmentRoutes: RouteSpec[] = [
  route({
    method: 'POST',
    url: '/attachments',
    summary: '上传附件（multipart，单位由 unitId 查询参数指定；最大 20 MB）',
    tag: '附件',
    access: 'any-user',
    multipart: true,
    schema: { querystring: uploadQuery },
    async handler(ctx) {
      // The unit is checked before the upload is read: nothing is stored for a foreign unit.
      await requireUnits(ctx.tx, ctx.scope, [ctx.query.unitId]);
      const upload = await readUpload(ctx.request, { extensions: allowedExtensions });
      return saveAttachment(ctx, {
        unitId: ctx.query.unitId,
        filename: upload.filename,
        buffer: upload.buffer,
      });
    },
  }),
  route({
    method: 'GET',
    url: '/attachments/:id/info',
    summary: '附件信息',
    tag: '附件',
    access: 'any-user',
    entity: 'attachment',
    schema: { params: idParams },
    handler: (ctx) => getAttachment(ctx, ctx.params.id),
  }),
  route({
    method: 'GET',
    url: '/attachments/:id',
    summary: '下载附件',
    tag: '附件',
    access: 'any-user',
    entity: 'attachment',
    schema: { params: idParams },
    async handler(ctx) {
      const attachment = await getAttachment(ctx, ctx.params.id);
      const file = blobPath(attachment.sha256);
      try {
        await access(file);
      } catch {
        throw fail('NOT_FOUND');
      }
      ctx.reply
        .header('content-type', attachment.mime)
        .header('content-length', attachment.size)
        .header('cache-control', 'private, no-store')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        );
      return createReadStream(file);
    },
  }),
];
