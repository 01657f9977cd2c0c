import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { html, serve, type TestServer } from './fixtures/serve.js';
import { checkSite } from './index.js';
import { encodeQuery, readableUrl } from './links.js';

const NOW = '2026-11-27';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('what the report shows', () => {
  it('leaves a note for a page cut at the size limit (and none for a clean check)', async () => {
    const big = html(
      `<p>${'政务公开工作要点。'.repeat(20_000)}</p><a href="/after-the-cut.html">被截断后的链接</a>`,
    );
    server = await serve((req, res) => {
      if (req.url === '/')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(html('<a href="/big.html">大页面</a>'));
      else if (req.url === '/big.html')
        res.writeHead(200, { 'content-type': 'text/html' }).end(big);
      else res.writeHead(404).end();
    });
    const limited = await checkSite({
      url: `${server.base}/`,
      now: NOW,
      allowPrivate: true,
      limits: { maxPageBytes: 64 * 1024 },
    });
    expect(limited.notes).toEqual([
      `页面超过 64 KB 的大小限制，只检查了开头部分：${server.base}/big.html`,
    ]);
    const whole = await checkSite({ url: `${server.base}/`, now: NOW, allowPrivate: true });
    expect(Object.keys(whole)).toEqual(['site', 'now', 'pages', 'columns', 'findings']);
    // The link after the cut was seen only without the limit.
    expect(whole.findings.map((f) => f.target)).toContain(`${server.base}/after-the-cut.html`);
  });

  it('shows broken targets decoded: Chinese paths readable', async () => {
    server = await serve((req, res) => {
      if (req.url === '/')
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(html('<a href="/附件/2026年工作要点.pdf">附件</a>'));
      else res.writeHead(404).end();
    });
    const report = await checkSite({ url: `${server.base}/`, now: NOW, allowPrivate: true });
    const broken = report.findings.filter((f) => f.code === 'link-broken');
    expect(broken.map((f) => f.target)).toEqual([`${server.base}/附件/2026年工作要点.pdf`]);
  });

  it('sends the query of a GBK page percent-encoded in GBK, like a browser', async () => {
    const seen: string[] = [];
    server = await serve((req, res) => {
      seen.push(req.url!);
      if (req.url === '/')
        res
          .writeHead(200, { 'content-type': 'text/html; charset=GBK' })
          .end(
            iconv.encode(
              html(
                '<a href="/search.jsp?keyword=政务公开&amp;type=全部">站内搜索</a> <a href="/附件/通知.html">附件</a>',
              ),
              'gbk',
            ),
          );
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html('结果'));
    });
    await checkSite({ url: `${server.base}/`, now: NOW, allowPrivate: true });
    expect(seen).toContain('/search.jsp?keyword=%D5%FE%CE%F1%B9%AB%BF%AA&type=%C8%AB%B2%BF');
    // The path stays UTF-8, as browsers send it.
    expect(seen).toContain('/%E9%99%84%E4%BB%B6/%E9%80%9A%E7%9F%A5.html');
  });

  it.each([
    ['http://a.test/%E9%99%84%E4%BB%B6/a.pdf', 'http://a.test/附件/a.pdf'],
    ['http://a.test/a%20b/%2F?q=%D5%FE', 'http://a.test/a%20b/%2F?q=%D5%FE'], // ASCII and GBK escapes kept
  ])('readableUrl(%s) = %s', (href, readable) => {
    expect(readableUrl(href)).toBe(readable);
  });

  it('encodes only the query, only its non-ASCII characters', () => {
    expect(encodeQuery('/搜索?q=公开&x=1#top', 'gb18030')).toBe('/搜索?q=%B9%AB%BF%AA&x=1#top');
    expect(encodeQuery('/a?q=1', 'gb18030')).toBe('/a?q=1');
  });
});
