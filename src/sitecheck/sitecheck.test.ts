import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProofreader } from '../proofread/index.js';
import { type SiteServers, startMunicipalSite } from './fixtures/municipal-site.js';
import { checkSite, type Finding, type SiteCheckReport } from './index.js';

const proofreader = defaultProofreader();
const textChecker = (text: string) => proofreader.check(text);

describe('synthetic municipal site', () => {
  let servers: SiteServers;
  let report: SiteCheckReport;
  const codes = (code: string) => report.findings.filter((f) => f.code === code);

  beforeAll(async () => {
    servers = await startMunicipalSite();
    report = await checkSite({
      url: servers.site,
      now: '2026-11-27',
      allowPrivate: true,
      textChecker,
    });
  });
  afterAll(() => servers.close());

  it('finds the columns from the navigation with their kinds and newest dates', () => {
    const byName = Object.fromEntries(report.columns.map((c) => [c.name, c]));
    expect(byName.工作动态).toMatchObject({ kind: 'news', items: 4, lastUpdated: '2026-11-20' });
    expect(byName.通知公告).toMatchObject({ kind: 'notices', lastUpdated: '2025-01-10' });
    expect(byName.政策文件).toMatchObject({ kind: 'policies', items: 0 });
    // Undated list, date confirmed from the article page.
    expect(byName.规划计划).toMatchObject({
      kind: 'planning',
      items: 1,
      lastUpdated: '2026-03-01',
    });
    // GB2312-declared page.
    expect(byName.人事信息).toMatchObject({
      kind: 'personnel',
      items: 1,
      lastUpdated: '2026-09-01',
    });
    expect(byName.机构概况?.kind).toBe('other');
  });

  it('reports each planted defect and nothing for the decoys', () => {
    expect(codes('column-stale').map((f) => f.name)).toEqual(['通知公告']);
    expect(codes('column-blank').map((f) => f.name)).toEqual(['政策文件']);
    expect(codes('home-stale')).toEqual([]);
    const broken = codes('link-broken').map((f) => [
      new URL(f.target!).pathname,
      f.status,
      f.onHomepage,
    ]);
    expect(broken.sort()).toEqual([
      ['/gone.html', 404, false],
      ['/img/missing.png', 404, true],
    ]);
    expect(codes('formulation-error')[0]).toMatchObject({
      text: '习近平新时代中国特色社会注义思想',
      suggestion: '习近平新时代中国特色社会主义思想',
      severity: 'veto',
    });
    expect(codes('pii-idcard').map((f) => f.text)).toEqual(['11010519491231002X']);
    expect(codes('pii-mobile').map((f) => f.text)).toEqual(['13812345678']);
    // 机密★1年 on a notice; 保守国家秘密 in running text and the robots-disallowed 绝密 page are not.
    expect(codes('secret-marking').map((f) => [f.text, new URL(f.page).pathname])).toEqual([
      ['机密★1年', '/tzgg/n1.html'],
    ]);
    for (const f of report.findings) expect(f.page).not.toContain('/private/');
  });

  it('fetches each URL once, honours robots.txt and never follows mailto/javascript/tel', () => {
    const gets = [...servers.requests].filter(([k]) => k.startsWith('GET '));
    for (const [key, count] of gets) expect(count, key).toBe(1);
    expect(servers.requests.has('GET /private/secret.html')).toBe(false);
    expect([...servers.requests.keys()].some((k) => /mailto|javascript|tel:/.test(k))).toBe(false);
  });

  it('checks external links with HEAD, falling back to GET when HEAD is refused', () => {
    expect(servers.requests.get('HEAD /ok.html')).toBe(1);
    expect(servers.requests.has('GET /ok.html')).toBe(false);
    expect(servers.requests.get('HEAD /head-refused.pdf')).toBe(1);
    expect(servers.requests.get('GET /head-refused.pdf')).toBe(1);
  });

  it('follows the redirect chain to the new page and checks its links', () => {
    expect(servers.requests.get('GET /old.html')).toBe(1);
    expect(servers.requests.get('GET /moved')).toBe(1);
    expect(servers.requests.get('GET /new-home.html')).toBe(1);
  });

  it('reports a stale homepage when its newest item is older than 14 days', async () => {
    const later = await checkSite({ url: servers.site, now: '2026-12-20', allowPrivate: true });
    const home = later.findings.find((f) => f.code === 'home-stale');
    expect(home).toMatchObject({ severity: 'veto', lastUpdated: '2026-11-20', limitDays: 14 });
  });
});

describe('safety and failure', () => {
  it('refuses a loopback site without allowPrivate and says why', async () => {
    const report = await checkSite({ url: 'http://127.0.0.1:9/', now: '2026-11-27' });
    const finding = report.findings[0] as Finding;
    expect(finding.code).toBe('site-unreachable');
    expect(finding.reason).toContain('127.0.0.1');
    expect(report.pages).toBe(0);
  });

  it('refuses a redirect from an allowed host to a loopback name', async () => {
    const target = http.createServer((_req, res) => res.end('<p>internal</p>'));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const port = (target.address() as AddressInfo).port;
    const front = http.createServer((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${port}/` });
      res.end();
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/`;
    let hits = 0;
    target.on('request', () => hits++);
    // The administrator's allow-list names the front host only.
    const report = await checkSite({ url: frontUrl, now: '2026-11-27', allowHosts: ['127.0.0.1'] });
    front.close();
    target.close();
    expect(report.findings[0]?.code).toBe('site-unreachable');
    expect(report.findings[0]?.reason).toMatch(/localhost/);
    expect(hits).toBe(0);
  });

  it('retries 429 with Retry-After and reports an unreachable 5xx homepage', async () => {
    let calls = 0;
    const server = http.createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      calls++;
      if (calls === 1) return void res.writeHead(429, { 'retry-after': '0' }).end();
      res.writeHead(req.url === '/' ? 200 : 500, { 'content-type': 'text/html' });
      res.end('<a href="/x.html">一个失效的链接</a>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const report = await checkSite({
      url,
      now: '2026-11-27',
      allowPrivate: true,
      limits: { maxRetries: 1 },
    });
    server.close();
    expect(report.pages).toBe(1);
    expect(report.findings.find((f) => f.code === 'link-broken')).toMatchObject({
      status: 500,
      onHomepage: true,
    });
  });
});
