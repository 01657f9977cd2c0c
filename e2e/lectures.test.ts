// Lectures and forums approved before they happen, in Chromium against a real server with the
// demo city: the liaison of 市交通局 (jtj-lly, on a 390 px phone) registers a report meeting with an
// outside speaker and its materials and submits it; the unit leader (jtj-ld) agrees and forwards
// it to the committee; the committee admin (gw-admin) approves it; 办理记录 shows every step; the
// positions page shows the committee its per-unit summary and the posts per quarter and month.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** A one-page PDF the attachment check accepts (the talk's outline). */
function outlinePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe.runIf(hasBrowser)('lecture approval, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page | undefined;
  let tempDir: string;

  beforeAll(async () => {
    tempDir = mkdtempSync(path.join(tmpdir(), 'shoutu-lectures-'));
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tempDir, { recursive: true, force: true });
  });

  async function signIn(username: string, width = 1440): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 900 },
      locale: 'zh-CN',
      ...(width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
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

  /** Takes a step from the row's link, with a reason, and waits for the server's answer. */
  async function decide(on: Page, topic: string, link: string, reason: string) {
    const row = on.locator('tr.ant-table-row', { hasText: topic }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.getByText(link, { exact: true }).click();
    const modal = on.locator('.ant-modal-content', { hasText: link });
    await modal.locator('textarea#reason').fill(reason);
    const [answer] = await Promise.all([
      on.waitForResponse(
        (r) => r.url().includes('/api/v1/lecture-requests/') && r.request().method() === 'POST',
      ),
      modal.locator('.ant-modal-footer button.ant-btn-primary').click(),
    ]);
    expect(answer.status(), await answer.text()).toBe(200);
    return { row, body: (await answer.json()) as { status: string; allowed: string[] } };
  }

  it('jtj-lly submits with an outside speaker, jtj-ld forwards, gw-admin approves', async () => {
    onTestFailed(async () => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs().slice(-5000) ?? ''}`);
      if (page && !page.isClosed()) {
        await page
          .screenshot({ path: path.join(SCREENSHOT_DIR, `failure-lectures-${Date.now()}.png`) })
          .catch(() => undefined);
      }
    });
    const topic = `新时代意识形态形势专题报告会（${Date.now() % 100_000}）`;
    // A fortnight ahead, 14:30 Beijing time.
    const day = new Date(Date.now() + 8 * 3_600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
    const startsAt = `${day} 14:30`;

    // The liaison, on a phone.
    page = await signIn('jtj-lly', 390);
    await page.goto(`${server.url}/positions/lectures`);
    await page.getByRole('button', { name: /登记报告会\/论坛/ }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '登记报告会/论坛' });
    await form.locator('input#topic').waitFor({ timeout: 15_000 });
    await form.locator('input#topic').fill(topic);
    await form.locator('input#speaker').fill('张教授');
    await form.locator('input#speakerAffiliation').fill('某大学马克思主义学院');
    await form.locator('.ant-form-item', { hasText: '外请报告人' }).locator('.ant-switch').click();
    await form.locator('input#audience').fill('局机关全体干部');
    await form.locator('input#audienceSize').fill('120');
    const when = form.locator('input#startsAt');
    await when.click();
    await when.fill(startsAt);
    await when.press('Enter');
    await page.waitForTimeout(500);
    if ((await when.inputValue()) !== startsAt) {
      await page
        .locator('.ant-picker-dropdown:visible .ant-picker-ok button')
        .click({ timeout: 5_000 });
    }
    await expect.poll(() => when.inputValue(), { timeout: 5_000 }).toBe(startsAt);
    await form.locator('input#place').fill('局机关三楼报告厅');
    const pdfPath = path.join(tempDir, '报告提纲.pdf');
    writeFileSync(pdfPath, outlinePdf());
    const [upload] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes('/api/v1/attachments?') && r.request().method() === 'POST',
      ),
      form.locator('input[type=file]').setInputFiles(pdfPath),
    ]);
    expect(upload.status()).toBe(200);
    await form.getByText('报告提纲.pdf').waitFor({ timeout: 15_000 });
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/lecture-requests') && r.request().method() === 'POST',
      ),
      form.locator('.ant-modal-footer button.ant-btn-primary').click(),
    ]);
    expect(created.status(), await created.text()).toBe(201);
    const lecture = (await created.json()) as {
      id: number;
      status: string;
      outsideSpeaker: boolean;
      attachmentIds: number[];
      startsAt: string;
      allowed: string[];
    };
    expect(lecture).toMatchObject({ status: 'draft', outsideSpeaker: true });
    expect(lecture.attachmentIds).toHaveLength(1);
    expect(lecture.startsAt).toBe(new Date(`${day}T14:30:00+08:00`).toISOString());
    expect(lecture.allowed).toEqual(['edit', 'submit']);

    const row = page.locator('tr.ant-table-row', { hasText: topic }).first();
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getByText('草稿').count()).toBe(1);
    await row.getByText('提交审批', { exact: true }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('还须报工委审批').waitFor();
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/lecture-requests/${lecture.id}/submit`)),
      confirm.getByRole('button', { name: '提交审批' }).click(),
    ]);
    await expect.poll(() => row.getByText('待单位审批').count(), { timeout: 30_000 }).toBe(1);
    // Nothing is wider than the phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'lectures-submitted-390.png') });
    await page.context().close();

    // The unit leader: an outside speaker's request is agreed and forwarded, not approved.
    page = await signIn('jtj-ld');
    await page.goto(`${server.url}/positions/lectures`);
    await page.getByRole('tab', { name: '待单位审批' }).click();
    const leaderRow = page.locator('tr.ant-table-row', { hasText: topic }).first();
    await leaderRow.waitFor({ timeout: 60_000 });
    expect(await leaderRow.getByText('审批通过', { exact: true }).count()).toBe(0);
    const forwarded = await decide(page, topic, '同意并报工委审批', '同意，报工委审批');
    expect(forwarded.body.status).toBe('unit-approved');
    await page.context().close();

    // The committee admin approves.
    page = await signIn('gw-admin');
    await page.goto(`${server.url}/positions/lectures`);
    await page.getByRole('tab', { name: '待工委审批' }).click();
    const approved = await decide(page, topic, '工委审批通过', '同意举办，注意把握导向');
    expect(approved.body).toMatchObject({ status: 'approved', allowed: [] });
    await page.getByRole('tab', { name: '已批准' }).click();
    const done = page.locator('tr.ant-table-row', { hasText: topic }).first();
    await expect.poll(() => done.getByText('已批准').count(), { timeout: 30_000 }).toBe(1);

    await done.getByText('办理记录').click();
    const drawer = page.locator('.ant-drawer-content', { hasText: '办理记录' });
    const entries = drawer.getByTestId('timeline-entry');
    await expect.poll(() => entries.count(), { timeout: 30_000 }).toBe(4);
    const texts = await entries.allInnerTexts();
    expect(texts[1]).toContain('提交审批');
    expect(texts[2]).toContain('同意并报工委审批');
    expect(texts[3]).toContain('工委审批通过');
    expect(texts[3]).toContain('同意举办，注意把握导向');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'lectures-approved-1440.png') });

    // The committee's figures on the positions page: the per-unit summary and posts per quarter.
    // The demo city registers no positions: the admin registers the committee's lecture series.
    const me = (await (await page.request.get(`${server.url}/api/v1/me`)).json()) as {
      roles: { role: string; unitId: number }[];
    };
    const csrf = (await page.context().cookies()).find((c) => c.name === 'shoutu_csrf')?.value;
    const registered = await page.request.post(`${server.url}/api/v1/positions`, {
      headers: { 'x-csrf-token': csrf ?? '' },
      data: {
        unitId: me.roles.find((r) => r.role === 'committee_admin')!.unitId,
        kind: 'lecture',
        name: '机关干部理论大讲堂',
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    await page.goto(`${server.url}/positions`);
    const summary = page.locator('.ant-pro-card', { hasText: '各单位阵地汇总' });
    await summary.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await summary.locator('.ant-table-summary').textContent()).toContain('合计');
    const figures = page.locator('.ant-pro-card', { hasText: '阵地发布数量' });
    await figures.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await figures.locator('thead').textContent()).toContain('第4季度');
    await figures.getByText('按月', { exact: true }).click();
    await expect.poll(() => figures.locator('thead').textContent()).toContain('12月');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'positions-figures-1440.png') });
  }, 300_000);
});
