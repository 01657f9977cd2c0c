import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressPolicy } from '../sitecheck/address.js';
import { checkFeed, fetchFeed } from './fetch.js';

// The test server is on loopback, which the guard refuses by default: it is allowed by name here,
// exactly as an administrator would allow one intranet feed host.
const policy: AddressPolicy = { allowPrivate: false, allowHosts: ['127.0.0.1'] };

const rss = `<?xml version="1.0" encoding="GB2312"?><rss version="2.0"><channel><title>某局动态</title>
<item><title><![CDATA[召开专题会议]]></title><link>/news/1.html</link><pubDate>Thu, 03 Dec 2026 10:00:00 +0800</pubDate></item>
</channel></rss>`;

const requests: string[] = [];
const sockets = new Set<import('node:net').Socket>();
let server: http.Server;
let base: string;
/** When each trickling response's connection was closed, for the deadline test. */
let trickleClosedAt = 0;
let bigBytesSent = 0;

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', base);
  requests.push(url.pathname);
  switch (url.pathname) {
    case '/feed.xml':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(iconv.encode(rss, 'gbk'));
      return;
    case '/moved':
      res.writeHead(301, { location: '/feed.xml' });
      res.end();
      return;
    case '/to-private':
      res.writeHead(302, { location: 'http://10.20.30.40/feed.xml' });
      res.end();
      return;
    case '/to-localhost':
      // Same server, but through a name that resolves to loopback and is not allowed.
      res.writeHead(302, { location: `http://localhost:${url.port}/feed.xml?via=localhost` });
      res.end();
      return;
    case '/loop-a':
      res.writeHead(302, { location: '/loop-b' });
      res.end();
      return;
    case '/loop-b':
      res.writeHead(302, { location: '/loop-a' });
      res.end();
      return;
    case '/missing':
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>404</body></html>');
      return;
    case '/error-page':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!DOCTYPE html><html><head><title>服务升级中</title></head><body>请稍后</body></html>',
      );
      return;
    case '/gzip':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(Buffer.from(rss.replace('GB2312', 'UTF-8'))));
      return;
    case '/trickle': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = Buffer.from(rss.replace('GB2312', 'UTF-8'));
      let i = 0;
      const timer = setInterval(() => {
        if (i < body.length) res.write(body.subarray(i, ++i));
      }, 1000);
      res.on('close', () => {
        clearInterval(timer);
        trickleClosedAt = Date.now();
      });
      res.write(body.subarray(0, 1));
      i = 1;
      return;
    }
    case '/huge-declared': {
      // Declares 6 MB, sends 64 KB and then nothing: only a refusal by header ends this quickly.
      res.writeHead(200, {
        'content-type': 'application/rss+xml',
        'content-length': 6 * 1024 * 1024,
      });
      res.write(Buffer.alloc(64 * 1024, 0x20));
      return;
    }
    case '/huge-chunked': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      bigBytesSent = 0;
      const pump = () => {
        while (bigBytesSent < 64 * 1024 * 1024) {
          bigBytesSent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = http.createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchFeed', () => {
  it('fetches and parses a GBK feed from an allowed host, links made absolute', async () => {
    const result = await checkFeed(`${base}/feed.xml`, { addressPolicy: policy });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feed.title).toBe('某局动态');
    expect(result.feed.items).toEqual([
      {
        title: '召开专题会议',
        link: `${base}/news/1.html`,
        publishedAt: '2026-12-03T02:00:00.000Z',
      },
    ]);
  });

  it('follows a redirect on the same allowed host and reports where the feed was read', async () => {
    const result = await fetchFeed(`${base}/moved`, { addressPolicy: policy });
    expect(result).toMatchObject({ ok: true, status: 200, finalUrl: `${base}/feed.xml` });
  });

  it('refuses a redirect to a private address without contacting it', async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/to-private`, { addressPolicy: policy });
    expect(result).toMatchObject({
      ok: false,
      refused: true,
      finalUrl: 'http://10.20.30.40/feed.xml',
    });
    if (result.ok) return;
    expect(result.reason).toBe('10.20.30.40 解析到内网、回环或保留地址 10.20.30.40，已拒绝访问');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('re-checks every hop: a redirect to loopback under another name is refused', async () => {
    requests.length = 0;
    const result = await fetchFeed(`${base}/to-localhost`, { addressPolicy: policy });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refused).toBe(true);
    expect(result.reason).toMatch(/^localhost 解析到内网、回环或保留地址 .*已拒绝访问$/);
    expect(requests).toEqual(['/to-localhost']);
  });

  it('refuses loopback itself under the default policy', async () => {
    const result = await fetchFeed(`${base}/feed.xml`, { addressPolicy: { allowPrivate: false } });
    expect(result).toMatchObject({ ok: false, refused: true });
  });

  it('stops a body trickling one byte a second at the deadline', async () => {
    const started = Date.now();
    trickleClosedAt = 0;
    const result = await fetchFeed(`${base}/trickle`, { addressPolicy: policy, timeoutMs: 1500 });
    const elapsed = Date.now() - started;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('订阅源在 1.5 秒内未返回完整内容，已停止读取');
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(3000);
    // The connection is really dropped, not left trickling in the background.
    for (let i = 0; i < 50 && trickleClosedAt === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(trickleClosedAt).toBeGreaterThan(0);
    expect(trickleClosedAt - started).toBeLessThan(3000);
  });

  it('refuses a body declared over 5 MB before reading it', async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/huge-declared`, { addressPolicy: policy });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('订阅源大小 6 MB，超过 5 MB 的上限，未下载');
    // The server never finishes this body: only refusing on the header returns quickly.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading an undeclared body once it passes 5 MB', async () => {
    const result = await fetchFeed(`${base}/huge-chunked`, { addressPolicy: policy });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('订阅源超过 5 MB，已停止下载');
    // Far less than the 64 MB the server would send (socket buffers allow some slack).
    expect(bigBytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it('reports HTTP errors, redirect loops and too many redirects in Chinese', async () => {
    expect(await fetchFeed(`${base}/missing`, { addressPolicy: policy })).toMatchObject({
      ok: false,
      status: 404,
      reason: '订阅源服务器返回 HTTP 404',
    });
    expect(await fetchFeed(`${base}/loop-a`, { addressPolicy: policy })).toMatchObject({
      ok: false,
      reason: '订阅源重定向循环',
    });
    expect(
      await fetchFeed(`${base}/moved`, { addressPolicy: policy, maxRedirects: 0 }),
    ).toMatchObject({ ok: false, reason: '重定向超过 0 次' });
  });

  it('turns an HTML page answered with 200 into a parse failure with its title', async () => {
    const result = await checkFeed(`${base}/error-page`, { addressPolicy: policy });
    expect(result).toMatchObject({
      ok: false,
      reason:
        '不是有效的 RSS/Atom/JSON Feed 订阅源：返回的是网页（“服务升级中”），订阅地址或转换服务可能已失效',
    });
  });

  it('decodes a gzip body the server sent unasked', async () => {
    const result = await checkFeed(`${base}/gzip`, { addressPolicy: policy });
    expect(result.ok && result.feed.items[0]?.title).toBe('召开专题会议');
  });

  it('refuses addresses that are not plain http(s) feed URLs', async () => {
    const reasons = await Promise.all(
      ['ftp://example.gov.cn/feed', 'https://user:pw@example.gov.cn/feed', 'not a url'].map(
        async (url) => {
          const result = await fetchFeed(url, { addressPolicy: policy });
          return result.ok ? 'ok' : result.reason;
        },
      ),
    );
    expect(reasons).toEqual([
      '订阅地址必须以 http:// 或 https:// 开头',
      '订阅地址不能包含用户名或密码',
      '订阅地址不是有效的网址',
    ]);
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const result = await fetchFeed(`${base}/trickle`, {
      addressPolicy: policy,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ ok: false, reason: '订阅源检查已取消' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
