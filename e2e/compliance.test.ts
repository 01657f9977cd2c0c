import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const UNIT = '市交通局';
const CELL = `button.compliance-cell[data-unit-short="${UNIT}"][data-group="responsibility"]`;

/** A one-page PDF with a correct cross-reference table: small, but a real PDF. */
function tinyPdf(): Buffer {
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

describe('the test PDF', () => {
  it('builds a PDF the attachment check accepts', () => {
    const pdf = tinyPdf().toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    // startxref points at the xref keyword.
    const startxref = Number(pdf.match(/startxref\n(\d+)/)![1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
  });
});

describe.runIf(hasBrowser)('compliance from a recorded meeting, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: BrowserContext;
  let liaison: BrowserContext;
  let tempDir: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    tempDir = mkdtempSync(path.join(tmpdir(), 'shoutu-e2e-pdf-'));
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    liaison = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await login(admin, 'gw-admin');
    await login(liaison, 'jtj-lly');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  const reportServerLogs = (page?: () => Page | undefined) =>
    onTestFailed(async () => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs() ?? ''}`);
      const open = page?.();
      if (open && !open.isClosed()) {
        const file = path.join(tmpdir(), `shoutu-compliance-failure-${Date.now()}.png`);
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

  async function openCityView(page: Page) {
    await page.goto(`${server.url}/compliance?year=2025`);
    await page.locator(CELL).waitFor({ timeout: 60_000 });
  }

  it("shows 市交通局's 责任制 cell overdue for 2025, only for the missing H2 special study", async () => {
    const page = await admin.newPage();
    reportServerLogs(() => page);
    await openCityView(page);
    expect(await page.getByTestId('city-view').getAttribute('data-year')).toBe('2025');
    expect(await page.locator(CELL).getAttribute('data-status')).toBe('overdue');

    // The drill-down names what is missing: the special study of the second half-year.
    await page.locator(CELL).click();
    const drawer = page.getByTestId('cell-detail');
    await drawer.waitFor({ timeout: 30_000 });
    const overdueRows = drawer
      .getByTestId('cell-requirements')
      .locator('tr.ant-table-row', { has: page.locator('[data-status="overdue"]') });
    await expect.poll(() => overdueRows.count(), { timeout: 15_000 }).toBe(1);
    const row = (await overdueRows.first().textContent()) ?? '';
    expect(row).toContain('专题研究意识形态工作');
    expect(row).toContain('2025 下半年');
    await page.close();
  }, 120_000);

  it('lets the 市交通局 liaison record a special-study meeting in 2025-H2 with a PDF', async () => {
    const page = await liaison.newPage();
    reportServerLogs(() => page);
    const pdfPath = path.join(tempDir, '党组会议纪要.pdf');
    writeFileSync(pdfPath, tinyPdf());
    await page.goto(`${server.url}/responsibility?tab=meetings`);
    await page.getByRole('button', { name: /登记会议/ }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '登记会议' });
    await form.locator('input#title').waitFor({ timeout: 15_000 });

    // The liaison's own unit is preselected; the default kind is the special study.
    expect(await form.locator('.ant-select-selection-item').first().textContent()).toContain(
      '交通局',
    );
    expect(await form.textContent()).toContain('专题研究意识形态工作');

    const heldAt = form.locator('input#heldAt');
    await heldAt.click();
    await heldAt.fill('2025-10-15 09:00');
    // Enter confirms a typed time; the picker's 确定 button is the fallback when it did not.
    await heldAt.press('Enter');
    await page.waitForTimeout(500);
    if ((await heldAt.inputValue()) !== '2025-10-15 09:00') {
      await page
        .locator('.ant-picker-dropdown:visible .ant-picker-ok button')
        .click({ timeout: 5_000 });
    }
    await expect.poll(() => heldAt.inputValue(), { timeout: 5_000 }).toBe('2025-10-15 09:00');

    await form.locator('input#title').fill('党组会议专题研究意识形态工作（2025年下半年）');
    await form
      .locator('textarea#topics')
      .fill('分析研判本单位意识形态领域形势，部署下半年重点工作');

    const [upload] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes('/api/v1/attachments?') && r.request().method() === 'POST',
      ),
      form.locator('input[type=file]').setInputFiles(pdfPath),
    ]);
    expect(upload.status()).toBe(200);
    const attachment = (await upload.json()) as { id: number; mime: string; filename: string };
    expect(attachment.mime).toBe('application/pdf');
    await form.getByText('党组会议纪要.pdf').waitFor({ timeout: 15_000 });

    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/agenda-meetings') && r.request().method() === 'POST',
      ),
      form.locator('.ant-modal-footer button.ant-btn-primary').click(),
    ]);
    expect(created.status()).toBe(200);
    const meeting = (await created.json()) as {
      kind: string;
      heldAt: string;
      attachmentIds: number[];
    };
    expect(meeting.kind).toBe('special-study');
    // 09:00 Beijing time is 01:00 UTC.
    expect(new Date(meeting.heldAt).toISOString()).toBe('2025-10-15T01:00:00.000Z');
    expect(meeting.attachmentIds).toEqual([attachment.id]);

    // The attachment downloads through the access-checked route.
    const download = await page.request.get(`${server.url}/api/v1/attachments/${attachment.id}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  }, 120_000);

  it("turns 市交通局's 责任制 cell met on the committee dashboard and saves screenshots", async () => {
    const page = await admin.newPage();
    reportServerLogs(() => page);
    await openCityView(page);
    await expect
      .poll(() => page.locator(CELL).getAttribute('data-status'), { timeout: 15_000 })
      .toBe('met');
    await page.locator('[data-testid="heatmap-chart"] canvas').first().waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'compliance-city.png'),
      fullPage: true,
    });

    // The unit's own view shows the same verdict for its 责任制 group.
    const unitId = await page.locator(CELL).getAttribute('data-unit-id');
    await page.goto(`${server.url}/compliance/unit/${unitId}?year=2025`);
    const group = page.getByTestId('unit-group-responsibility');
    await group.waitFor({ timeout: 60_000 });
    expect(await group.getAttribute('data-status')).toBe('met');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'compliance-unit.png'),
      fullPage: true,
    });
    await page.close();
  }, 120_000);
});
