import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** How many leading bytes are held back to decide a page's encoding before parsing starts. */
export const SNIFF_BYTES = 64 * 1024;

/** The iconv-lite name for a declared charset, or undefined when unknown. */
export function normalizeCharset(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (n === 'utf-8' || n === 'utf8') return 'utf8';
  // GB2312 and GBK pages routinely contain characters only their supersets define.
  if (
    /^(gb2312|gbk|gb18030|x-gbk|x-euc-cn|euc-cn|cp936|windows-936|gb_2312-80|csgb2312)$/.test(n)
  ) {
    return 'gb18030';
  }
  if (n === 'big5' || n === 'big5-hkscs') return 'big5';
  return iconv.encodingExists(n) ? n : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
}

/** The charset a page declares in <meta charset> or <meta http-equiv="Content-Type">. */
export function charsetFromMeta(prefix: Buffer): string | undefined {
  // latin1 keeps every byte, and markup is ASCII in every encoding we meet.
  const head = prefix.subarray(0, 8192).toString('latin1');
  const metaTag = /<meta\b[^>]*>/gi;
  for (let m = metaTag.exec(head); m; m = metaTag.exec(head)) {
    const charset = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(m[0])?.[1];
    if (charset) return charset;
  }
  return undefined;
}

/** Valid UTF-8, tolerating a multi-byte sequence cut off at the end of a prefix. */
export function isUtf8Prefix(bytes: Buffer, complete: boolean): boolean {
  if (complete) return isUtf8(bytes);
  let end = bytes.length;
  // Step back over at most 3 continuation bytes and the lead byte they belong to.
  for (let i = 1; i <= 4 && end - i >= 0; i++) {
    const byte = bytes[end - i]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) end -= i;
    break;
  }
  return isUtf8(bytes.subarray(0, end));
}

const hasHighBytes = (bytes: Buffer) => bytes.some((b) => b >= 0x80);

/**
 * Chooses the decoder for a page: the HTTP header's charset, then the page's meta charset, then
 * detection. A declared GB charset is overridden when the bytes are UTF-8 with non-ASCII text
 * (mislabelled pages are common and such bytes are essentially never meaningful GBK); a declared
 * UTF-8 that does not validate is read as GB18030.
 */
export function chooseEncoding(
  contentType: string | undefined,
  prefix: Buffer,
  complete: boolean,
): string {
  const declared =
    normalizeCharset(charsetFromContentType(contentType)) ??
    normalizeCharset(charsetFromMeta(prefix));
  const utf8 = isUtf8Prefix(prefix, complete);
  if (declared === 'gb18030' && utf8 && hasHighBytes(prefix)) return 'utf8';
  if (declared === 'utf8' && !utf8) return 'gb18030';
  if (declared) return declared;
  return utf8 ? 'utf8' : 'gb18030';
}

/** Decodes a whole body (tests and small pages); streaming callers use iconv.getDecoder. */
export function decodeHtml(body: Buffer, contentType?: string): string {
  const encoding = chooseEncoding(
    contentType,
    body.subarray(0, SNIFF_BYTES),
    body.length <= SNIFF_BYTES,
  );
  return iconv.decode(body, encoding);
}
