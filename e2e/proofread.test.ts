import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
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
// 😀 before the miswritings: offsets from the server count code points, the page must still
// mark and replace the right characters in a UTF-16 string.
const DRAFT = '😀我们要深入学习新时代中国特色社会注义思想，再接再励，把各项工作做实做细。';

describe.runIf(hasBrowser)('the proofreading editor in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('gw-admin');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 20_000 });
    await page.close();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const reportServerLogs = () =>
    onTestFailed(() => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs() ?? ''}`);
    });

  const marks = (page: Page) => page.getByTestId('proof-mark');

  it('highlights a miswritten formulation and a typo, and accepts a suggestion in one click', async () => {
    reportServerLogs();
    const page = await context.newPage();
    await page.goto(`${server.url}/proofread`);
    const area = page.getByTestId('proof-text');
    await area.waitFor({ timeout: 20_000 });
    // The menu offers the editor and, to the committee admin, the dictionary.
    await expect.poll(() => page.locator('.ant-pro-sider').getByText('文稿校对').count()).toBe(1);
    expect(await page.locator('.ant-pro-sider').getByText('校对词库').count()).toBe(1);

    // Type the start, then the rest key by key: the check follows the typing (debounced).
    await area.fill(DRAFT.slice(0, 10));
    await area.pressSequentially(DRAFT.slice(10), { delay: 15 });
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);
    expect(await marks(page).evaluateAll((els) => els.map((el) => el.textContent))).toEqual([
      '新时代中国特色社会注义思想',
      '再接再励',
    ]);
    expect(await marks(page).evaluateAll((els) => els.map((el) => el.dataset.code))).toEqual([
      'formulation-error',
      'typo',
    ]);
    const findings = page.getByTestId('proof-finding');
    expect(await findings.count()).toBe(2);

    // The mark's tooltip names the rule and the suggestion.
    await marks(page).first().hover();
    const popover = page.locator('.ant-popover:visible');
    await popover.waitFor({ timeout: 10_000 });
    expect(await popover.textContent()).toContain('新时代中国特色社会主义思想');
    expect(await popover.textContent()).toContain('规则');
    await page.mouse.move(0, 0);

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'proofread.png'), fullPage: true });

    // Accept the typo's suggestion from the list: the text is corrected at the right place and
    // the finding disappears — and stays gone after the server checks the new text.
    const recheck = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/proofread') && r.request().method() === 'POST',
      { timeout: 15_000 },
    );
    await findings.filter({ hasText: '再接再励' }).getByTestId('proof-accept').click();
    expect(await area.inputValue()).toBe(DRAFT.replace('再接再励', '再接再厉'));
    await expect.poll(() => marks(page).count()).toBe(1);
    const answer = await recheck;
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as { findings: Array<{ text: string }> };
    expect(body.findings.map((f) => f.text)).toEqual(['新时代中国特色社会注义思想']);
    await expect.poll(() => findings.count()).toBe(1);
    expect(await marks(page).first().textContent()).toBe('新时代中国特色社会注义思想');

    // The inline popover accepts too; then the text is clean.
    await marks(page).first().hover();
    await page.locator('.ant-popover:visible').getByTestId('proof-accept-inline').click();
    expect(await area.inputValue()).toBe(
      DRAFT.replace('再接再励', '再接再厉').replace('社会注义', '社会主义'),
    );
    await expect.poll(() => marks(page).count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('proof-status').textContent(), { timeout: 15_000 })
      .toContain('未发现问题');
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
    await page.goto(`${server.url}/proofread`);
    const area = page.getByTestId('proof-text');
    await area.waitFor({ timeout: 20_000 });
    await area.fill(DRAFT);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    // The marks sit on the characters they mark: the layer and the textarea wrap alike.
    const [markBox, areaBox] = await Promise.all([
      marks(page).last().boundingBox(),
      area.boundingBox(),
    ]);
    expect(markBox!.x).toBeGreaterThanOrEqual(areaBox!.x);
    expect(markBox!.x + markBox!.width).toBeLessThanOrEqual(areaBox!.x + areaBox!.width + 1);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'proofread-phone.png'),
      fullPage: true,
    });
    await phone.close();
  });

  it('lists the dictionary for the committee admin, and an added entry takes effect', async () => {
    reportServerLogs();
    const page = await context.newPage();
    await page.goto(`${server.url}/proofread/dictionary`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    // The machine is shared: the first page of the dictionary can take a while under load.
    await rows.first().waitFor({ timeout: 60_000 });
    const search = page.locator('.ant-pro-query-filter input#q');
    await search.fill('四个意识');
    await search.press('Enter');
    await page
      .locator('.ant-table-tbody')
      .getByText('看齐意识', { exact: true })
      .first()
      .waitFor({ timeout: 15_000 });

    // Add an entry through the form; the editor then finds its miswriting.
    await page.getByRole('button', { name: /新增词条/ }).click();
    const form = page.locator('.ant-modal');
    await form.locator('input#canonical').fill('清廉机关');
    const wrong = form.locator('input#knownWrong');
    await wrong.fill('请廉机关');
    await wrong.press('Enter');
    await form.locator('textarea#note').fill('本市创建主题');
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/dictionary') && r.request().method() === 'POST',
      ),
      form.locator('.ant-modal-footer button.ant-btn-primary').click(),
    ]);
    expect(created.status(), await created.text()).toBe(200);
    await form.waitFor({ state: 'detached', timeout: 10_000 });

    await page.goto(`${server.url}/proofread`);
    const area = page.getByTestId('proof-text');
    await area.waitFor({ timeout: 20_000 });
    await area.fill('全面推进请廉机关建设。');
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(1);
    expect(await marks(page).first().textContent()).toBe('请廉机关');
    await page.close();
  });

  /** A fresh editor page with no kept draft. */
  const freshEditor = async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/proofread`);
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage))
        if (key.startsWith('shoutu:proofread-draft:')) localStorage.removeItem(key);
    });
    await page.reload();
    const area = page.getByTestId('proof-text');
    await area.waitFor({ timeout: 30_000 });
    return { page, area };
  };
  const FIXED = DRAFT.replace('再接再励', '再接再厉').replace('社会注义', '社会主义');

  it('keeps the draft per user across leaving the page and coming back', async () => {
    reportServerLogs();
    const { page, area } = await freshEditor();
    expect(await page.getByTestId('proof-draft-restored').count()).toBe(0);
    await area.fill(DRAFT);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);
    // Leave through the menu to another page, then come back the same way.
    await page.locator('.ant-pro-sider').getByText('单位管理').first().click();
    await page.waitForURL((url) => !url.pathname.startsWith('/proofread'), { timeout: 15_000 });
    await page.locator('.ant-pro-sider').getByText('文稿校对').first().click();
    await area.waitFor({ timeout: 20_000 });
    expect(await area.inputValue()).toBe(DRAFT);
    // Leaving the app altogether (another address, then back) restores it, and says so.
    await page.goto(`${server.url}/`);
    await page.locator('.ant-pro-sider').waitFor({ timeout: 20_000 });
    await page.goto(`${server.url}/proofread`);
    await area.waitFor({ timeout: 30_000 });
    expect(await area.inputValue()).toBe(DRAFT);
    await page.getByTestId('proof-draft-restored').waitFor({ timeout: 10_000 });
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);
    // It is stored under this user's id only.
    const me = (await (await page.request.get(`${server.url}/api/v1/me`)).json()) as {
      id: number;
    };
    const keys = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('shoutu:proofread-draft:')),
    );
    expect(keys).toEqual([`shoutu:proofread-draft:${me.id}`]);
    await page.close();
  });

  it('undoes and redoes an accepted suggestion, and accepts all suggestions as one step', async () => {
    reportServerLogs();
    const { page, area } = await freshEditor();
    const undo = page.getByTestId('proof-undo');
    const redo = page.getByTestId('proof-redo');
    await area.fill(DRAFT);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);

    await page
      .getByTestId('proof-finding')
      .filter({ hasText: '再接再励' })
      .getByTestId('proof-accept')
      .click();
    expect(await area.inputValue()).toBe(DRAFT.replace('再接再励', '再接再厉'));
    await undo.click();
    expect(await area.inputValue()).toBe(DRAFT);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);
    await redo.click();
    expect(await area.inputValue()).toBe(DRAFT.replace('再接再励', '再接再厉'));
    expect(await redo.isDisabled()).toBe(true);
    // The keyboard undoes too.
    await area.focus();
    await page.keyboard.press('Control+z');
    expect(await area.inputValue()).toBe(DRAFT);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);

    const all = page.getByTestId('proof-accept-all');
    expect(await all.textContent()).toContain('2');
    await all.click();
    expect(await area.inputValue()).toBe(FIXED);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(0);
    expect(await all.isDisabled()).toBe(true);
    await undo.click();
    expect(await area.inputValue()).toBe(DRAFT);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);
    await page.close();
  });

  it('reads an uploaded Word file and exports the corrected text as Word (round trip)', async () => {
    reportServerLogs();
    const { page, area } = await freshEditor();
    const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-docx-'));
    const original = path.join(dir, '来稿.docx');
    writeFileSync(
      original,
      await Packer.toBuffer(
        new Document({
          sections: [
            {
              children: [
                new Paragraph({
                  children: [
                    new TextRun('😀我们要深入学习'),
                    new TextRun({ text: '新时代中国特色社会注义思想', bold: true }),
                    new TextRun('，再接再励，'),
                  ],
                }),
                new Paragraph('把各项工作做实做细。'),
              ],
            },
          ],
        }),
      ),
    );
    const uploaded = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/proofread/docx') && r.request().method() === 'POST',
      { timeout: 15_000 },
    );
    await page.locator('input[type=file]').setInputFiles(original);
    expect((await uploaded).status()).toBe(200);
    const twoLines = '😀我们要深入学习新时代中国特色社会注义思想，再接再励，\n把各项工作做实做细。';
    await expect.poll(() => area.inputValue(), { timeout: 10_000 }).toBe(twoLines);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(2);

    await page.getByTestId('proof-accept-all').click();
    const corrected = twoLines.replace('再接再励', '再接再厉').replace('社会注义', '社会主义');
    expect(await area.inputValue()).toBe(corrected);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.getByTestId('proof-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('校对稿.docx');
    const exported = path.join(dir, 'exported.docx');
    await download.saveAs(exported);
    expect(readFileSync(exported).subarray(0, 2).toString()).toBe('PK');

    // The exported file reads back as the same text.
    await area.fill('');
    const again = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/proofread/docx') && r.request().method() === 'POST',
      { timeout: 15_000 },
    );
    await page.locator('input[type=file]').setInputFiles(exported);
    expect((await again).status()).toBe(200);
    await expect.poll(() => area.inputValue(), { timeout: 10_000 }).toBe(corrected);
    await expect.poll(() => marks(page).count(), { timeout: 15_000 }).toBe(0);
    await page.close();
  });
});
