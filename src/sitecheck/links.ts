import iconv from 'iconv-lite';

/** URL handling shared by the analyzer and the crawler. */

/**
 * Percent-encodes the non-ASCII characters of an href's query in the page's encoding, as browsers
 * do for a GBK page (政务公开 → %D5%FE%CE%F1%B9%AB%BF%AA); paths stay UTF-8 as everywhere.
 */
export function encodeQuery(href: string, encoding: string): string {
  const q = href.indexOf('?');
  if (q < 0 || !/[^\x00-\x7f]/.test(href.slice(q))) return href;
  const hash = href.indexOf('#', q);
  const query = hash < 0 ? href.slice(q) : href.slice(q, hash);
  const encoded = query.replace(/[^\x00-\x7f]+/g, (run) =>
    [...iconv.encode(run, encoding)]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
  return href.slice(0, q) + encoded + (hash < 0 ? '' : href.slice(hash));
}

/**
 * A URL as people read it: percent-escapes of UTF-8 text decoded (/附件/通知.pdf), escapes of
 * ASCII and of other encodings (a GBK query) kept, so the result still names the same resource.
 */
export function readableUrl(href: string): string {
  return href.replace(/(?:%[89A-F][0-9A-F])+/gi, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    const text = bytes.toString('utf8');
    return text.includes('\ufffd') || /[\x00-\x7f]/.test(text) ? run : text;
  });
}

/** Absolute http(s) URL without its fragment, or null for links never followed. */
export function resolveLink(raw: string, base: URL, encoding = 'utf8'): URL | null | 'malformed' {
  const href = encoding === 'utf8' ? raw.trim() : encodeQuery(raw.trim(), encoding);
  if (href === '' || href.startsWith('#')) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return null; // mailto:, javascript:, tel:, data:…
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return 'malformed';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return 'malformed';
  url.hash = '';
  return url;
}

/** Candidate URLs of a srcset attribute (the URL part of each `url descriptor` candidate). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && (srcset[i] === ',' || /\s/.test(srcset[i]!))) i++;
    if (i >= n) break;
    let start = i;
    while (i < n && !/\s/.test(srcset[i]!)) i++;
    let url = srcset.slice(start, i);
    const trailing = /,+$/.exec(url);
    if (trailing) {
      url = url.slice(0, -trailing[0].length);
    } else {
      // Skip the descriptor, respecting parentheses, up to the next comma.
      let depth = 0;
      for (start = i; i < n; i++) {
        const ch = srcset[i];
        if (ch === '(') depth++;
        else if (ch === ')') depth = Math.max(0, depth - 1);
        else if (ch === ',' && depth === 0) break;
      }
    }
    if (url) urls.push(url);
  }
  return urls;
}

/** The target of `<meta http-equiv="refresh" content="5; url=…">`, if it names one. */
export function metaRefreshUrl(content: string): string | undefined {
  const m = /^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/i.exec(content);
  if (!m) return undefined;
  const hasUrl = /url\s*=/i.test(content) || /^\s*[\d.]*\s*[;,]\s*\S/.test(content);
  if (!hasUrl) return undefined;
  const url = m[1]!.trim().replace(/^["']|["']$/g, '');
  return url || undefined;
}

/** File extensions checked as attachments/resources (HEAD) rather than crawled as pages. */
const RESOURCE_EXTENSIONS = new Set(
  (
    'pdf doc docx xls xlsx ppt pptx wps et dps ofd rar zip 7z gz tar txt csv xml json ' +
    'jpg jpeg png gif bmp webp svg ico tif tiff mp3 mp4 avi wmv flv mov m4a wav swf ' +
    'css js exe apk dmg iso ceb caj'
  ).split(' '),
);

export function looksLikeResource(url: URL): boolean {
  const dot = url.pathname.lastIndexOf('.');
  if (dot < 0 || dot < url.pathname.lastIndexOf('/')) return false;
  return RESOURCE_EXTENSIONS.has(url.pathname.slice(dot + 1).toLowerCase());
}

/** List-page pagination file names: index_1.html, page_2.html, list_3.shtml, index-4.htm … */
const PAGINATION_NAME = /^(?:index|page|list|default|more)[_-]?\d+\.(?:s?html?|jsp|aspx?|php)$/i;

export function isPaginationOf(candidate: URL, column: URL): boolean {
  if (candidate.host !== column.host) return false;
  const dir = column.pathname.slice(0, column.pathname.lastIndexOf('/') + 1);
  if (!candidate.pathname.startsWith(dir)) return false;
  const rest = candidate.pathname.slice(dir.length);
  return PAGINATION_NAME.test(rest);
}
