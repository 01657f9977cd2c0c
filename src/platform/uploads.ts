import type { FastifyRequest } from 'fastify';
import { fail } from './errors.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface Upload {
  filename: string;
  mimetype: string;
  buffer: Buffer;
}

/**
 * Reads the one file of a multipart request, bounded in size and checked against the allowed
 * extensions (the declared MIME type is the client's word, the extension and magic are ours).
 */
export async function readUpload(
  request: FastifyRequest,
  allowed: { extensions: readonly string[]; maxBytes?: number },
): Promise<Upload> {
  if (!request.isMultipart()) {
    throw fail('VALIDATION', ['字段 file：请以 multipart/form-data 上传文件'], { field: 'file' });
  }
  const maxBytes = allowed.maxBytes ?? MAX_UPLOAD_BYTES;
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw fail('VALIDATION', ['字段 file：没有收到文件'], { field: 'file' });
  const extension = part.filename.toLowerCase().split('.').pop() ?? '';
  if (!allowed.extensions.includes(extension)) {
    part.file.resume();
    throw fail('UNSUPPORTED_MEDIA', [`${part.filename}（允许：${allowed.extensions.join('、')}）`]);
  }
  const buffer = await part.toBuffer().catch(() => {
    throw fail('PAYLOAD_TOO_LARGE', [`${Math.round(maxBytes / 1024 / 1024)} MB`]);
  });
  if (part.file.truncated)
    throw fail('PAYLOAD_TOO_LARGE', [`${Math.round(maxBytes / 1024 / 1024)} MB`]);
  return { filename: part.filename, mimetype: part.mimetype, buffer };
}

/** Sends a generated file as a download with a UTF-8 file name. */
export function sendFile(
  reply: import('fastify').FastifyReply,
  filename: string,
  mime: string,
  body: Buffer,
) {
  // Headers only: the route wrapper sends the body after the transaction (and its audit record)
  // has committed.
  reply
    .header('content-type', mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return body;
}
