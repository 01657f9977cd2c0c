import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserRequired,
  findChromium,
  hasBrowser,
  launchBrowser,
  SCREENSHOT_DIR,
  startTestServer,
  type TestServer,
} from './harness.js';

const DEMO_PASSWORD = 'Shoutu@2026';
const CJK = /[\u4e00-\u9fff]/;

describe('browser availability', () => {
  it('finds Chromium whenever the run requires a browser', () => {
    const found = findChromium();
    if (browserRequired()) {
      expect(
        found,
        'SHOUTU_REQUIRE_BROWSER=1 但找不到 Chromium（CHROMIUM_PATH 或 /usr/bin/chromium）',
      ).toBeTypeOf('string');
    }
    // Whatever is found must be an absolute path to a program, never a guess.
    if (found !== undefined) expect(path.isAbsolute(found)).toBe(true);
    expect(hasBrowser).toBe(found !== undefined);
  });
});

describe.runIf(hasBrowser)('login and the units page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const reportServerLogs = () =>
    onTestFailed(() => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs() ?? ''}`);
    });

  async function fillLogin(page: Page, username: string, password: string) {
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
  }

  it("shows the server's Chinese message for a wrong password", async () => {
    reportServerLogs();
    const page = await context.newPage();
    await fillLogin(page, 'gw-admin', 'wrong-Password-1');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.locator('button[type=submit]').click(),
    ]);
    expect(response.status()).toBe(401);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(CJK);
    await expect
      .poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 })
      .toContain(body.error.message);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('logs in as gw-admin, lands on the units page in Chinese, lists the demo city', async () => {
    reportServerLogs();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    // The demo note appears only when the server says it runs the demo city.
    await page.getByTestId('demo-note').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('demo-note').textContent()).toContain('gw-admin');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'login.png'), fullPage: true });

    await fillLogin(page, 'gw-admin', DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/org/units', { timeout: 20_000 });

    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 20_000 });
    const pagination = page.locator('.ant-pagination').first();
    await pagination.waitFor();
    const pagerText = (await pagination.textContent()) ?? '';
    expect(pagerText).toMatch(/条|页/);
    expect(pagerText).not.toMatch(/items|page/i);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'units.png'), fullPage: true });

    // The city has more units than one page shows: find each through the search form.
    for (const name of ['市交通局', '市妇联']) {
      const search = page.locator('.ant-pro-query-filter input#name');
      await search.fill(name);
      await search.press('Enter');
      await page
        .locator('.ant-table-tbody')
        .getByText(name, { exact: true })
        .first()
        .waitFor({ timeout: 15_000 });
    }
    await page.close();
  });

  it('stays usable at phone width (390 × 844)', async () => {
    reportServerLogs();
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      storageState: await context.storageState(),
    });
    const page = await phone.newPage();
    await page.goto(`${server.url}/org/units`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    // Wide tables scroll inside their own box; the page itself must not scroll sideways.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'units-phone.png'), fullPage: true });
    await phone.close();
  });
});
