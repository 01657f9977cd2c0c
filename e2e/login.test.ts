import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { URI } from 'otpauth';
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
const CJK = /[\u4e00-\u9fff]/;

describe.runIf(hasBrowser)('login and the units page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Exactly what a user runs after `npm install`: `npm start`.
    [server, browser] = await Promise.all([
      startTestServer({ viaNpmStart: true }),
      launchBrowser(),
    ]);
    console.info(`npm start: 服务在 ${(server.startupMs / 1000).toFixed(1)} 秒后就绪`);
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
    // Signing in opens 首页 (the to-do list); the units page is one menu item away.
    await page.getByTestId('home').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    await page.locator('.ant-pro-sider').getByText('单位管理').click();
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

  it('creates an account, forces a password change, then logs in with a second factor', async () => {
    reportServerLogs();
    // The committee admin creates a liaison of 市交通局 with a login account.
    const admin = await context.newPage();
    await admin.goto(`${server.url}/org/people`);
    await admin.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    await admin.getByRole('button', { name: /新\s*建/ }).click();
    const form = admin.locator('.ant-modal');
    await form.locator('input#name').fill('测试联络员');
    await pickTreeOption(admin, form.locator('input#unitId'), '市交通局');
    await form.locator('input#username').fill('e2e-liaison');
    await form.getByText('添加角色').click();
    await form.locator('input#roles_0_role').click();
    await admin.locator('.ant-select-item-option[title="单位联络员"]').click();
    await pickTreeOption(admin, form.locator('input#roles_0_unitId'), '市交通局');
    await form.locator('.ant-modal-footer button.ant-btn-primary').click();
    const initialPassword = (
      await admin.getByTestId('initial-password').textContent({ timeout: 15_000 })
    )?.trim();
    expect(initialPassword).toBeTruthy();
    await admin.close();

    // First login: the new account must change its password before anything else.
    const own = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    });
    const page = await own.newPage();
    await fillLogin(page, 'e2e-liaison', initialPassword!);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/password', { timeout: 20_000 });
    const newPassword = 'Jiang#Cheng2026';
    await page.locator('input#oldPassword').fill(initialPassword!);
    await page.locator('input#newPassword').fill(newPassword);
    await page.locator('input#confirm').fill(newPassword);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('home').waitFor({ timeout: 20_000 });
    // A liaison sees the org module but not the committee's audit log.
    await expect.poll(() => page.locator('.ant-pro-sider').getByText('单位管理').count()).toBe(1);
    expect(await page.locator('.ant-pro-sider').getByText('审计日志').count()).toBe(0);

    // Turn on the second factor from the user menu.
    await openUserMenuItem(page, '两步验证');
    await page.locator('.ant-modal input#password').fill(newPassword);
    await page.getByRole('button', { name: /开始设置/ }).click();
    const secret = (await page.getByTestId('totp-secret').textContent({ timeout: 10_000 }))?.trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    const otpauthUrl = `otpauth://totp/e2e?secret=${secret}`;
    const enableCode = URI.parse(otpauthUrl).generate();
    await page.locator('.ant-modal input#code').fill(enableCode);
    await page.getByRole('button', { name: /确认开启/ }).click();
    await page.locator('.ant-modal input#code').waitFor({ state: 'detached', timeout: 10_000 });

    // Log out, log in again: the form now asks for the 6-digit code.
    await openUserMenuItem(page, '退出登录');
    await page.waitForURL('**/login', { timeout: 10_000 });
    await fillLogin(page, 'e2e-liaison', newPassword);
    await page.locator('button[type=submit]').click();
    await page.locator('input#totp').waitFor({ timeout: 10_000 });
    // A code is accepted once: the login needs the next 30-second window's code.
    for (let i = 0; i < 40 && URI.parse(otpauthUrl).generate() === enableCode; i++)
      await page.waitForTimeout(1000);
    await page.locator('input#totp').fill(URI.parse(otpauthUrl).generate());
    await page.locator('button[type=submit]').click();
    await page.getByTestId('home').waitFor({ timeout: 20_000 });
    await own.close();
  });
});

/** Opens an antd TreeSelect, searches for `text` and picks the first match. */
async function pickTreeOption(page: Page, input: ReturnType<Page['locator']>, text: string) {
  await input.click();
  await input.fill(text);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-treenode')
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function openUserMenuItem(page: Page, label: string) {
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown:visible').getByText(label, { exact: true }).click();
}
