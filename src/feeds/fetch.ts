import zlib from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import {
  type AddressPolicy,
  assertHostAllowed,
  guardedLookup,
  RefusedAddressError,
} from '../sitecheck/address.js';
import { FeedParseError, MAX_FEED_BYTES, type ParsedFeed, parseFeed } from './parse.js';

export interface FetchFeedOptions {
  /** Which addresses may be contacted (the site check's policy: no internal network by default). */
  addressPolicy: AddressPolicy;
  /** One deadline for everything: every redirect hop, the headers and the whole body. */
  timeoutMs?: number;
  /** Larger bodies are refused (by Content-Length before reading, else when the limit is passed). */
  maxBytes?: number;
  maxRedirects?: number;
  /** Cancels the fetch (e.g. the job running it was stopped). */
  signal?: AbortSignal;
}

export const defaultFetchLimits = { timeoutMs: 15_000, maxBytes: MAX_FEED_BYTES, maxRedirects: 5 };

export type FetchFeedResult =
  | {
      ok: true;
      url: string;
      /** The address the feed was finally read from (after redirects). */
      finalUrl: string;
      status: number;
      contentType?: string;
      body: Uint8Array;
    }
  | {
      ok: false;
      url: string;
      finalUrl: string;
      /** The HTTP status when the server answered with an error. */
      status?: number;
      /** Why, in Chinese, for the unit. */
      reason: string;
      /** The address (or a redirect's) is internal and was not contacted. */
      refused?: boolean;
    };

export const FEED_USER_AGENT =
  'Mozilla/5.0 (compatible; ShoutuFeedCheck/0.1; +government new-media inspection)';

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

class FetchFailure extends Error {
  constructor(
    readonly reason: string,
    readonly status?: number,
  ) {
    super(reason);
  }
}

const noop = () => undefined;

function refusedError(error: unknown): RefusedAddressError | undefined {
  if (error instanceof RefusedAddressError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof RefusedAddressError ? cause : undefined;
}

/** A Chinese reason for a failed request; own wording for feeds (the unit fixes a subscription). */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof FetchFailure) return error.reason;
  const refused = refusedError(error);
  if (refused) return refused.message;
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError')
    return `订阅源在 ${timeoutMs / 1000} 秒内未返回完整内容，已停止读取`;
  if (e?.name === 'AbortError') return '订阅源检查已取消';
  const code = e?.code ?? e?.cause?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return '订阅源域名无法解析';
    case 'ECONNREFUSED':
      return '订阅源服务器拒绝连接';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return '订阅源服务器中断了连接';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return '连接订阅源服务器超时';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `订阅源在 ${timeoutMs / 1000} 秒内未返回完整内容，已停止读取`;
  }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
    return `订阅源的证书或加密连接有误（${code}）`;
  }
  return `无法获取订阅源（${code ?? e?.message ?? String(error)}）`;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Rejects once the signal aborts, with its reason: DNS lookups cannot be cancelled otherwise. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Reads a body up to maxBytes; refuses (and stops reading) the moment it grows past that. */
async function readBody(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      body.destroy();
      throw new FetchFailure(`订阅源超过 ${megabytes(maxBytes)}，已停止下载`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Undoes a Content-Encoding the server applied although none was asked for, within the limit. */
function decodeContent(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const name = encoding?.trim().toLowerCase();
  if (!name || name === 'identity') return body;
  const options = { maxOutputLength: maxBytes };
  try {
    if (name === 'gzip' || name === 'x-gzip') return zlib.gunzipSync(body, options);
    if (name === 'deflate') return zlib.inflateSync(body, options);
    if (name === 'br') return zlib.brotliDecompressSync(body, options);
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    ) {
      throw new FetchFailure(`订阅源解压后超过 ${megabytes(maxBytes)}，未解析`);
    }
    throw new FetchFailure(`订阅源的压缩内容（${name}）已损坏`);
  }
  throw new FetchFailure(`订阅源使用了不支持的压缩方式（${name}）`);
}

/**
 * Fetches one feed by GET: no cookies, no credentials, nothing but the feed URL the unit gave.
 * Every hop (the URL and each redirect) is checked against the address policy before it is
 * contacted, and the socket only ever connects to checked addresses (guardedLookup). One deadline
 * bounds the whole fetch — a server trickling one byte a second passes undici's idle timeouts but
 * not this; like the site check it is our own timer aborting our own controller, not
 * AbortSignal.timeout() inside AbortSignal.any() (nodejs/node#57736). Never throws.
 */
export async function fetchFeed(url: string, options: FetchFeedOptions): Promise<FetchFeedResult> {
  const timeoutMs = options.timeoutMs ?? defaultFetchLimits.timeoutMs;
  const maxBytes = options.maxBytes ?? defaultFetchLimits.maxBytes;
  const maxRedirects = options.maxRedirects ?? defaultFetchLimits.maxRedirects;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ok: false, url, finalUrl: url, reason: '订阅地址不是有效的网址' };
  }
  if (current.protocol !== 'http:' && current.protocol !== 'https:') {
    return { ok: false, url, finalUrl: url, reason: '订阅地址必须以 http:// 或 https:// 开头' };
  }
  if (current.username || current.password) {
    return { ok: false, url, finalUrl: url, reason: '订阅地址不能包含用户名或密码' };
  }
  current.hash = '';

  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('订阅源读取超时', 'TimeoutError')),
    timeoutMs,
  );
  const onCancel = () => deadline.abort(options.signal?.reason);
  if (options.signal?.aborted) onCancel();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const aborted = untilAborted(deadline.signal);
  aborted.catch(noop);
  const agent = new Agent({
    connections: 2,
    pipelining: 0,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: {
      timeout: Math.min(timeoutMs, 10_000),
      lookup: guardedLookup(options.addressPolicy),
    },
  });
  const chain = new Set<string>([current.href]);
  let status: number | undefined;
  try {
    for (let hop = 0; ; hop++) {
      // A lookup still pending at the deadline must not reject later unhandled.
      const hostCheck = assertHostAllowed(options.addressPolicy, current.hostname);
      hostCheck.catch(noop);
      await Promise.race([hostCheck, aborted]);
      const response = await agent.request({
        origin: current.origin,
        path: `${current.pathname}${current.search}`,
        method: 'GET',
        headers: {
          'user-agent': FEED_USER_AGENT,
          accept: ACCEPT,
          'accept-language': 'zh-CN,zh;q=0.9',
          'accept-encoding': 'identity',
        },
        signal: deadline.signal,
      });
      response.body.on('error', noop);
      status = response.statusCode;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.body.destroy();
        if (hop >= maxRedirects) throw new FetchFailure(`重定向超过 ${maxRedirects} 次`);
        let next: URL;
        try {
          next = new URL(Array.isArray(location) ? location[0]! : location, current);
        } catch {
          throw new FetchFailure('订阅源重定向到无效的地址');
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new FetchFailure('订阅源重定向到非 http(s) 地址');
        }
        next.hash = '';
        if (chain.has(next.href)) throw new FetchFailure('订阅源重定向循环');
        chain.add(next.href);
        current = next;
        continue;
      }
      if (status < 200 || status >= 300) {
        response.body.destroy();
        throw new FetchFailure(`订阅源服务器返回 HTTP ${status}`, status);
      }
      const length = Number(response.headers['content-length']);
      if (Number.isFinite(length) && length > maxBytes) {
        response.body.destroy();
        throw new FetchFailure(
          `订阅源大小 ${megabytes(length)}，超过 ${megabytes(maxBytes)} 的上限，未下载`,
        );
      }
      const raw = await readBody(response.body, maxBytes);
      const encoding = response.headers['content-encoding'];
      const body = decodeContent(
        raw,
        Array.isArray(encoding) ? encoding[encoding.length - 1] : encoding,
        maxBytes,
      );
      const type = response.headers['content-type'];
      const contentType = Array.isArray(type) ? type[0] : type;
      const result: FetchFeedResult = { ok: true, url, finalUrl: current.href, status, body };
      if (contentType) result.contentType = contentType;
      return result;
    }
  } catch (error) {
    // The deadline's reason beats undici's own wrapping of the abort.
    const cause = deadline.signal.aborted ? deadline.signal.reason : error;
    const failure: FetchFeedResult = {
      ok: false,
      url,
      finalUrl: current.href,
      reason: reasonOf(cause ?? error, timeoutMs),
    };
    if (error instanceof FetchFailure && error.status !== undefined) failure.status = error.status;
    if (refusedError(error)) failure.refused = true;
    return failure;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
    await agent.destroy().catch(noop);
  }
}

export type CheckFeedResult =
  | { ok: true; finalUrl: string; feed: ParsedFeed }
  | { ok: false; finalUrl: string; reason: string; refused?: boolean; status?: number };

/**
 * Fetches and parses a feed: what a scheduled check of one account needs. On failure the reason
 * goes to accountStatus as `fetchFailed`, which makes the account's state 'unknown'.
 */
export async function checkFeed(url: string, options: FetchFeedOptions): Promise<CheckFeedResult> {
  const fetched = await fetchFeed(url, options);
  if (!fetched.ok) {
    const { url: _url, ok: _ok, ...failure } = fetched;
    return { ok: false, ...failure };
  }
  try {
    const feed = parseFeed(fetched.body, fetched.contentType, { baseUrl: fetched.finalUrl });
    return { ok: true, finalUrl: fetched.finalUrl, feed };
  } catch (error) {
    if (error instanceof FeedParseError) {
      return { ok: false, finalUrl: fetched.finalUrl, reason: error.message };
    }
    throw error;
  }
}
