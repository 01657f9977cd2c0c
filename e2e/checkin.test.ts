// A physical position's check-in (打卡) on a phone: the 市交通局 liaison opens a new 宣传栏 at
// 390 px, takes a photo through the camera input, checks in, and sees the check-in with its
// photo and the next due day. The page does not scroll sideways.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  hasBrowser,
  launchBrowser,
  SCREENSHOT_DIR,
  startTestServer,
  type TestServer,
} from './harness.js';

const DEMO_PASSWORD = 'Shoutu@2026';
const BOARD_NAME = '机关一楼宣传栏（测试）';
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.runIf(hasBrowser)('check-in at a physical position, on a phone', () => {
  let server: TestServer;
  let browser: Browser;
  let phone: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await phone.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('jtj-lly');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 20_000 });
    await page.close();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  let current: Page | undefined;
  const reportFailure = () =>
    onTestFailed(async () => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs() ?? ''}`);
      if (current && !current.isClosed()) {
        const file = path.join(tmpdir(), `shoutu-checkin-failure-${Date.now()}.png`);
        await current.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`失败时的页面截图：${file}（${current.url()}）`);
      }
    });

  it('the liaison checks in a board with a photo at 390 px', async () => {
    reportFailure();
    const page = await phone.newPage();
    current = page;
    await page.goto(`${server.url}/positions`);
    // The board is registered through the API from the logged-in page (registering is tested
    // elsewhere); the check-in itself goes through the page's form.
    const positionId = await page.evaluate(async (name) => {
      const csrf = document.cookie.match(/(?:^|; )shoutu_csrf=([^;]+)/)?.[1] ?? '';
      const me = await (await fetch('/api/v1/me')).json();
      const response = await fetch('/api/v1/positions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ unitId: me.unitId, kind: 'board', name, cadenceDays: 30 }),
      });
      if (response.status !== 201) throw new Error(await response.text());
      return (await response.json()).id as number;
    }, BOARD_NAME);
    await page.goto(`${server.url}/positions/${positionId}`);
    const panel = page.getByTestId('checkin-panel');
    await panel.waitFor({ timeout: 20_000 });
    // Never checked in: due a cadence after it opened, not yet overdue.
    await expect.poll(() => page.getByTestId('checkin-due').textContent()).toContain('尚未打卡');

    const input = page.getByTestId('checkin-photo');
    expect(await input.getAttribute('accept')).toBe('image/*');
    expect(await input.getAttribute('capture')).toBe('environment');
    await input.setInputFiles({ name: '宣传栏.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('checkin-photos').locator('img').waitFor({ timeout: 15_000 });
    await panel.locator('textarea#content').fill('更新学习贯彻党的二十届四中全会精神专栏');
    await page.getByTestId('checkin-submit').click();

    const list = page.getByTestId('checkin-list');
    await list.waitFor({ timeout: 15_000 });
    expect(await list.textContent()).toContain('二十届四中全会');
    const photo = list.locator('img').first();
    await photo.waitFor();
    // The photo is served back through the access-checked attachment route and renders.
    await expect
      .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1);
    expect(await page.getByTestId('checkin-due').textContent()).toContain('最近一次打卡');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'checkin-390.png'), fullPage: true });
  }, 120_000);
  it('the liaison keeps a WeChat account up by attestation and checks it at 390 px', async () => {
    reportFailure();
    const page = await phone.newPage();
    current = page;
    await page.goto(`${server.url}/positions`);
    const positionId = await page.evaluate(async () => {
      const csrf = document.cookie.match(/(?:^|; )shoutu_csrf=([^;]+)/)?.[1] ?? '';
      const me = await (await fetch('/api/v1/me')).json();
      const response = await fetch('/api/v1/positions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({
          unitId: me.unitId,
          kind: 'wechat',
          name: '交通局公众号（测试）',
          interaction: true,
        }),
      });
      if (response.status !== 201) throw new Error(await response.text());
      return (await response.json()).id as number;
    });
    await page.goto(`${server.url}/positions/${positionId}`);
    const panel = page.getByTestId('feed-panel');
    await panel.waitFor({ timeout: 20_000 });
    await panel.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '负责人声明' }).click();
    await panel.getByRole('button', { name: '保存监测方式' }).click();
    await page.getByTestId('feed-check-now').waitFor({ timeout: 15_000 });
    await panel.locator('textarea#note').fill('发布工作动态一篇');
    await panel.getByRole('button', { name: '登记负责人声明' }).click();
    await page.getByText('负责人声明已登记').waitFor({ timeout: 15_000 });
    await page.getByTestId('feed-check-now').click();
    const latest = page.getByTestId('feed-latest');
    await latest.waitFor({ timeout: 60_000 });
    await expect.poll(() => latest.textContent(), { timeout: 30_000 }).toContain('正常更新');
    expect(await latest.textContent()).toContain('负责人的声明');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'feed-390.png'), fullPage: true });
  }, 120_000);
});
