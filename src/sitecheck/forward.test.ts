import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NOW, type Routes, serveRoutes, trsSite } from './fixtures/gov-layouts.js';
import { checkSite } from './index.js';
import { scriptForward } from './scripts.js';

/**
 * Root pages that only forward to the portal, as government sites often have: the portal (here
 * the TRS-layout site under /portal/) is the homepage.
 */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The TRS site moved under /portal/, with `root` served at /. */
function forwardingSite(root: string) {
  return (base: string): Routes => {
    const routes: Routes = new Map();
    for (const [url, route] of trsSite(base)) routes.set(`/portal${url}`, route);
    routes.set('/', { body: root });
    return routes;
  };
}

const doc = (head: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>某县人民政府</title>${head}</head>${body}</html>`;

describe('a root page that only forwards', () => {
  it.each([
    [
      'meta refresh',
      doc(
        '<meta http-equiv="refresh" content="0; url=/portal/">',
        '<body><img src="/gone-logo.png"></body>',
      ),
    ],
    [
      'frameset',
      doc(
        '',
        '<frameset rows="100%,*" frameborder="0"><frame src="/portal/" name="main"><frame src="/gone-logo.png"></frameset>',
      ),
    ],
    [
      'full-page iframe',
      doc(
        '',
        '<body style="margin:0"><iframe src="portal/" width="100%" height="100%" frameborder="0"></iframe><img src="/gone-logo.png"></body>',
      ),
    ],
    [
      'script location.href',
      doc(
        '<script type="text/javascript">window.location.href = "/portal/";</script>',
        '<body><img src="/gone-logo.png"></body>',
      ),
    ],
    [
      'script location.replace',
      doc(
        '<script>if (true) { location.replace("./portal/"); }</script>',
        '<body><img src="/gone-logo.png"></body>',
      ),
    ],
  ])('%s: the portal is the homepage', async (_name, root) => {
    const site = await serveRoutes(forwardingSite(root));
    close = site.close;
    const report = await checkSite({ url: `${site.base}/`, now: NOW, allowPrivate: true });
    expect(report.site).toBe(`${site.base}/`);
    expect(report.columns.map((c) => c.name)).toEqual([
      '政务动态',
      '通知公告',
      '政策文件',
      '规划计划',
      '人事信息',
      '走进县情',
    ]);
    expect(report.findings.filter((f) => f.code === 'home-stale')).toEqual([]);
    expect(report.pages).toBeGreaterThan(50);
    // The root page counts as the homepage too: its broken image is a homepage finding.
    const logo = report.findings.find((f) => f.target === `${site.base}/gone-logo.png`);
    expect(logo).toMatchObject({ code: 'link-broken', status: 404, onHomepage: true });
  });
});

describe('script forwards: reads of location are not forwards', () => {
  it.each([
    ['window.location.href = "/portal/";', '/portal/'],
    ["location='index.shtml'", 'index.shtml'],
    ['top.location.replace("http://www.example.gov.cn/")', 'http://www.example.gov.cn/'],
    ['document.location.href="portal/index.html"', 'portal/index.html'],
    // Seen on real pages (zh-web-extraction-handlabelled): share buttons, QR codes, mobile rewrites.
    ['qrcode.makeCode(window.location.href);', undefined],
    ['var url = location.href;', undefined],
    ['isMobile&&(location.href=location.href.replace(/\\?/,"&"))', undefined],
    ['"link": window.location.href,', undefined],
  ])('%s → %s', (script, target) => {
    expect(scriptForward(script)).toBe(target);
  });

  it('finds no forward in the inline scripts of the real article pages', () => {
    const dir = path.resolve(
      import.meta.dirname,
      '../../test/data/zh-web-extraction-handlabelled/original',
    );
    const forwards: string[] = [];
    for (const file of [
      '500b350d-d38d-4fb0-9e81-75e0c95e95a8.html',
      '33a95b71-b49b-42c1-9c0a-ab8e3feba3cf.html',
      'b26fbb82-9d98-42f0-af75-7439c1706bcd.html',
    ]) {
      const html = fs.readFileSync(path.join(dir, file), 'latin1');
      for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
        const target = scriptForward(m[1]!);
        if (target) forwards.push(`${file}: ${target}`);
      }
    }
    expect(forwards).toEqual([]);
  });
});
