import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SiteServers, startMunicipalSite } from '../sitecheck/fixtures/municipal-site.js';
import { serve } from '../sitecheck/fixtures/serve.js';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      'bin/shoutu.mjs',
      'check-site',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('shoutu check-site', () => {
  let servers: SiteServers;
  beforeAll(async () => {
    servers = await startMunicipalSite();
  });
  afterAll(() => servers.close());

  it.each([
    [[], '缺少参数'],
    [['ftp://example.gov.cn/'], '只能检查 http 或 https'],
    [['http://example.gov.cn/', '--max-pages', 'abc'], '--max-pages 必须是整数'],
    [['http://example.gov.cn/', '--now', '2026-13-01'], '--now'],
  ])('exits 2 with a one-line Chinese reason for %j', async (args, reason) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a loopback site without --allow-private: exit 3, JSON says why', async () => {
    const result = await run(servers.site, '--json', '--now', '2026-11-27');
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.findings[0]).toMatchObject({
      code: 'site-unreachable',
      severity: 'veto',
      status: 0,
    });
    expect(report.findings[0].reason).toContain('--allow-private');
  });

  it('prints the contract JSON with --allow-private', async () => {
    const result = await run(
      servers.site,
      '--json',
      '--now',
      '2026-11-27',
      '--allow-private',
      '--concurrency',
      '4',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(''); // no progress when stderr is not a terminal
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['site', 'now', 'pages', 'columns', 'findings']);
    expect(report).toMatchObject({ site: servers.site, now: '2026-11-27' });
    expect(report.pages).toBeGreaterThan(10);
    expect(Object.keys(report.columns[0])).toEqual(['name', 'url', 'kind', 'items', 'lastUpdated']);
    const link = report.findings.find((f: { code: string }) => f.code === 'link-broken');
    expect(Object.keys(link).sort()).toEqual([
      'code',
      'onHomepage',
      'page',
      'severity',
      'status',
      'target',
    ]);
  });

  it('a redirect loop on the homepage: exit 3, the JSON says why', async () => {
    const looping = await serve((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(404).end();
      else if (req.url === '/') res.writeHead(302, { location: '/index.html' }).end();
      else res.writeHead(302, { location: '/' }).end();
    });
    try {
      const result = await run(
        `${looping.base}/`,
        '--json',
        '--now',
        '2026-11-27',
        '--allow-private',
      );
      expect(result.code).toBe(3);
      const report = JSON.parse(result.stdout);
      expect(report.pages).toBe(0);
      expect(report.findings[0]).toMatchObject({
        code: 'site-unreachable',
        status: 0,
        reason: '重定向循环',
      });
    } finally {
      await looping.close();
    }
  });

  it('prints a Chinese summary grouped by severity without --json', async () => {
    const result = await run(servers.site, '--now', '2026-11-27', '--allow-private');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('单项否决');
    expect(result.stdout).toContain('扣分项');
    expect(result.stdout).toContain('空白栏目');
  });
});
