// Attachments: upload to a unit, info and download through the access-checked attachment route.
import { API_BASE, api } from './client.js';

/** The server's limits, repeated here so a wrong file is refused before it is sent. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_EXTENSIONS = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'jpg',
  'jpeg',
  'png',
  'ofd',
] as const;
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png'] as const;

export interface Attachment {
  id: number;
  unitId: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export type AttachmentRefusal = 'type' | 'size' | 'empty';

/** Why the client refuses a file before upload, or undefined when it may be sent. */
export function checkAttachment(
  file: { name: string; size: number },
  extensions: readonly string[] = ATTACHMENT_EXTENSIONS,
): AttachmentRefusal | undefined {
  const extension = file.name.includes('.') ? file.name.toLowerCase().split('.').pop()! : '';
  if (!extensions.includes(extension)) return 'type';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'size';
  if (file.size === 0) return 'empty';
  return undefined;
}

export const attachmentsApi = {
  upload: (unitId: number, file: File) =>
    api.upload<Attachment>(`/attachments?unitId=${encodeURIComponent(unitId)}`, file),
  info: (id: number) => api.get<Attachment>(`/attachments/${id}/info`),
  /** Same-origin download URL; the session cookie carries the access check. */
  downloadUrl: (id: number) => `${API_BASE}/attachments/${id}`,
};
