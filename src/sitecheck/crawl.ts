import iconv from 'iconv-lite';
import robotsParser from 'robots-parser';
import { Agent, type Dispatcher } from 'undici';
import {
  type AddressPolicy,
  assertHostAllowed,
  guardedLookup,
  RefusedAddressError,
} from './address.js';
import { chooseEncoding, SNIFF_BYTES } from './encoding.js';
import { PageAnalyzer, type PageFacts } from './html.js';
import { isErrorPage } from './soft404.js';

/** Limits of one crawl; every one has a default so callers pass only what they change. */
export interface CrawlLimits {
  maxPages: number;
  /** outbound links, images, scripts, stylesheets and attachments checked without crawling */
  maxResources: number;
  concurrency: number;
  /** connections to any one host other than the site itself (be polite to third parties) */
  otherHostConcurrency: number;
  timeoutMs: number;
  maxPageBytes: number;
  maxRedirects: number;
  maxRetries: number;
  /** longest Retry-After honoured; a longer one gives up with the 429/503 as the result */
  maxRetryDelayMs: number;
  maxDurationMs: number;
  /** referring pages remembered (and reported) per broken target */
  maxReferrersPerTarget: number;
}

export const defaultCrawlLimits: CrawlLimits = {
  maxPages: 20_000,
  maxResources: 100_000,
  concurrency: 8,
  otherHostConcurrency: 4,
  timeoutMs: 15_000,
  maxPageBytes: 5 * 1024 * 1024,
  maxRedirects: 10,
  maxRetries: 3,
  maxRetryDelayMs: 30_000,
  maxDurationMs: 30 * 60_000,
  maxReferrersPerTarget: 20,
};

export const USER_AGENT =
  'Mozilla/5.0 (compatible; ShoutuSiteCheck/0.1; +government website inspection)';
const ROBOTS_AGENT = 'ShoutuSiteCheck';

/** How a fetch ended: an HTTP status, or 0 with a reason when no answer came. */
export interface FetchOutcome {
  status: number;
  finalUrl: string;
  reason?: string;
  refused?: boolean;
  /** answered 2xx with an error page ("页面不存在"): a broken link all the same */
  soft404?: boolean;
}

const SOFT_404_REASON = '页面内容为错误页（如“页面不存在”）';

export interface CrawlHooks {
  /** decides before parsing whether a page's list items are wanted */
  wantsItems(url: string): boolean;
  /** the start page; returns where to go when it only forwards to the portal (the real homepage) */
  onHome(finalUrl: string, facts: PageFacts): string | undefined;
  onPage(requested: string, finalUrl: string, facts: PageFacts): void;
  onBroken(page: string, target: string, status: number, reason?: string): void;
  /** a page was longer than the size limit: only its beginning was checked */
  onTruncated?(url: string, limitBytes: number): void;
  onProgress?(done: { pages: number; resources: number; queued: number }): void;
}

interface Task {
  url: string;
  kind: 'page' | 'resource';
  /** a link to a page of another site (checked, not crawled) */
  anchor?: boolean;
}

class HostQueue {
  items: Task[] = [];
  head = 0;
  active = 0;
  get size() {
    return this.items.length - this.head;
  }
  push(task: Task) {
    this.items.push(task);
  }
  shift(): Task {
    const task = this.items[this.head++]!;
    // Compact now and then so a long crawl does not keep every finished task.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return task;
  }
}

const noop = () => undefined;

/**
 * Drops a response body: a small rest is read so the keep-alive connection can be reused, a large
 * one (an attachment) is cut off. Never throws.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', noop);
  body.dump({ limit: 32 * 1024 }).catch(noop);
}

const RETRY_STATUSES = new Set([429, 503]);

/**
 * Broken per the contract: no answer, or a 4xx/5xx. Anything else (LinkedIn's 999, a 3xx without
 * Location, 1xx) is an answer from a live server and not a broken link.
 */
export function isBrokenStatus(status: number): boolean {
  return status === 0 || (status >= 400 && status <= 599);
}
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

function describeError(error: unknown): string {
  if (error instanceof RefusedAddressError) return error.message;
  const e = error as {
    code?: string;
    cause?: { code?: string; message?: string };
    name?: string;
    message?: string;
  };
  const code = e.code ?? e.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return '域名无法解析';
  if (code === 'ECONNREFUSED') return '连接被拒绝';
  if (code === 'ECONNRESET') return '连接被重置';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return '连接超时';
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    e.name === 'TimeoutError'
  ) {
    return '请求超时';
  }
  if (e.name === 'AbortError') return '检查已取消';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `证书或加密连接错误（${code}）`;
  return `无法访问（${code ?? e.message ?? String(error)}）`;
}

function isRefused(error: unknown): boolean {
  if (error instanceof RefusedAddressError) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof RefusedAddressError;
}

/**
 * Milliseconds to wait from a Retry-After header: delta seconds ("3", "1.5"), an HTTP date, or the
 * "3s" / "1m1s" / "2m" form some servers and proxies send. Without a readable value, exponential
 * back-off from 500 ms.
 */
export function parseRetryAfter(header: string | string[] | undefined, attempt: number): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value) {
    if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i.exec(value);
    if (units && (units[1] || units[2] || units[3])) {
      const [h, m, sec] = [units[1], units[2], units[3]].map((n) => Number(n ?? 0));
      return ((h! * 60 + m!) * 60 + sec!) * 1000;
    }
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  return 500 * 2 ** attempt;
}

/**
 * Crawls one site: every same-host page reachable from the start URL is fetched once and parsed
 * as it streams in; every other referenced URL is checked with HEAD (GET when HEAD is refused)
 * without downloading it. All I/O of the site check lives here.
 */
export class Crawler {
  private readonly agent: Agent;
  private readonly policy: AddressPolicy;
  private readonly limits: CrawlLimits;
  private readonly queues = new Map<string, HostQueue>();
  private readonly seen = new Set<string>();
  /** targets not yet answered → pages that referenced them */
  private readonly pending = new Map<string, string[]>();
  /** broken targets → [status, referrers reported, reason] */
  private readonly broken = new Map<string, [number, number, string | undefined]>();
  private readonly hostChecks = new Map<string, Promise<void>>();
  private readonly hostPausedUntil = new Map<string, number>();
  private robots: { isAllowed(url: string, ua?: string): boolean | undefined } | null = null;
  private siteHost = '';
  private active = 0;
  private queued = 0;
  private pagesScheduled = 0;
  private resourcesScheduled = 0;
  private pagesDone = 0;
  private resourcesDone = 0;
  private stopped = false;
  private forwardsTaken = 0;
  private idle: (() => void) | null = null;
  private readonly signal: AbortSignal;
  private readonly controller = new AbortController();

  constructor(
    private readonly hooks: CrawlHooks,
    /** "today" (YYYY-MM-DD) for inferring the year of list dates */
    private readonly now: string,
    policy: AddressPolicy,
    limits: Partial<CrawlLimits> = {},
    signal?: AbortSignal,
  ) {
    this.policy = policy;
    this.limits = { ...defaultCrawlLimits, ...limits };
    this.signal = signal
      ? AbortSignal.any([signal, this.controller.signal])
      : this.controller.signal;
    this.agent = new Agent({
      connections: Math.max(this.limits.concurrency, this.limits.otherHostConcurrency),
      pipelining: 1,
      keepAliveTimeout: 10_000,
      headersTimeout: this.limits.timeoutMs,
      bodyTimeout: this.limits.timeoutMs,
      connect: { timeout: Math.min(this.limits.timeoutMs, 10_000), lookup: guardedLookup(policy) },
    });
  }

  get pageCount() {
    return this.pagesDone;
  }

  /**
   * Fetches the start page (refusing forbidden addresses along its redirects), then crawls.
   * Returns the start page's outcome; a status of 0 or ≥ 400 means the site could not be checked.
   */
  async run(startUrl: string): Promise<FetchOutcome> {
    const deadline = setTimeout(() => this.stop(), this.limits.maxDurationMs);
    try {
      const start = new URL(startUrl);
      this.siteHost = start.host;
      this.seen.add(start.href);
      let home: FetchOutcome;
      try {
        await this.loadRobots(start);
        home = await this.fetchPage(start.href, true);
      } catch (error) {
        return {
          status: 0,
          finalUrl: start.href,
          reason: describeError(error),
          refused: isRefused(error),
        };
      }
      if (isBrokenStatus(home.status)) return home;
      await this.drain();
      return home;
    } finally {
      clearTimeout(deadline);
      await this.agent.close().catch(() => undefined);
    }
  }

  stop(): void {
    this.stopped = true;
    this.controller.abort();
  }

  private async loadRobots(site: URL): Promise<void> {
    const robotsUrl = new URL('/robots.txt', site).href;
    try {
      await this.assertHost(site.hostname);
      const response = await this.request(new URL(robotsUrl), 'GET');
      if (response.statusCode !== 200) {
        discard(response.body);
        return;
      }
      const text = await this.readText(response, 512 * 1024);
      this.robots = robotsParser(robotsUrl, text);
    } catch (error) {
      if (isRefused(error)) throw error;
      // No readable robots.txt: everything may be crawled.
    }
  }

  private allowedByRobots(url: string): boolean {
    return this.robots?.isAllowed(url, ROBOTS_AGENT) !== false;
  }

  /**
   * A page links to `target`: schedule it once, remember the referrer until it is answered. A
   * `probe` (a page a CMS pattern suggests, not a link) is crawled but never reported as broken
   * unless a real link to it turns up.
   */
  reference(page: string, target: string, kind: 'page' | 'resource', probe = false): void {
    const broken = this.broken.get(target);
    if (broken) {
      if (broken[1] < this.limits.maxReferrersPerTarget) {
        broken[1]++;
        this.hooks.onBroken(page, target, broken[0], broken[2]);
      }
      return;
    }
    const waiting = this.pending.get(target);
    if (waiting) {
      if (waiting.length < this.limits.maxReferrersPerTarget) waiting.push(page);
      return;
    }
    if (this.seen.has(target)) return;
    const url = new URL(target);
    const crawl = kind === 'page' && url.host === this.siteHost;
    if (crawl) {
      if (!this.allowedByRobots(target) || this.pagesScheduled >= this.limits.maxPages) return;
      this.pagesScheduled++;
    } else {
      if (this.resourcesScheduled >= this.limits.maxResources) return;
      this.resourcesScheduled++;
    }
    this.seen.add(target);
    this.pending.set(target, probe ? [] : [page]);
    this.enqueue(
      { url: target, kind: crawl ? 'page' : 'resource', anchor: !crawl && kind === 'page' },
      url.host,
    );
  }

  private enqueue(task: Task, host: string): void {
    let queue = this.queues.get(host);
    if (!queue) {
      queue = new HostQueue();
      this.queues.set(host, queue);
    }
    queue.push(task);
    this.queued++;
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.active < this.limits.concurrency && this.queued > 0) {
      let picked: [string, HostQueue] | undefined;
      for (const entry of this.queues) {
        const [host, queue] = entry;
        const limit =
          host === this.siteHost ? this.limits.concurrency : this.limits.otherHostConcurrency;
        if (queue.size > 0 && queue.active < limit) {
          picked = entry;
          break;
        }
      }
      if (!picked) return;
      const [host, queue] = picked;
      const task = queue.shift();
      this.queued--;
      this.active++;
      queue.active++;
      // Rotate so hosts take turns.
      this.queues.delete(host);
      this.queues.set(host, queue);
      void this.runTask(task).finally(() => {
        this.active--;
        queue.active--;
        if (queue.size === 0 && queue.active === 0) this.queues.delete(host);
        this.pump();
        if (this.active === 0 && (this.queued === 0 || this.stopped)) this.idle?.();
      });
    }
  }

  private drain(): Promise<void> {
    if (this.active === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  private async runTask(task: Task): Promise<void> {
    let outcome: FetchOutcome;
    try {
      outcome =
        task.kind === 'page'
          ? await this.fetchPage(task.url, false)
          : await this.checkResource(task.url, task.anchor === true);
    } catch (error) {
      outcome = {
        status: 0,
        finalUrl: task.url,
        reason: describeError(error),
        refused: isRefused(error),
      };
    }
    if (task.kind === 'page') this.pagesDone++;
    else this.resourcesDone++;
    const referrers = this.pending.get(task.url) ?? [];
    this.pending.delete(task.url);
    // A link into a refused (internal) address is not fetched and not judged.
    const failed = !outcome.refused && (isBrokenStatus(outcome.status) || outcome.soft404 === true);
    if (failed && !this.signal.aborted) {
      const reason = outcome.soft404 ? SOFT_404_REASON : undefined;
      this.broken.set(task.url, [outcome.status, referrers.length, reason]);
      for (const page of referrers) this.hooks.onBroken(page, task.url, outcome.status, reason);
    }
    this.hooks.onProgress?.({
      pages: this.pagesDone,
      resources: this.resourcesDone,
      queued: this.queued + this.active,
    });
  }

  private assertHost(hostname: string): Promise<void> {
    let check = this.hostChecks.get(hostname);
    if (!check) {
      check = assertHostAllowed(this.policy, hostname);
      this.hostChecks.set(hostname, check);
    }
    return check;
  }

  /** Waits while the host is paused; a pause lengthened meanwhile (a later Retry-After) counts. */
  private async waitForHost(host: string): Promise<void> {
    for (let rounds = 0; rounds < 100 && !this.signal.aborted; rounds++) {
      const wait = (this.hostPausedUntil.get(host) ?? 0) - Date.now();
      if (wait <= 0) return;
      await sleep(wait, this.signal);
    }
  }

  /**
   * One HTTP request, retried on 429/503 (Retry-After honoured, bounded) with the host paused.
   * Each attempt has one deadline for headers AND the whole body: a server trickling a byte at a
   * time passes undici's idle timeouts but not this. The deadline is our own timer aborting our own
   * controller (held by the timer) — not AbortSignal.timeout() inside AbortSignal.any(), which can
   * be garbage-collected before it fires (nodejs/node#57736).
   */
  private async request(url: URL, method: 'GET' | 'HEAD'): Promise<Dispatcher.ResponseData> {
    for (let attempt = 0; ; attempt++) {
      await this.waitForHost(url.host);
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(new DOMException('请求超时', 'TimeoutError')),
        this.limits.timeoutMs,
      );
      const onStop = () => deadline.abort(this.signal.reason);
      this.signal.addEventListener('abort', onStop, { once: true });
      const release = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onStop);
      };
      let response: Dispatcher.ResponseData;
      try {
        if (this.signal.aborted) onStop();
        response = await this.agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method,
          headers: {
            'user-agent': USER_AGENT,
            accept: '*/*',
            'accept-language': 'zh-CN,zh;q=0.9',
          },
          signal: deadline.signal,
        });
      } catch (error) {
        release();
        throw deadline.signal.aborted && deadline.signal.reason instanceof DOMException
          ? deadline.signal.reason
          : error;
      }
      // The deadline stays armed until the body is finished with (read, dumped or destroyed).
      response.body.once('close', release);
      if (!RETRY_STATUSES.has(response.statusCode) || attempt >= this.limits.maxRetries)
        return response;
      const wait = parseRetryAfter(response.headers['retry-after'], attempt);
      if (wait > this.limits.maxRetryDelayMs) return response;
      discard(response.body);
      this.hostPausedUntil.set(
        url.host,
        Math.max(this.hostPausedUntil.get(url.host) ?? 0, Date.now() + wait),
      );
    }
  }

  /**
   * Follows redirects by hand (at most maxRedirects), checking every hop's address. A hop back to
   * a URL of the same chain is a redirect loop: no answer (status 0), whether or not the looping
   * URLs are also linked elsewhere.
   */
  private async follow(
    start: string,
    method: 'GET' | 'HEAD',
  ): Promise<{ response?: Dispatcher.ResponseData; url: URL; status: number; reason?: string }> {
    let url = new URL(start);
    const chain = new Set<string>([url.href]);
    for (let hop = 0; hop <= this.limits.maxRedirects; hop++) {
      await this.assertHost(url.hostname);
      const response = await this.request(url, method);
      const location = response.headers.location;
      if (response.statusCode < 300 || response.statusCode >= 400 || !location) {
        return { response, url, status: response.statusCode };
      }
      discard(response.body);
      let next: URL;
      try {
        next = new URL(Array.isArray(location) ? location[0]! : location, url);
      } catch {
        return { url, status: 0, reason: '重定向地址无效' };
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return { url, status: 0, reason: '重定向到非 http(s) 地址' };
      }
      next.hash = '';
      if (chain.has(next.href)) return { url: next, status: 0, reason: '重定向循环' };
      chain.add(next.href);
      url = next;
    }
    return { url, status: 0, reason: `重定向超过 ${this.limits.maxRedirects} 次` };
  }

  private async checkResource(target: string, anchor: boolean): Promise<FetchOutcome> {
    let head: Awaited<ReturnType<Crawler['follow']>> | undefined;
    try {
      head = await this.follow(target, 'HEAD');
      if (head.response) discard(head.response.body);
      // Any HEAD failure may just be a server mishandling HEAD (404/410 included): GET decides.
      if (head.status > 0 && !isBrokenStatus(head.status)) {
        // A link to another site's page that was redirected: deleted pages are often sent to an
        // error page answering 200. Read that page (bounded) to tell.
        const type = String(head.response?.headers['content-type'] ?? '');
        if (anchor && head.url.href !== target && /html/i.test(type)) {
          return this.checkRedirectedPage(head.url);
        }
        return { status: head.status, finalUrl: head.url.href };
      }
      if (head.reason === '重定向循环') return { status: 0, finalUrl: target, reason: head.reason };
    } catch (error) {
      if (isRefused(error)) throw error;
    }
    // HEAD refused (405/501/403…) or failed: GET, and drop the body as soon as the status is known.
    const get = await this.follow(target, 'GET');
    if (get.response) discard(get.response.body);
    return { status: get.status, finalUrl: get.url.href, reason: get.reason };
  }

  /** GETs the end of a redirected outbound link and says whether it is an error page. */
  private async checkRedirectedPage(end: URL): Promise<FetchOutcome> {
    const get = await this.follow(end.href, 'GET');
    if (!get.response || isBrokenStatus(get.status)) {
      if (get.response) discard(get.response.body);
      return { status: get.status, finalUrl: get.url.href, reason: get.reason };
    }
    const contentType = String(get.response.headers['content-type'] ?? '');
    const facts = await this.parse(get.response, get.url, contentType, false, 256 * 1024);
    const soft404 = isErrorPage(facts);
    return {
      status: get.status,
      finalUrl: get.url.href,
      soft404,
      reason: soft404 ? SOFT_404_REASON : undefined,
    };
  }

  private async fetchPage(target: string, isHome: boolean): Promise<FetchOutcome> {
    const result = await this.follow(target, 'GET');
    const { response, url } = result;
    if (!response || isBrokenStatus(result.status)) {
      if (response) discard(response.body);
      return {
        status: result.status,
        finalUrl: url.href,
        reason: result.reason ?? `HTTP ${result.status}`,
      };
    }
    const contentType = String(response.headers['content-type'] ?? '');
    const offSite = url.host !== this.siteHost;
    if (isHome && offSite) this.siteHost = url.host; // e.g. example.gov.cn → www.example.gov.cn
    // A redirect onto a page crawled on its own: the answer is known, the page is parsed once.
    const redirected = url.href !== target;
    const crawledElsewhere = redirected && !isHome && this.seen.has(url.href);
    if (redirected && !crawledElsewhere) this.seen.add(url.href);
    if ((offSite && !isHome) || (contentType !== '' && !/html|xml/i.test(contentType))) {
      discard(response.body);
      return { status: result.status, finalUrl: url.href };
    }
    if (crawledElsewhere) {
      // Known page, but is it an error page (deleted pages redirected to /404.html)? Read it
      // again for that alone.
      const facts = await this.parse(response, url, contentType, false);
      return { status: result.status, finalUrl: url.href, soft404: isErrorPage(facts) };
    }
    const facts = await this.parse(
      response,
      url,
      contentType,
      isHome || this.hooks.wantsItems(target),
    );
    const finalUrl = url.href;
    if (!isHome && isErrorPage(facts)) {
      // Its links are the site's template: nothing new, and its text is no content to check.
      return { status: result.status, finalUrl, soft404: true, reason: SOFT_404_REASON };
    }
    let forward: string | undefined;
    if (isHome) {
      forward = this.hooks.onHome(finalUrl, facts);
      if (forward && (this.forwardsTaken >= 3 || this.seen.has(forward))) forward = undefined;
      if (forward) {
        this.forwardsTaken++;
        this.seen.add(forward);
      }
    } else this.hooks.onPage(target, finalUrl, facts);
    for (const link of facts.links) this.reference(finalUrl, link.url, link.kind);
    for (const probe of facts.probes) this.reference(finalUrl, probe, 'page', true);
    for (const raw of facts.malformed) this.hooks.onBroken(finalUrl, raw, 0);
    // The start page only forwards (meta refresh, script, frames): the portal is the homepage.
    if (forward) return this.fetchPage(forward, true);
    return { status: result.status, finalUrl };
  }

  /** Streams the body through the decoder into the analyzer; stops at the size limit. */
  private async parse(
    response: Dispatcher.ResponseData,
    url: URL,
    contentType: string,
    collectItems: boolean,
    maxBytes = this.limits.maxPageBytes,
  ): Promise<PageFacts> {
    const analyzer = new PageAnalyzer({ url, now: this.now, collectItems });
    let decoder: ReturnType<typeof iconv.getDecoder> | undefined;
    let held: Buffer[] = [];
    let heldBytes = 0;
    let total = 0;
    const start = (complete: boolean) => {
      const prefix = Buffer.concat(held);
      const encoding = chooseEncoding(contentType, prefix, complete);
      analyzer.encoding = encoding;
      decoder = iconv.getDecoder(encoding);
      analyzer.write(decoder.write(prefix));
      held = [];
    };
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (decoder) analyzer.write(decoder.write(chunk));
      else {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes >= SNIFF_BYTES) start(false);
      }
      if (total > maxBytes) {
        discard(response.body);
        if (maxBytes === this.limits.maxPageBytes) this.hooks.onTruncated?.(url.href, maxBytes);
        break;
      }
    }
    if (!decoder) start(true);
    const rest = decoder!.end();
    if (rest) analyzer.write(rest);
    return analyzer.end();
  }

  private async readText(response: Dispatcher.ResponseData, limit: number): Promise<string> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total > limit) {
        discard(response.body);
        break;
      }
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
