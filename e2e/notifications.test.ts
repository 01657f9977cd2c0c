// The bell and the rectification list in Chromium against a real `shoutu serve` with the demo
// city (issue 9 item 21: the bell said 暂无通知 for gw-admin and jtj-lly; issue 8 items 5–6).
import { mkdirSync } from 'node:fs';
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
const PHONE = { width: 390, height: 844 };
// The reminder pass runs as a job once the server listens; the bell polls every minute, so the
// test reloads until the notices are there (bounded).
const REMINDERS_LIMIT_MS = 120_000;

describe.runIf(hasBrowser)('the bell and the rectification list in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: BrowserContext;
  let liaison: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    liaison = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true });
    await login(admin, 'gw-admin');
    await login(liaison, 'jtj-lly');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const reportServerLogs = () =>
    onTestFailed(() => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs() ?? ''}`);
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

  /** Opens the bell on a fresh page, reloading until it lists a notice; returns the popover. */
  async function openBell(page: Page) {
    const deadline = Date.now() + REMINDERS_LIMIT_MS;
    for (;;) {
      await page.goto(`${server.url}/`);
      await page.getByTestId('notification-bell').click();
      const list = page.getByTestId('notification-list');
      await list.waitFor({ timeout: 20_000 });
      await list.locator('.ant-list, .ant-empty').first().waitFor({ timeout: 20_000 });
      if ((await list.locator('.ant-list-item').count()) > 0) return list;
      if (Date.now() > deadline) return list;
      await page.waitForTimeout(3_000);
    }
  }

  it('lists the city-wide overdue reminders for gw-admin', async () => {
    reportServerLogs();
    const page = await admin.newPage();
    const list = await openBell(page);
    const items = list.locator('.ant-list-item');
    expect(await items.count()).toBeGreaterThan(0);
    await expect.poll(() => list.textContent()).toMatch(/逾期.*个单位/s);
    expect(await list.textContent()).not.toContain('暂无通知');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'bell-admin.png') });
    await page.close();
  });

  it('lists 市交通局’s reminder for jtj-lly at 390 px, and 全部标为已读 empties the unread list', async () => {
    reportServerLogs();
    const page = await liaison.newPage();
    const list = await openBell(page);
    await expect.poll(() => list.textContent()).toMatch(/【逾期】.*市交通局/);
    const popover = await list.boundingBox();
    expect(popover!.x).toBeGreaterThanOrEqual(0);
    expect(popover!.x + popover!.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'bell-390.png') });

    // The list page shows the same notices; reading all of them clears the badge.
    await page.goto(`${server.url}/notifications`);
    const table = page.getByTestId('notification-table');
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toMatch(/市交通局/);
    await page.getByRole('button', { name: '全部标为已读' }).first().click();
    await expect
      .poll(() => page.locator('.ant-message').textContent(), { timeout: 10_000 })
      .toMatch(/已将 \d+ 条通知标为已读/);
    await page.goto(`${server.url}/`);
    await page.getByTestId('notification-bell').click();
    await expect
      .poll(() => page.getByTestId('notification-list').textContent(), { timeout: 20_000 })
      .toContain('暂无通知');
    await page.close();
  });

  it('shows the unit its rectification at 390 px, and the unit reports it done', async () => {
    reportServerLogs();
    // The committee opens a directive on 市交通局 through the API (its own form is not driven).
    const adminPage = await admin.newPage();
    await adminPage.goto(`${server.url}/`);
    const created = await adminPage.evaluate(async () => {
      const csrf = document.cookie.match(/shoutu_csrf=([^;]+)/)?.[1] ?? '';
      const units = (await (await fetch('/api/v1/units')).json()) as {
        items: { id: number; shortName: string }[];
      };
      const jtj = units.items.find((u) => u.shortName === '市交通局')!;
      const response = await fetch('/api/v1/rectifications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({
          unitId: jtj.id,
          title: '门户网站“政务公开”栏目超过 90 天未更新',
          text: '请更新栏目内容并报告整改情况',
          dueAt: '2030-06-30',
        }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(created.status).toBe(201);
    await adminPage.close();

    const page = await liaison.newPage();
    await page.goto(`${server.url}/rectifications`);
    const table = page.getByTestId('rectification-table');
    const row = table.getByText('门户网站“政务公开”栏目超过 90 天未更新');
    await row.waitFor({ timeout: 30_000 });
    expect(await table.textContent()).toContain('待整改');
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'rectifications-390.png') });

    await row.click();
    const drawer = page.getByTestId('rectification-drawer');
    const form = drawer.getByTestId('rectification-report');
    await form.waitFor({ timeout: 20_000 });
    await form.locator('textarea').fill('已更新栏目内容 12 条');
    await form.getByRole('button', { name: '报告整改完成' }).click();
    await expect.poll(() => drawer.textContent(), { timeout: 20_000 }).toContain('已整改待验证');
    expect(await drawer.textContent()).toContain('已更新栏目内容 12 条');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'rectification-drawer-390.png') });
    await page.close();

    // The committee sees it city-wide, waiting for its verdict, and accepts it.
    const city = await admin.newPage();
    await city.goto(`${server.url}/rectifications/city?id=${created.body.id}`);
    const verdict = city.getByTestId('rectification-drawer');
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toContain('已整改待验证');
    await verdict.getByRole('button', { name: '验收销号' }).click();
    await expect.poll(() => verdict.textContent(), { timeout: 20_000 }).toContain('已销号');
    // The city list holds the demo sites' tasks too: filter it to 已销号 (newest closed first).
    await city.goto(`${server.url}/rectifications/city`);
    const cityTable = city.getByTestId('rectification-table');
    await cityTable.locator('tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    const search = city.locator('.ant-pro-table-search');
    await search
      .locator('.ant-form-item')
      .filter({ hasText: '状态' })
      .locator('.ant-select-selector')
      .click();
    await city
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '已销号' })
      .click();
    await search.getByRole('button', { name: /查\s*询/ }).click();
    await cityTable
      .getByText('门户网站“政务公开”栏目超过 90 天未更新')
      .waitFor({ timeout: 30_000 });
    expect(await cityTable.textContent()).toContain('江城市交通局');
    await city.screenshot({ path: path.join(SCREENSHOT_DIR, 'rectifications-city.png') });
    await city.close();
  });

  it('the committee issues a directive from 全市整改 with its form', async () => {
    reportServerLogs();
    const page = await admin.newPage();
    await page.goto(`${server.url}/rectifications/city`);
    await page.getByRole('button', { name: '下达督办' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.waitFor({ timeout: 10_000 });
    const unit = dialog.locator('.ant-select-selection-search-input').first();
    await unit.click();
    await unit.fill('市妇联');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-tree-treenode')
      .filter({ hasText: '妇' })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await dialog.locator('input#title').fill('微信公众号未落实“三审三校”');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    // The issued directive opens at once (the city's list may hold it on a later page).
    const drawer = page.getByTestId('rectification-drawer');
    await expect
      .poll(() => drawer.textContent(), { timeout: 20_000 })
      .toContain('微信公众号未落实“三审三校”');
    expect(await drawer.textContent()).toMatch(/妇/);
    expect(await drawer.textContent()).toContain('待整改');
    await page.close();
  });
});
