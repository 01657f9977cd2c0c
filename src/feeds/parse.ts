import { parseFeed as parseAnyFeed } from 'feedsmith';
import { Parser } from 'htmlparser2';
import iconv from 'iconv-lite';
import { charsetFromContentType, chooseEncoding, SNIFF_BYTES } from '../sitecheck/encoding.js';
import { parseFeedDate } from './dates.js';

/** Limits of one feed: a monitored account's feed is small; anything larger is not a feed. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
export const MAX_FEED_ITEMS = 5_000;

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedItem {
  /** Plain text (markup removed, entities decoded); a title-less post gets one from its text. */
  title: string;
  /** Absolute http(s) URL of the post, when the feed gives one. */
  link?: string;
  /** UTC ISO instant; absent when the feed gives no readable date (the post is "undated"). */
  publishedAt?: string;
  /** Plain text of the post's summary or, lacking one, its content. */
  summary?: string;
  /** Set when the post has no readable date: kept in the list, left out of date judgements. */
  undated?: true;
  /** The date text the feed gave but that could not be read, kept for the report. */
  unreadableDate?: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  items: FeedItem[];
  /** Items without a readable date (kept in `items`, counted here). */
  undated: number;
  /** More than MAX_FEED_ITEMS items: only the first ones were kept. */
  truncated?: boolean;
  /** The character set the bytes were decoded with. */
  encoding: string;
}

export type FeedParseErrorCode = 'empty' | 'too-large' | 'not-a-feed' | 'malformed';

/** A body that is no usable feed; `message` is the Chinese reason shown to the unit. */
export class FeedParseError extends Error {
  override name = 'FeedParseError';
  constructor(
    readonly code: FeedParseErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const NOT_A_FEED = '不是有效的 RSS/Atom/JSON Feed 订阅源';

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="GBK"?>`). */
function charsetFromXmlDeclaration(prefix: Buffer): string | undefined {
  const head = prefix.subarray(0, 1024).toString('latin1');
  return /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
}

/**
 * Decodes feed bytes: a UTF-16 byte-order mark, the HTTP charset, the XML declaration, then the
 * page's meta charset and detection (the site check's rules, which also catch GBK bytes labelled
 * UTF-8 and the reverse).
 */
export function decodeFeed(
  bytes: Uint8Array,
  contentType?: string,
): { text: string; encoding: string } {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (body[0] === 0xfe && body[1] === 0xff) {
    return { text: iconv.decode(body, 'utf16-be'), encoding: 'utf16-be' };
  }
  if (body[0] === 0xff && body[1] === 0xfe) {
    return { text: iconv.decode(body, 'utf16-le'), encoding: 'utf16-le' };
  }
  const prefix = body.subarray(0, SNIFF_BYTES);
  const declared = charsetFromContentType(contentType) ?? charsetFromXmlDeclaration(prefix);
  const encoding = chooseEncoding(
    declared ? `text/xml; charset=${declared}` : undefined,
    prefix,
    body.length <= SNIFF_BYTES,
  );
  return { text: iconv.decode(body, encoding), encoding };
}

/** Visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapse(html);
  const parts: string[] = [];
  let skip = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'script' || name === 'style') skip++;
      },
      onclosetag(name) {
        if ((name === 'script' || name === 'style') && skip > 0) skip--;
        else if (BLOCKS.has(name)) parts.push(' ');
      },
      ontext(text) {
        if (skip === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return collapse(parts.join(''));
}

const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'td', 'h1', 'h2', 'h3', 'h4', 'section']);
const collapse = (s: string) => s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();

/** An absolute http(s) link, resolved against the feed's address; other schemes are dropped. */
function absoluteLink(raw: unknown, base: string | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const url = base ? new URL(raw.trim(), base) : new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const TITLE_FROM_TEXT = 40;

/** The fields this engine reads of each format, as loosely as the feeds in the wild are shaped. */
interface TextConstruct {
  value?: string;
  type?: string;
}
interface RawItem {
  title?: string | TextConstruct;
  link?: string;
  links?: { href?: string; rel?: string }[];
  url?: string;
  external_url?: string;
  guid?: { value?: string; isPermaLink?: boolean };
  id?: string;
  description?: string;
  summary?: string | TextConstruct;
  content?: string | TextConstruct | { encoded?: string };
  content_text?: string;
  content_html?: string;
  pubDate?: string;
  published?: string;
  updated?: string;
  date_published?: string;
  date_modified?: string;
  dc?: { dates?: string[]; date?: string };
  dcterms?: { created?: string; issued?: string; modified?: string };
}
interface RawFeed {
  title?: string | TextConstruct;
  link?: string;
  items?: RawItem[];
  entries?: RawItem[];
}

function textOf(value: string | TextConstruct | undefined): string | undefined {
  const raw = typeof value === 'string' ? value : value?.value;
  if (typeof raw !== 'string') return undefined;
  // Atom says type="text" is plain text, but RSS titles and summaries are HTML in practice
  // (CDATA with tags, double-escaped entities): read every one as HTML.
  const text = htmlToText(raw);
  return text === '' ? undefined : text;
}

function itemLink(item: RawItem, base: string | undefined): string | undefined {
  if (item.links?.length) {
    const alternate =
      item.links.find((l) => l.rel === undefined || l.rel === 'alternate') ?? item.links[0];
    const link = absoluteLink(alternate?.href, base);
    if (link) return link;
  }
  const guid = item.guid?.isPermaLink !== false ? item.guid?.value : undefined;
  return (
    absoluteLink(item.link, base) ??
    absoluteLink(item.url, base) ??
    absoluteLink(item.external_url, base) ??
    absoluteLink(guid, base)
  );
}

/** The publication date first; the modification date only when no publication date is given. */
function itemDateText(item: RawItem): string | undefined {
  const candidates = [
    item.pubDate,
    item.published,
    item.date_published,
    item.dc?.dates?.[0],
    item.dc?.date,
    item.dcterms?.issued,
    item.dcterms?.created,
    item.updated,
    item.date_modified,
    item.dcterms?.modified,
  ];
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
}

function itemSummary(item: RawItem): string | undefined {
  const content = item.content;
  const encoded =
    content && typeof content === 'object' && 'encoded' in content ? content.encoded : undefined;
  const plainContent =
    typeof content === 'string' || (content && 'value' in content) ? content : undefined;
  return (
    textOf(item.summary) ??
    textOf(item.description) ??
    textOf(item.content_text) ??
    textOf(item.content_html) ??
    textOf(encoded) ??
    textOf(plainContent as string | TextConstruct | undefined)
  );
}

function toItem(raw: RawItem, base: string | undefined): FeedItem {
  const summary = itemSummary(raw);
  const title =
    textOf(raw.title) ??
    (summary ? [...summary].slice(0, TITLE_FROM_TEXT).join('') : undefined) ??
    '（无标题）';
  const item: FeedItem = { title };
  const link = itemLink(raw, base);
  if (link) item.link = link;
  const dateText = itemDateText(raw);
  const publishedAt = parseFeedDate(dateText);
  if (publishedAt) item.publishedAt = publishedAt;
  else {
    item.undated = true;
    if (dateText) item.unreadableDate = dateText.slice(0, 100);
  }
  if (summary) item.summary = summary;
  return item;
}

export interface ParseFeedOptions {
  /** The feed's own address (after redirects), for resolving relative item links. */
  baseUrl?: string;
}

/**
 * Parses an RSS 2.0 / RSS 1.0 (RDF) / Atom / JSON Feed document. Bytes are decoded by charset
 * (GBK and GB18030 feeds included); a string is taken as already decoded. Throws FeedParseError
 * (Chinese message) for an empty, oversized or unrecognisable body — an HTML error page answered
 * with 200 by a broken bridge included. RDF is reported as 'rss' (it is RSS 1.0).
 */
export function parseFeed(
  input: Uint8Array | string,
  contentType?: string,
  options: ParseFeedOptions = {},
): ParsedFeed {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_FEED_BYTES) {
    throw new FeedParseError(
      'too-large',
      `订阅源超过 ${MAX_FEED_BYTES / 1024 / 1024} MB，不是正常的订阅源，未解析`,
    );
  }
  const { text, encoding } =
    typeof input === 'string' ? { text: input, encoding: 'utf8' } : decodeFeed(input, contentType);
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') throw new FeedParseError('empty', `${NOT_A_FEED}：内容为空`);
  let parsed: ReturnType<typeof parseAnyFeed>;
  try {
    parsed = parseAnyFeed(body, { maxItems: MAX_FEED_ITEMS + 1 });
  } catch (error) {
    throw notAFeed(body, error);
  }
  const feed = parsed.feed as unknown as RawFeed;
  const base = absoluteLink(options.baseUrl, undefined) ?? absoluteLink(feed.link, undefined);
  const rawItems = (parsed.format === 'atom' ? feed.entries : feed.items) ?? [];
  const truncated = rawItems.length > MAX_FEED_ITEMS;
  const items = rawItems.slice(0, MAX_FEED_ITEMS).map((raw) => toItem(raw, base));
  const result: ParsedFeed = {
    format: parsed.format === 'rdf' ? 'rss' : parsed.format,
    items,
    undated: items.filter((i) => !i.publishedAt).length,
    encoding,
  };
  const title = textOf(feed.title);
  if (title) result.title = title;
  if (truncated) result.truncated = true;
  return result;
}

/** Says what the body is instead of a feed, so a unit can tell a dead bridge from a typo. */
function notAFeed(body: string, error: unknown): FeedParseError {
  const head = body.slice(0, 2048).toLowerCase();
  if (/^<!doctype html|^<html|<head[\s>]|<body[\s>]/.test(head)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body.slice(0, 8192))?.[1];
    const shown = title ? htmlToText(title).slice(0, 60) : '';
    return new FeedParseError(
      'not-a-feed',
      `${NOT_A_FEED}：返回的是网页${shown ? `（“${shown}”）` : ''}，订阅地址或转换服务可能已失效`,
    );
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    return new FeedParseError('not-a-feed', `${NOT_A_FEED}：JSON 内容不是 JSON Feed`);
  }
  if (head.startsWith('<')) {
    const malformed = (error as { name?: string })?.name === 'MalformedError';
    return new FeedParseError(
      malformed ? 'malformed' : 'not-a-feed',
      malformed ? `${NOT_A_FEED}：XML 格式错误` : `${NOT_A_FEED}：XML 不是 RSS 或 Atom`,
    );
  }
  return new FeedParseError('not-a-feed', `${NOT_A_FEED}：内容不是 XML 或 JSON`);
}
