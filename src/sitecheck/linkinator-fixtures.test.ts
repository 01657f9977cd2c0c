import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSite } from './index.js';

/**
 * linkinator's own HTML fixtures (test/data/linkinator-fixtures, MIT), served from a local
 * static server; verdicts as its tests expect them (EXPECTATIONS.md). External hosts are the
 * never-resolving example.invalid, i.e. linkinator's "HEAD and GET throw → BROKEN" case. The
 * fixture set lacks its non-HTML files (boo.jpg, script.js), which therefore answer 404 here.
 */
const root = path.resolve(import.meta.dirname, '../../test/data/linkinator-fixtures/fixtures');
let base = '';
let server: http.Server;
const requests: string[] = [];
// basetag pages are served at /pageBase/index like linkinator's test; /…/ok answers 200.
let basetagFile = '';
// Fixtures with root-relative links are served as the server root, as in linkinator's test.
let servedAsRoot = '';
// An index page for fixture folders that have none (repeated-broken-link).
let rootIndex = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(`${req.method} ${url}`);
    if (url === '/pageBase/index') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(fs.readFileSync(path.join(root, 'basetag', basetagFile)));
      return;
    }
    if (url === '/' && rootIndex)
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(rootIndex);
    if (url.endsWith('/ok'))
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
    let file = path.join(root, servedAsRoot, url);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory())
      file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream',
    });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

async function broken(start: string) {
  const report = await checkSite({
    url: `${base}${start}`,
    now: '2026-11-27',
    allowPrivate: true,
    limits: { timeoutMs: 5000 },
  });
  return {
    report,
    targets: report.findings
      .filter((f) => f.code === 'link-broken')
      .map((f) => f.target!.replace(base, ''))
      .sort(),
  };
}

describe('linkinator fixtures', () => {
  it.each([
    // fixture, broken targets (linkinator verdict), pages crawled
    ['/basic/', ['http://example.invalid/'], 1],
    ['/broke/', ['http://example.invalid/'], 1],
    ['/twice/', ['http://example.invalid/'], 1], // 6 anchors, one check, fragment dropped
    ['/recurse/', ['http://example.invalid/'], 3], // index → first → second → external
    ['/relative/', [], 4],
    ['/protocols/', [], 1], // irc:, mailto:, data: not followed
    ['/malformed/', ['//////'], 1],
    ['/image/', ['/image/boo.jpg', '/image/missing.jpg', '/image/missing.png'], 1], // boo.jpg not copied
    ['/scripts/', ['/scripts/script.js'], 1], // script.js not copied; .js not parsed
    ['/srcset/', [], 1],
    ['/urlpatterns/', [], 2], // funky%2Bpath.html → funky+path.html
    [
      '/metarefresh/',
      [
        'http://example.invalid/delayed',
        'http://example.invalid/redirected',
        'http://example.invalid/uppercase',
      ],
      1,
    ],
    // canonical and hreflang alternates are checked (3 results in linkinator: page, /, /es)
    ['/alternate/', ['http://example.invalid/', 'http://example.invalid/es'], 1],
    // dns-prefetch / preconnect are not links; the stylesheet is
    ['/prefetch/', ['http://example.invalid/site.css'], 1],
    // og:url and og:image (the same URL once)
    ['/twittercard/', ['http://example.invalid/'], 1],
    // a look-alike host (example.invalid.br) is checked, not crawled as the site
    ['/baseurl/', ['http://example.invalid.br/deep.html'], 1],
    ['/concurrency/', [1, 2, 3, 4, 5].map((n) => `http://example.invalid/${n}`), 1],
    // JSON-LD URL properties (not @context) plus the regular link: 6 results + the page
    [
      '/json-ld/',
      [
        'http://example.invalid/photos/16x9/photo.jpg',
        'https://example.invalid/johndoe',
        'https://example.invalid/logo.jpg',
        'https://example.invalid/photos/1x1/photo.jpg',
        'https://example.invalid/photos/4x3/photo.jpg',
        'https://example.invalid/regular-link',
      ],
      1,
    ],
    // linkinator's default (checkCss off): of the CSS URLs only the stylesheet link is checked;
    // styles.css is not copied here, hence 404
    ['/css/', ['/css/styles.css', 'http://example.invalid/regular-link'], 1],
    ['/local/', [], 2],
  ])('%s', async (start, expected, pages) => {
    servedAsRoot = start === '/recurse/' ? 'recurse' : '';
    const { report, targets } = await broken(servedAsRoot ? '/' : start);
    servedAsRoot = '';
    expect(targets).toEqual(expected);
    expect(report.pages).toBe(pages);
  });

  it('checks a URL once even when linked six times', () => {
    expect(requests.filter((r) => r === 'GET /twice/').length).toBe(1);
  });

  it.each([
    ['relative-to-root.html', '/anotherBase/'],
    ['relative-folder.html', '/pageBase/anotherBase/'],
    ['relative-dot-folder.html', '/pageBase/anotherBase/'],
    ['relative-page.html', '/pageBase/'],
    ['empty-base.html', '/pageBase/'],
  ])('<base href> %s resolves against %s', async (file, dir) => {
    basetagFile = file;
    const { targets } = await broken('/pageBase/index');
    expect(targets).toEqual([`${dir}broken`]);
  });

  it('<base href> absolute.html: the first of two <base> wins', async () => {
    basetagFile = 'absolute.html';
    const { targets } = await broken('/pageBase/index');
    // another.example.invalid never resolves here, so its "ok" is broken too.
    expect(targets).toEqual([
      'http://another.example.invalid/broken',
      'http://another.example.invalid/ok',
    ]);
  });

  it('repeated-broken-link: one broken URL on two pages is reported once per page', async () => {
    servedAsRoot = 'repeated-broken-link';
    rootIndex = '<a href="pageA.html">A</a> <a href="pageB.html">B</a>';
    const { report } = await broken('/');
    servedAsRoot = '';
    rootIndex = '';
    const pairs = report.findings
      .filter((f) => f.code === 'link-broken')
      .map(
        (f) => `${f.page.replace(base, '')} → ${f.target!.replace('http://example.invalid/', '')}`,
      )
      .sort();
    expect(pairs).toEqual([
      '/pageA.html → broken123',
      '/pageA.html → broken456',
      '/pageB.html → broken123',
      '/pageB.html → broken789',
    ]);
  });
});
