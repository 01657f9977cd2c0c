// What a new user hit on the committee dashboard and in the web shell (issue 9, items 9, 14–17,
// 19, 22), checked in Chromium against a real server with the demo city, at 1440×900 and 390×844.
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
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
/** A unit name that is markup: it must reach the page as text, never as an element. */
const EVIL_SUFFIX = '<img src=x onerror="window.__shoutuXss=1">';

describe.runIf(hasBrowser)('committee dashboard and web shell, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  /** Where signing in took each account. */
  const landedOn = new Map<string, string>();

  beforeAll(async () => {
    // SHOUTU_E2E_URL points the suite at a server already running the demo (for iterating on
    // the pages); otherwise it starts its own on a fresh database, as CI does.
    const external = process.env.SHOUTU_E2E_URL;
    [server, browser] = await Promise.all([
      external
        ? Promise.resolve({ url: external, startupMs: 0, logs: () => '', close: async () => {} })
        : startTestServer(),
      launchBrowser(),
    ]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const reportOnFailure = (page: () => Page | undefined) =>
    onTestFailed(async () => {
      console.error(`--- shoutu serve 输出 ---\n${server?.logs().slice(-5000) ?? ''}`);
      const open = page();
      if (open && !open.isClosed()) {
        const file = path.join(SCREENSHOT_DIR, `failure-${Date.now()}.png`);
        await open.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`失败时的页面截图：${file}（${open.url()}）`);
      }
    });

  /** A signed-in context per account and viewport (the login lands wherever the app sends it). */
  async function signedIn(username: string, viewport = DESKTOP): Promise<BrowserContext> {
    const key = `${username}@${viewport.width}`;
    const known = contexts.get(key);
    if (known) return known;
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 30_000 });
    // Where the app settles (the old shell redirected '/' on to the first module).
    await page.locator('.ant-pro-layout').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1_000);
    landedOn.set(username, new URL(page.url()).pathname);
    await page.close();
    contexts.set(key, context);
    return context;
  }

  async function api<T>(page: Page, url: string): Promise<T> {
    const response = await page.request.get(`${server.url}/api/v1${url}`);
    expect(response.status(), url).toBe(200);
    return (await response.json()) as T;
  }

  /** A change through the API as the page's user (the web client's CSRF header included). */
  const send = (page: Page, method: string, url: string, body: unknown) =>
    page.evaluate(
      async ({ method, url, body }) => {
        const csrf = document.cookie.match(/(?:^|; )shoutu_csrf=([^;]+)/)?.[1] ?? '';
        const response = await fetch(`/api/v1${url}`, {
          method,
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': decodeURIComponent(csrf),
          },
          body: JSON.stringify(body),
        });
        return { status: response.status, text: await response.text() };
      },
      { method, url, body },
    );

  const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

  /** Is the element's centre really on screen and not covered (clipped tables fail this)? */
  const reallyVisible = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return !!hit && (hit === el || el.contains(hit));
    }, selector);

  async function openCity(page: Page, year = 2026) {
    await page.goto(`${server.url}/compliance?year=${year}`);
    await page.locator('button.compliance-cell').first().waitFor({ timeout: 90_000 });
  }

  const selectedMenuItems = (page: Page) =>
    page.locator('.ant-pro-sider .ant-menu-item-selected').allTextContents();

  // ------------------------------------------------------------------------------ item 22
  it('each role lands on 首页 with its own to-do list (committee, liaison, leader)', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);

    // The committee: units with overdue items, as many as the city view has.
    page = await (await signedIn('gw-admin')).newPage();
    await page.goto(`${server.url}/`);
    const units = page.getByTestId('home-overdue-units');
    await expect.poll(() => units.getAttribute('data-count'), { timeout: 90_000 }).not.toBeNull();
    expect(new URL(page.url()).pathname).toBe('/');
    const city = await api<{ ranking: { unitId: number; overdue: number }[] }>(
      page,
      `/compliance/city?year=${new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()}`,
    );
    const overdueUnits = city.ranking.filter((r) => r.overdue > 0).length;
    expect(overdueUnits).toBeGreaterThan(0);
    expect(Number(await units.getAttribute('data-count'))).toBe(overdueUnits);
    expect(await selectedMenuItems(page)).toEqual(['首页']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home-committee-1440.png') });
    await page.close();

    // The liaison of 市交通局: the unit's items due soon and overdue.
    page = await (await signedIn('jtj-lly')).newPage();
    await page.goto(`${server.url}/`);
    const todo = page.getByTestId('home-unit-todo');
    await expect.poll(() => todo.getAttribute('data-count'), { timeout: 60_000 }).not.toBeNull();
    const me = await api<{ roles: { role: string; unitId: number }[] }>(page, '/me');
    const unitId = me.roles.find((r) => r.role === 'unit_liaison')!.unitId;
    const view = await api<{ requirements: { status: string }[] }>(
      page,
      `/compliance/unit/${unitId}`,
    );
    const due = view.requirements.filter((r) => r.status === 'overdue' || r.status === 'due-soon');
    expect(Number(await todo.getAttribute('data-count'))).toBe(due.length);
    expect(await todo.locator('tr.ant-table-row').count()).toBe(Math.min(10, due.length));
    expect(await page.getByTestId('home-letters').count()).toBe(0);
    await page.close();

    // The liaison of the unit with the most overdue items sees every one of them first.
    page = await (await signedIn('gw-admin')).newPage();
    const worst = [...city.ranking].sort((a, b) => b.overdue - a.overdue)[0] as {
      unitId: number;
      overdue: number;
    };
    const people = await api<{ items: { username: string | null; roles: { role: string }[] }[] }>(
      page,
      `/people?unitId=${worst.unitId}&page=1&pageSize=100`,
    );
    await page.close();
    const liaison = people.items.find((p) => p.roles.some((r) => r.role === 'unit_liaison'));
    expect(liaison?.username, '逾期最多的单位应有联络员账号').toBeTruthy();
    page = await (await signedIn(liaison!.username!)).newPage();
    await page.goto(`${server.url}/`);
    const worstTodo = page.getByTestId('home-unit-todo');
    await expect
      .poll(() => worstTodo.getAttribute('data-count'), { timeout: 60_000 })
      .not.toBeNull();
    expect(Number(await worstTodo.getAttribute('data-count'))).toBeGreaterThanOrEqual(
      worst.overdue,
    );
    const firstRows = await worstTodo
      .locator('tr.ant-table-row [data-status]')
      .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-status')));
    expect(firstRows.slice(0, Math.min(10, worst.overdue))).toEqual(
      new Array(Math.min(10, worst.overdue)).fill('overdue'),
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home-liaison-1440.png') });
    await page.close();

    // The unit's leader: letters still to sign, besides the unit's items. The demo has every
    // letter of this year signed, so the committee first takes one signature back.
    page = await (await signedIn('gw-admin')).newPage();
    await page.goto(`${server.url}/`);
    const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const signedLetters = await api<{ items: { id: number }[] }>(
      page,
      `/responsibility-letters?unitId=${unitId}&year=${thisYear}&status=signed&page=1&pageSize=1`,
    );
    expect(signedLetters.items.length).toBe(1);
    const reopened = await send(
      page,
      'PATCH',
      `/responsibility-letters/${signedLetters.items[0]!.id}`,
      {
        status: 'pending',
        signedOn: null,
      },
    );
    expect(reopened.status, reopened.text).toBe(200);
    await page.close();
    page = await (await signedIn('jtj-ld')).newPage();
    await page.goto(`${server.url}/`);
    const letters = page.getByTestId('home-letters');
    await expect.poll(() => letters.getAttribute('data-count'), { timeout: 60_000 }).not.toBeNull();
    const leaderMe = await api<{ roles: { role: string; unitId: number }[] }>(page, '/me');
    const leaderUnit = leaderMe.roles.find((r) => r.role === 'unit_leader')!.unitId;
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const pending = await api<{ total: number }>(
      page,
      `/responsibility-letters?unitId=${leaderUnit}&year=${year}&status=pending&page=1&pageSize=1`,
    );
    expect(pending.total).toBeGreaterThan(0);
    expect(Number(await letters.getAttribute('data-count'))).toBe(pending.total);
    expect(await letters.locator('tr.ant-table-row').count()).toBe(Math.min(10, pending.total));
    await page.getByTestId('home-unit-todo').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home-leader-1440.png') });
    await page.close();
    // Signing in took every one of them to 首页, not to 单位管理.
    for (const username of ['gw-admin', 'jtj-lly', 'jtj-ld'])
      expect(landedOn.get(username)).toBe('/');
  }, 240_000);

  it('highlights exactly one menu item on 考核要求 and on 校对词库', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin')).newPage();
    for (const [url, label] of [
      ['/compliance/rules', '考核要求'],
      ['/proofread/dictionary', '校对词库'],
      ['/compliance', '合规总览'],
    ] as const) {
      await page.goto(`${server.url}${url}`);
      await page.locator('.ant-pro-sider .ant-menu-item').first().waitFor({ timeout: 30_000 });
      await expect.poll(() => selectedMenuItems(page!), { timeout: 10_000 }).toEqual([label]);
    }
    await page.close();
  }, 120_000);

  // ------------------------------------------------------------------------------ item 9
  it('a unit named like markup shows as text in the heat-map tooltip: no element, no handler', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin')).newPage();
    await page.goto(`${server.url}/`);
    const found = await api<{ items: { id: number; name: string }[] }>(
      page,
      `/units?q=${encodeURIComponent('统计局')}&page=1&pageSize=5`,
    );
    const target = found.items.find((u) => u.name.startsWith('江城市统计局'))!;
    expect(target, '演示城市应有江城市统计局').toBeTruthy();
    const evilName = `江城市统计局${EVIL_SUFFIX}`;
    const status = await page.evaluate(
      async ({ id, name }) => {
        const csrf = document.cookie.match(/(?:^|; )shoutu_csrf=([^;]+)/)?.[1] ?? '';
        const response = await fetch(`/api/v1/units/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
          body: JSON.stringify({ name }),
        });
        return response.status;
      },
      { id: target.id, name: evilName },
    );
    expect(status).toBe(200);

    await openCity(page);
    const city = await api<{ units: { id: number; name: string }[] }>(
      page,
      '/compliance/city?year=2026',
    );
    const row = city.units.findIndex((u) => u.id === target.id);
    expect(row).toBeGreaterThanOrEqual(0);
    expect(city.units[row]!.name).toBe(evilName);

    // Hover the unit's 载体建设 square. The chart is a canvas: scan down the right-hand column
    // around the unit's row (grid top 32 px + axis labels, bottom 48 px) until its tooltip shows.
    const chart = page.locator('[data-testid="heatmap-chart"] > div').first();
    await chart.locator('canvas').first().waitFor();
    const box = (await chart.boundingBox())!;
    const band = (box.height - 32 - 48) / city.units.length;
    const x = box.x + box.width - 30;
    const tooltip = page
      .locator('[data-testid="heatmap-chart"] div')
      .filter({ hasText: '江城市统计局' })
      .last();
    let shown = false;
    const estimate = box.y + 32 + (row + 0.5) * band;
    for (let dy = -2 * band; dy <= 3 * band && !shown; dy += band / 3) {
      await page.mouse.move(x, estimate + dy);
      await page.waitForTimeout(250);
      shown = (await tooltip.count()) > 0 && (await tooltip.isVisible());
    }
    expect(shown, '悬停热力图色块应显示该单位的提示框').toBe(true);
    expect(await tooltip.textContent()).toContain(EVIL_SUFFIX);
    expect(await tooltip.locator('img').count()).toBe(0);
    expect(await page.locator('[data-testid="heatmap-chart"] img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as { __shoutuXss?: number }).__shoutuXss)).toBe(
      undefined,
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'heatmap-tooltip-escaped.png') });
    await page.close();
  }, 180_000);

  // ------------------------------------------------------------------------------ items 15, 16
  it('lists only units a requirement applies to; each cell shows one state and its count; the rate agrees', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin')).newPage();
    await openCity(page);
    const view = await api<{
      units: { id: number }[];
      summary: { units: number; met: number; dueSoon: number; overdue: number; share: number };
    }>(page, '/compliance/city?year=2026');

    const rows = await page.evaluate(() => {
      const byUnit = new Map<string, { status: string; count: string; text: string }[]>();
      for (const cell of document.querySelectorAll<HTMLElement>('button.compliance-cell')) {
        const list = byUnit.get(cell.dataset.unitId!) ?? [];
        list.push({
          status: cell.dataset.status!,
          count: cell.dataset.count!,
          text: cell.textContent ?? '',
        });
        byUnit.set(cell.dataset.unitId!, list);
      }
      return [...byUnit.values()];
    });
    // 单位数 is the number of rows, and no row is 不适用 throughout (the committee's departments).
    expect(rows.length).toBe(view.units.length);
    expect(view.summary.units).toBe(view.units.length);
    expect(rows.filter((cells) => cells.every((c) => c.status === 'not-applicable'))).toEqual([]);

    const label: Record<string, string> = {
      met: '已完成',
      'due-soon': '临期',
      overdue: '逾期',
      'not-yet-due': '未到期',
    };
    for (const cell of rows.flat()) {
      expect(cell.text).not.toContain('%');
      if (cell.status === 'not-applicable') expect(cell.text).toBe('不适用');
      else expect(cell.text).toBe(`${label[cell.status]} ${cell.count} 项`);
    }
    const s = view.summary;
    expect(s.share).toBe(Math.round((s.met / (s.met + s.dueSoon + s.overdue)) * 1000) / 10);
    const summaryText = (await page.getByTestId('city-summary').textContent()) ?? '';
    expect(summaryText).toContain(`单位数${s.units}`);
    expect(summaryText).toContain('完成率 = 已完成 ÷（已完成 + 临期 + 逾期）');
    await page.close();
  }, 120_000);

  // ------------------------------------------------------------------------------ item 14
  it('a drill-down record opens its ledger filtered to unit, year and kind, the record highlighted', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin')).newPage();
    await openCity(page, 2025);
    await page
      .locator('button.compliance-cell[data-unit-short="市交通局"][data-group="responsibility"]')
      .click();
    const drawer = page.getByTestId('cell-detail');
    await drawer.waitFor({ timeout: 30_000 });
    // A meeting: its ledger has a kind filter as well as unit and year.
    const meetingLink = '[data-testid="ledger-link"][href*="tab=meetings"]';
    const link = drawer.locator(meetingLink).first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    const target = new URL(href, server.url);
    const kindLabel: Record<string, string> = {
      'special-study': '专题研究意识形态工作',
      analysis: '意识形态工作分析研判会',
    };
    expect(Object.keys(kindLabel)).toContain(target.searchParams.get('kind'));
    expect(target.searchParams.get('unitId')).toMatch(/^\d+$/);
    expect(target.searchParams.get('year')).toBe('2025');
    expect(target.searchParams.get('highlight')).toMatch(/^\d+$/);
    const recordUnit =
      (await drawer
        .locator('tr.ant-table-row', { has: page.locator(meetingLink) })
        .first()
        .locator('td')
        .nth(2)
        .textContent()) ?? '';
    expect(recordUnit).not.toBe('');
    await link.click();
    await page.waitForURL((url) => url.searchParams.has('highlight'));
    const highlighted = page.locator('tr[data-highlighted="true"]');
    await highlighted.waitFor({ timeout: 30_000 });
    expect(await highlighted.getAttribute('data-row-key')).toBe(
      target.searchParams.get('highlight'),
    );
    // The list is filtered: every row shown belongs to the record's unit.
    const rows = await page.locator('tr.ant-table-row').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const text of rows) {
      expect(text).toContain(recordUnit);
      expect(text).toContain(kindLabel[target.searchParams.get('kind')!]);
    }
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'drilldown-ledger-1440.png') });
    await page.close();
  }, 120_000);

  // ------------------------------------------------------------------------------ item 17
  it('at 1440×900 tables keep 状态/编辑 and 操作 in view and show that they scroll; the drawer fits', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin')).newPage();
    await page.goto(`${server.url}/org/people`);
    await page.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
    expect(await reallyVisible(page, 'tr.ant-table-row td:last-child button')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'people-1440.png') });

    await page.goto(`${server.url}/study?tab=sessions`);
    await page.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
    expect(
      await reallyVisible(
        page,
        'tr.ant-table-row td:last-child a, tr.ant-table-row td:last-child button',
      ),
    ).toBe(true);
    // Columns that do not fit (出勤, 附件) are behind a visible scroll edge, not cut off silently.
    const scrolls = await page.evaluate(() => {
      const content = document.querySelector<HTMLElement>('.ant-table-content');
      const wrapper = document.querySelector('.ant-table');
      return {
        overflow: content ? content.scrollWidth > content.clientWidth : false,
        pinged: wrapper?.className.includes('ant-table-ping-right') ?? false,
      };
    });
    if (scrolls.overflow) expect(scrolls.pinged).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'study-1440.png') });

    await openCity(page, 2025);
    await page
      .locator('button.compliance-cell[data-unit-short="市交通局"][data-group="study"]')
      .click();
    await page.getByTestId('cell-requirements').locator('tr.ant-table-row').first().waitFor();
    // The drawer slides in: the state tag is judged once the motion has ended.
    await expect
      .poll(
        () =>
          reallyVisible(
            page!,
            '[data-testid="cell-requirements"] tr.ant-table-row td:last-child .ant-tag',
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'drawer-1440.png') });
    await page.close();
  }, 180_000);

  it('at 390×844 合规总览 fits the screen and the menu drawer closes after choosing a page', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin', PHONE)).newPage();
    await openCity(page);
    await page.waitForTimeout(500);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'compliance-390.png') });

    await page.goto(`${server.url}/`);
    await page.getByTestId('home').waitFor({ timeout: 60_000 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.locator('.ant-pro-global-header-collapsed-button').click();
    const menuDrawer = page.locator('.ant-drawer').filter({ has: page.locator('.ant-menu') });
    const item = menuDrawer.locator('.ant-menu-item').filter({ hasText: '理论武装' });
    await item.waitFor({ state: 'visible' });
    await item.click();
    await page.waitForURL((url) => url.pathname === '/study');
    await expect
      .poll(() => menuDrawer.locator('.ant-drawer-content-wrapper').isVisible(), { timeout: 5_000 })
      .toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'study-390.png') });

    await page.goto(`${server.url}/org/people`);
    await page.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  }, 180_000);

  // ------------------------------------------------------------------------------ item 19
  it('the rule form speaks Chinese: record-type choices, plain deadlines, 最少次数 at least 1', async () => {
    let page: Page | undefined;
    reportOnFailure(() => page);
    page = await (await signedIn('gw-admin')).newPage();
    await page.goto(`${server.url}/compliance/rules`);
    const table = page.locator('.ant-table');
    await table.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    const text = (await table.textContent()) ?? '';
    expect(text).not.toMatch(/[a-z]+:[a-z*-]+/);
    expect(text).toContain('次年 1 月 31 日前');
    expect(text).toContain('当年 3 月 31 日前');
    expect(text).not.toContain('-275');

    const row = table.locator('tr.ant-table-row').filter({ hasText: '意识形态干部培训' });
    await row.getByRole('button', { name: /修改/ }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '修改（新版本）' });
    await form.locator('#minCount').waitFor();
    // The record type is a choice shown in Chinese, not a code in a text box.
    expect(await form.locator('.ant-select-selection-item').allTextContents()).toContain(
      '意识形态干部培训',
    );
    const values = await form
      .locator('input')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values.join(' ')).not.toMatch(/[a-z]+:[a-z*-]+/);
    expect(await form.getByTestId('deadline-preview').textContent()).toContain('截止：');

    let saved = false;
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/api/v1/requirements/')) saved = true;
    });
    await form.locator('#minCount').fill('0');
    await form.locator('.ant-modal-footer button.ant-btn-primary').click();
    await form.getByText('最少次数应至少为 1').waitFor({ timeout: 5_000 });
    expect(saved).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'rule-form-1440.png') });
    await page.close();
  }, 120_000);
});
