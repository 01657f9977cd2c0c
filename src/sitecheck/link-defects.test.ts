import type http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from './crawl.js';
import { html, serve, type TestServer } from './fixtures/serve.js';
import { checkSite, type SiteCheckReport } from './index.js';

/**
 * Link defects taken from linkinator's and lychee's own test cases (redirects, retries, HEAD
 * fallback, odd status codes, timeouts), each served by a local server on 127.0.0.1.
 */
const NOW = '2026-11-27';
let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A site answering `handler`; robots.txt is absent unless the case is about it. */
async function site(handler: http.RequestListener): Promise<string> {
  const s = await serve((req, res) => {
    if (req.url === '/robots.txt') res.writeHead(404).end();
    else handler(req, res);
  });
  servers.push(s);
  return s.base;
}

function check(base: string, path = '/', limits: Record<string, number> = {}) {
  return checkSite({
    url: `${base}${path}`,
    now: NOW,
    allowPrivate: true,
    limits: { timeoutMs: 2000, ...limits },
  });
}

const broken = (report: SiteCheckReport, base: string) =>
  report.findings
    .filter((f) => f.code === 'link-broken')
    .map((f) => [f.target!.replace(base, ''), f.status])
    .sort();

/** One external-looking target answering `status` to both HEAD and GET. */
function statusSite(status: number, headers: Record<string, string> = {}) {
  return site((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html('<a href="/t.pdf">附件</a>'));
      return;
    }
    res.writeHead(status, headers).end();
  });
}

describe('status codes (linkinator test.index / test.status-codes, lychee status tests)', () => {
  it.each([
    // status, broken? — the contract: 4xx/5xx (and no answer) are broken, nothing else
    [200, false],
    [204, false],
    [304, false], // a 3xx without Location is an answer, not a redirect
    [999, false], // LinkedIn's bot wall: linkinator skips it
    [404, true],
    [410, true],
    [418, true],
    [500, true],
  ])('HTTP %i → broken %s', async (status, isBroken) => {
    const base = await statusSite(status);
    const report = await check(base);
    expect(broken(report, base)).toEqual(isBroken ? [['/t.pdf', status]] : []);
  });

  it('a 503 that stays 503 after the retries is broken (Retry-After 0 keeps the test fast)', async () => {
    const base = await statusSite(503, { 'retry-after': '0' });
    expect(broken(await check(base), base)).toEqual([['/t.pdf', 503]]);
  });
});

describe('HEAD answered badly, GET fine (linkinator "HEAD 403/405 then GET 200")', () => {
  it.each([
    [404, 200, false],
    [410, 200, false],
    [405, 200, false],
    [403, 200, false],
    [501, 200, false],
    [404, 404, true], // GET agrees: broken
  ])('HEAD %i, GET %i → broken %s', async (headStatus, getStatus, isBroken) => {
    const base = await site((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(html('<a href="/f.doc">下载</a>'));
        return;
      }
      res.writeHead(req.method === 'HEAD' ? headStatus : getStatus).end();
    });
    const report = await check(base);
    expect(broken(report, base)).toEqual(isBroken ? [['/f.doc', getStatus]] : []);
  });
});

describe('redirects (linkinator test.redirects, lychee redirect tests)', () => {
  it('a redirect loop between two pages of the site is reported', async () => {
    const base = await site((req, res) => {
      if (req.url === '/')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(html('<a href="/loop-a.html">甲页面</a> <a href="/loop-b.html">乙页面</a>'));
      else if (req.url === '/loop-a.html') res.writeHead(302, { location: '/loop-b.html' }).end();
      else if (req.url === '/loop-b.html') res.writeHead(302, { location: '/loop-a.html' }).end();
      else res.writeHead(404).end();
    });
    const report = await check(base);
    expect(broken(report, base)).toEqual([
      ['/loop-a.html', 0],
      ['/loop-b.html', 0],
    ]);
  });

  it('a redirect loop on the homepage makes the site unreachable', async () => {
    const base = await site((req, res) => {
      if (req.url === '/') res.writeHead(301, { location: '/index.html' }).end();
      else res.writeHead(302, { location: '/' }).end();
    });
    const report = await check(base);
    expect(report.findings[0]).toMatchObject({ code: 'site-unreachable', status: 0 });
    expect(report.findings[0]!.reason).toContain('重定向');
  });

  it.each([
    ['a relative Location is resolved', (n: number) => (n < 3 ? `r${n + 1}` : '/ok'), false],
    ['a chain longer than the limit is broken', (n: number) => `/chain${n + 1}`, true],
    ['a Location that is no URL is broken', () => 'http://[::1', true],
    ['a redirect to ftp: is broken', () => 'ftp://example.invalid/x', true],
  ])('%s', async (_name, next, isBroken) => {
    const base = await site((req, res) => {
      const url = req.url ?? '/';
      if (url === '/')
        res.writeHead(200, { 'content-type': 'text/html' }).end(html('<a href="/chain0">链接</a>'));
      else if (url === '/ok') res.writeHead(200, { 'content-type': 'text/html' }).end(html('好'));
      else {
        const n = Number(/(\d+)$/.exec(url)?.[1] ?? 0);
        res.writeHead(302, { location: next(n) }).end();
      }
    });
    const report = await check(base, '/', { maxRedirects: 5 });
    expect(broken(report, base).map((b) => b[0])).toEqual(isBroken ? ['/chain0'] : []);
  });

  it('a page redirecting to a page already crawled is fetched only once and not reported', async () => {
    const hits = new Map<string, number>();
    const base = await site((req, res) => {
      hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
      if (req.url === '/')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(html('<a href="/news/">新闻中心</a> <a href="/news">新闻</a>'));
      else if (req.url === '/news') res.writeHead(301, { location: '/news/' }).end();
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html('新闻列表页'));
    });
    const report = await check(base);
    expect(broken(report, base)).toEqual([]);
    expect(report.pages).toBe(2);
  });
});

// nodejs/node#57736: a timeout signal referenced only from AbortSignal.any() can be collected
// before it fires. Collecting garbage all through the crawl makes that happen if it can.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
async function collectingGarbage<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(gc, 50);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

describe('bounded requests', () => {
  /** Sends headers at once, then one byte every 200 ms until the client gives up. */
  function trickle(res: http.ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><body>');
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || ++sent > 150) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write('x');
    }, 200);
    res.on('close', () => clearInterval(timer));
  }

  it('a body trickling byte by byte is cut at the per-request deadline', async () => {
    const base = await site((req, res) => {
      if (req.url === '/')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(html('<a href="/slow.html">慢页</a> <a href="/slow.pdf">慢附件</a>'));
      else if (req.method === 'HEAD')
        res.writeHead(405).end(); // GET it must be
      else trickle(res);
    });
    const began = Date.now();
    const report = await collectingGarbage(() => check(base, '/', { timeoutMs: 1000 }));
    expect(Date.now() - began).toBeLessThan(6000);
    // The page's body is needed and never completes: broken. The attachment's 200 came in time
    // and its body is not needed: it is dropped, and must not hold the check up either.
    expect(broken(report, base)).toEqual([['/slow.html', 0]]);
  });

  it('a homepage trickling byte by byte makes the site unreachable within the deadline', async () => {
    const base = await site((_req, res) => trickle(res));
    const began = Date.now();
    const report = await collectingGarbage(() => check(base, '/', { timeoutMs: 1000 }));
    expect(Date.now() - began).toBeLessThan(6000);
    expect(report.findings[0]).toMatchObject({ code: 'site-unreachable', status: 0 });
  });
});

describe('Retry-After (linkinator test.retry, lychee rate-limit handling)', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['3s', 3000],
    ['1m1s', 61_000],
    ['2m', 120_000],
  ])('reads %j as %i ms', (value, ms) => {
    expect(parseRetryAfter(value, 0)).toBe(ms);
  });

  it('reads an HTTP date', () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const ms = parseRetryAfter(at, 0)!;
    expect(ms).toBeGreaterThan(3000);
    expect(ms).toBeLessThanOrEqual(5000);
  });

  it('a 429 with Retry-After is retried and then passes', async () => {
    let first = true;
    const base = await site((req, res) => {
      if (req.url === '/')
        return void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(html('<a href="/r.pdf">附件</a>'));
      if (first) {
        first = false;
        return void res.writeHead(429, { 'retry-after': '1s' }).end();
      }
      res.writeHead(200).end();
    });
    expect(broken(await check(base), base)).toEqual([]);
  });

  it('a longer Retry-After also holds back requests already waiting for that host', async () => {
    const arrivals: number[] = [];
    let limited = 0;
    let pauseEnds = 0;
    const base = await site((req, res) => {
      if (req.url === '/')
        return void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(html('<a href="/x1.pdf">一</a><a href="/x2.pdf">二</a><a href="/x3.pdf">三</a>'));
      arrivals.push(Date.now());
      limited++;
      // The three first requests arrive together; all are limited, the second one longest.
      if (limited === 1) return void res.writeHead(429, { 'retry-after': '1' }).end();
      if (limited === 2) {
        // Answered a little later, so its longer pause is set after the first one's.
        setTimeout(() => {
          pauseEnds = Date.now() + 2500; // 3 s, less a margin
          res.writeHead(429, { 'retry-after': '3' }).end();
        }, 150);
        return;
      }
      if (limited === 3) {
        setTimeout(() => res.writeHead(429, { 'retry-after': '1' }).end(), 300);
        return;
      }
      res.writeHead(200).end();
    });
    const report = await check(base, '/', { timeoutMs: 5000 });
    expect(broken(report, base)).toEqual([]);
    const later = arrivals.slice(3);
    expect(later.length).toBeGreaterThan(0);
    // Every retry came after the longer pause.
    for (const t of later) expect(t).toBeGreaterThanOrEqual(pauseEnds);
  }, 15_000);
});
