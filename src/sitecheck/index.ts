import type { AddressPolicy } from './address.js';
import { Crawler, type CrawlLimits, isBrokenStatus } from './crawl.js';
import { SiteModel } from './site.js';
import type { Progress, SiteCheckReport, StaleLimits, TextChecker } from './types.js';

export { isPublicAddress } from './address.js';
export { columnKind } from './columns.js';
export { defaultCrawlLimits } from './crawl.js';
export type * from './types.js';
export { defaultStaleLimits, severityOf } from './types.js';

export interface SiteCheckOptions {
  url: string;
  /** "today" as YYYY-MM-DD; every age rule counts from it */
  now: string;
  maxPages?: number;
  concurrency?: number;
  /** allow private, loopback and link-local addresses (CLI --allow-private) */
  allowPrivate?: boolean;
  /** hostnames an administrator allowed regardless of their address (server-side allow-list) */
  allowHosts?: string[];
  limits?: Partial<Omit<CrawlLimits, 'maxPages' | 'concurrency'>>;
  staleLimits?: Partial<StaleLimits>;
  /** the proofreading engine; without it no text findings are produced */
  textChecker?: TextChecker;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/**
 * Checks a website the way government-website inspections do and returns the contract's report.
 * Never throws for an unreachable or refused site: the report says why in a site-unreachable
 * finding. Throws only for a URL that is not http(s).
 */
export async function checkSite(options: SiteCheckOptions): Promise<SiteCheckReport> {
  const start = new URL(options.url);
  if (start.protocol !== 'http:' && start.protocol !== 'https:') {
    throw new TypeError(`只能检查 http 或 https 网址：${options.url}`);
  }
  start.hash = '';
  const model = new SiteModel(
    start.href,
    start,
    options.now,
    options.staleLimits,
    options.textChecker,
  );
  const began = Date.now();
  const policy: AddressPolicy = {
    allowPrivate: options.allowPrivate ?? false,
    allowHosts: options.allowHosts?.map((h) => h.toLowerCase()),
  };
  const crawler = new Crawler(
    {
      wantsItems: (url) => model.wantsItems(url),
      onHome: (finalUrl, facts) => model.acceptHome(finalUrl, facts),
      onPage: (requested, finalUrl, facts) => model.acceptPage(requested, finalUrl, facts),
      onBroken: (page, target, status, reason) => model.linkBroken(page, target, status, reason),
      onTruncated: (url, limit) => model.truncated(url, limit),
      onProgress: options.onProgress
        ? (done) =>
            options.onProgress!({
              pagesDone: model.pages,
              resourcesDone: done.resources,
              queued: done.queued,
              elapsedMs: Date.now() - began,
            })
        : undefined,
    },
    options.now,
    policy,
    {
      ...options.limits,
      maxPages: options.maxPages ?? 20_000,
      concurrency: options.concurrency ?? 8,
    },
    options.signal,
  );
  const home = await crawler.run(start.href);
  if (isBrokenStatus(home.status)) {
    const reason = home.refused
      ? `${home.reason ?? '地址被拒绝'}（这是内网、回环或保留地址；确需检查请使用 --allow-private 或加入白名单）`
      : home.status >= 400
        ? `首页返回 HTTP ${home.status}`
        : (home.reason ?? '无法访问');
    model.siteUnreachable(home.finalUrl, home.status, reason);
  }
  return model.report();
}
