// Responsibility letters on the workflow, in Chromium against a real server with the demo city:
// the leader (jtj-ld) signs a pending letter from the row's 签订 link (shown because the record's
// `allowed` says so), the signed row no longer offers it, and 办理记录 shows the letter's steps.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  hasBrowser,
  launchBrowser,
  SCREENSHOT_DIR,
  startTestServer,
  type TestServer,
} from './harness.js';

const DEMO_PASSWORD = 'Shoutu@2026';

describe.runIf(hasBrowser)('responsibility letters, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    const opened = await context.newPage();
    await opened.goto(`${server.url}/login`);
    await opened.locator('#username').fill(username);
    await opened.locator('#password').fill(DEMO_PASSWORD);
    await opened.locator('button[type=submit]').click();
    await opened.waitForURL((url) => url.pathname !== '/login', { timeout: 30_000 });
    await opened.locator('.ant-pro-layout').first().waitFor({ timeout: 30_000 });
    return opened;
  }

  async function api<T>(on: Page, method: 'GET' | 'PATCH', url: string, body?: unknown) {
    const csrf = (await on.context().cookies()).find((c) => c.name === 'shoutu_csrf')?.value ?? '';
    const response = await on.request.fetch(`${server.url}/api/v1${url}`, {
      method,
      headers: { 'x-csrf-token': csrf },
      ...(body === undefined ? {} : { data: body }),
    });
    expect(response.status(), `${method} ${url}: ${await response.text()}`).toBe(200);
    return (await response.json()) as T;
  }

  it('the leader signs from 签订 and sees the steps in 办理记录', async () => {
    onTestFailed(async () => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs().slice(-5000) ?? ''}`);
      if (page && !page.isClosed()) {
        await page
          .screenshot({ path: path.join(SCREENSHOT_DIR, `failure-letters-${Date.now()}.png`) })
          .catch(() => undefined);
      }
    });
    type Letter = {
      id: number;
      personName: string;
      status: string;
      allowed: string[];
      unitId: number;
    };
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    // The liaison makes sure one of the unit's letters of this year is pending: reopening a
    // signed one is the workflow's `reopen` step, on the letter's timeline too.
    const liaison = await signIn('jtj-lly');
    const me = await api<{ roles: { role: string; unitId: number }[] }>(liaison, 'GET', '/me');
    const unitId = me.roles.find((r) => r.role === 'unit_liaison')!.unitId;
    const mine = await api<{ items: Letter[] }>(
      liaison,
      'GET',
      `/responsibility-letters?unitId=${unitId}&year=${year}&page=1&pageSize=100`,
    );
    expect(mine.items.length, '市交通局应有本年度的责任书').toBeGreaterThan(0);
    const target = mine.items.find((l) => l.unitId === unitId) ?? mine.items[0]!;
    if (target.status === 'signed') {
      expect(target.allowed).toContain('reopen');
      await api(liaison, 'PATCH', `/responsibility-letters/${target.id}`, { status: 'pending' });
    }
    await liaison.context().close();

    page = await signIn('jtj-ld');
    await page.goto(`${server.url}/responsibility?tab=letters`);
    const row = page.locator('tr.ant-table-row', { hasText: target.personName }).first();
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByText('待签订').count()).toBe(1);
    await row.getByText('签订', { exact: true }).click();
    const modal = page.locator('.ant-modal-content', { hasText: '签订责任书' });
    await modal.waitFor();
    await modal.locator('.ant-modal-footer button.ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '已签订' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getByText('已签订').count(), { timeout: 30_000 }).toBe(1);
    // Signed: the record's allowed actions no longer hold 签订, so the row shows no such link.
    expect(await row.getByText('签订', { exact: true }).count()).toBe(0);
    const after = await api<Letter>(page, 'GET', `/responsibility-letters/${target.id}`);
    expect(after).toMatchObject({ status: 'signed', allowed: [] });

    await row.getByText('办理记录').click();
    const drawer = page.locator('.ant-drawer-content', { hasText: '办理记录' });
    const entries = drawer.getByTestId('timeline-entry');
    await entries.last().waitFor({ timeout: 30_000 });
    const texts = await entries.allInnerTexts();
    expect(texts.at(-1)).toContain('签订');
    expect(texts.at(-1)).toContain('已签订');
    if (target.status === 'signed') expect(texts.at(-2)).toContain('撤销签订');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'letters-timeline-1440.png') });
  }, 240_000);
});
