// 阵地建设 in a real browser: the 市交通局 liaison registers a website served on 127.0.0.1
// (allowed through SHOUTU_MONITOR_ALLOW), starts a check, watches its progress, reads the
// findings and the rectification tasks they opened; mends the site; a new check closes them.
// 市妇联's liaison cannot see any of it.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestSite, type TestSite } from '../src/positions/test-site.js';
import {
  hasBrowser,
  launchBrowser,
  SCREENSHOT_DIR,
  startTestServer,
  type TestServer,
} from './harness.js';

const DEMO_PASSWORD = 'Shoutu@2026';
const SITE_NAME = '市交通局门户网站（测试）';

describe.runIf(hasBrowser)('positions and website monitoring, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let liaison: BrowserContext;
  let foreign: BrowserContext;
  let site: TestSite;
  let positionPath = '';
  const previousAllow = process.env.SHOUTU_MONITOR_ALLOW;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // The server inherits the environment: the local test site is on the allow-list.
    process.env.SHOUTU_MONITOR_ALLOW = '127.0.0.1';
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // One slow answer at a time, so the check runs long enough to watch its progress.
    site = await startTestSite(today, 700);
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    liaison = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    foreign = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await login(liaison, 'jtj-lly');
    await login(foreign, 'fl-lly');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
    if (previousAllow === undefined) delete process.env.SHOUTU_MONITOR_ALLOW;
    else process.env.SHOUTU_MONITOR_ALLOW = previousAllow;
  });

  const reportFailure = (page: () => Page | undefined) =>
    onTestFailed(async () => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs() ?? ''}`);
      const open = page();
      if (open && !open.isClosed()) {
        const file = path.join(tmpdir(), `shoutu-positions-failure-${Date.now()}.png`);
        await open.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`失败时的页面截图：${file}（${open.url()}）`);
      }
    });

  async function login(context: BrowserContext, username: string) {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 20_000 });
    await page.close();
  }

  const tasksText = (page: Page) =>
    page
      .getByTestId('position-tasks')
      .textContent()
      .then((t) => t ?? '');
  const doneChecks = (page: Page) =>
    page.getByTestId('check-history').locator('tr.ant-table-row', { hasText: '已完成' }).count();

  it('registers the website, checks it and shows its findings and tasks', async () => {
    const page = await liaison.newPage();
    reportFailure(() => page);
    await page.goto(`${server.url}/positions`);
    await page.getByRole('button', { name: /登记阵地/ }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '登记阵地' });
    await form.locator('input#name').waitFor({ timeout: 15_000 });
    // The liaison's own unit is preselected; the default kind is the website.
    expect(await form.locator('.ant-select-selection-item').first().textContent()).toContain(
      '交通',
    );
    await form.locator('input#name').fill(SITE_NAME);
    await form.locator('input#url').fill(site.url);
    await form.locator('.ant-modal-footer button.ant-btn-primary').click();
    const link = page.getByRole('link', { name: SITE_NAME });
    await link.waitFor({ timeout: 15_000 });
    await link.click();
    await page.waitForURL(/\/positions\/\d+$/);
    positionPath = new URL(page.url()).pathname;

    await page.getByTestId('check-now').click();
    const progress = page.getByTestId('check-progress');
    await progress.waitFor({ timeout: 15_000 });
    // Live progress: pages done, queued, rate, while the crawl runs.
    await expect
      .poll(
        () =>
          progress.textContent().then(
            (t) => t ?? '',
            () => '',
          ),
        { timeout: 30_000, interval: 300 },
      )
      .toMatch(/已检查 \d+ 个页面，待检查 \d+ 个，速度 [\d.]+ 页\/秒/);
    await expect.poll(() => doneChecks(page), { timeout: 90_000 }).toBe(1);
    await expect.poll(() => tasksText(page), { timeout: 15_000 }).toContain('gone.html');
    const tasks = await tasksText(page);
    expect(tasks).toContain('空白栏目');
    expect(tasks).toContain('待整改');

    await page.getByRole('link', { name: '查看报告' }).first().click();
    await page.getByTestId('findings-veto').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('findings-veto').textContent()).toContain('超过 5 个空白栏目');
    const deduct = (await page.getByTestId('findings-deduct').textContent()) ?? '';
    expect(deduct).toContain('错链断链');
    expect(deduct).toContain(`${site.url}gone.html`);
    expect(deduct).toContain('404');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'positions-report.png'),
      fullPage: true,
    });
    await page.close();
  }, 180_000);

  it('once the site is mended, a new check closes every task', async () => {
    site.mend();
    const page = await liaison.newPage();
    reportFailure(() => page);
    await page.goto(`${server.url}${positionPath}`);
    await page.getByTestId('check-now').click();
    await expect.poll(() => doneChecks(page), { timeout: 90_000 }).toBe(2);
    await expect
      .poll(
        async () => {
          const text = await tasksText(page);
          return text.includes('已销号') && !text.includes('待整改');
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    // The same page on a phone: nothing wider than the screen (tables scroll inside their card).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('check-history').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 })
      .toBeLessThanOrEqual(390);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'positions-detail-390.png'),
      fullPage: true,
    });
    await page.close();
  }, 180_000);

  it('市妇联’s liaison sees none of it, on a phone-sized screen', async () => {
    const page = await foreign.newPage();
    reportFailure(() => page);
    await page.goto(`${server.url}/positions`);
    await page.getByText('阵地清单').first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('link', { name: SITE_NAME }).count()).toBe(0);
    await page.goto(`${server.url}${positionPath}`);
    await page.getByText('记录不存在或无权访问').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'positions-390.png') });
    await page.close();
  }, 120_000);
});
