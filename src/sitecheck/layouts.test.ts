import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProofreader } from '../proofread/index.js';
import {
  bossSite,
  jcmsSite,
  type LayoutSite,
  NOW,
  PLANTED,
  REAL_PAGES,
  type Routes,
  serveRoutes,
  trsSite,
} from './fixtures/gov-layouts.js';
import { checkSite, type SiteCheckReport } from './index.js';

const proofreader = defaultProofreader();
const textChecker = (text: string) => proofreader.check(text);

function layout(name: string, build: (base: string) => Routes) {
  const state = {} as { site: LayoutSite; report: SiteCheckReport };
  beforeAll(async () => {
    state.site = await serveRoutes(build);
    state.report = await checkSite({
      url: `${state.site.base}/`,
      now: NOW,
      allowPrivate: true,
      textChecker,
      limits: { timeoutMs: 5000 },
    });
  });
  afterAll(() => state.site.close());
  const findings = (code: string) => state.report.findings.filter((f) => f.code === code);
  const column = (columnName: string) => state.report.columns.find((c) => c.name === columnName);
  return { state, findings, column, name };
}

describe('TRS WCM layout: plain <div> navigation, news list on the homepage, createPageHTML', () => {
  const { state, findings, column } = layout('trs', trsSite);

  it('takes the columns from the navigation that recurs on every page, never from article links', () => {
    expect(state.report.columns.map((c) => c.name)).toEqual([
      '政务动态',
      '通知公告',
      '政策文件',
      '规划计划',
      '人事信息',
      '走进县情',
    ]);
    for (const c of state.report.columns) expect(c.url).not.toMatch(/\/t\d{8}_\d+\.html$/);
  });

  it('follows createPageHTML pages on every column: all items counted, page 2 proofread', () => {
    expect(column('政务动态')).toMatchObject({
      kind: 'news',
      items: 45,
      lastUpdated: '2026-11-20',
    });
    expect(column('政策文件')).toMatchObject({ kind: 'policies', items: 20 });
    expect(findings('formulation-error').map((f) => [f.text, new URL(f.page).pathname])).toEqual([
      [PLANTED, '/zcwj/202607/t20260702_3017.html'],
    ]);
    expect(state.site.requests).toContain('/zwdt/index_2.html');
  });

  it('reports the stale columns only; no blank columns on articles; a fresh homepage', () => {
    // 人事信息's newest entry is the real 2022 article: more than 365 days old.
    expect(findings('column-stale').map((f) => f.name)).toEqual(['规划计划', '人事信息']);
    expect(findings('column-blank')).toEqual([]);
    expect(findings('home-stale')).toEqual([]);
  });

  it('dates an undated list from its real TRS article page', () => {
    expect(column('人事信息')).toMatchObject({ items: 1, lastUpdated: REAL_PAGES.trs[1] });
    expect(column('通知公告')).toMatchObject({ items: 3, lastUpdated: '2026-11-18' });
  });
});

describe('Jcms layout: <dl>/<dd> navigation, records in a text/xml datastore, data proxy', () => {
  const { state, findings, column } = layout('jcms', jcmsSite);

  it('takes the <dl> navigation as columns', () => {
    expect(state.report.columns.map((c) => c.name)).toEqual([
      '政务公开',
      '工作动态',
      '通知公告',
      '政策文件',
      '人事信息',
      '机构职能',
    ]);
  });

  it('reads the datastore records and the data-proxy group beyond them', () => {
    expect(column('工作动态')).toMatchObject({
      kind: 'news',
      items: 50,
      lastUpdated: '2026-11-25',
    });
    expect(findings('formulation-error').map((f) => f.text)).toEqual([PLANTED]);
    expect(state.site.requests.some((r) => r.includes('startrecord=46'))).toBe(true);
  });

  it('finds the blank column and the stale notices', () => {
    expect(findings('column-blank').map((f) => f.name)).toEqual(['政策文件']);
    expect(findings('column-stale').map((f) => f.name)).toEqual(['通知公告']);
    expect(column('人事信息')).toMatchObject({ items: 1, lastUpdated: '2026-06-01' });
    expect(findings('home-stale')).toEqual([]);
  });
});

describe('博思-style layout: GBK pages, pageCount pager', () => {
  const { state, findings, column } = layout('boss', bossSite);

  it('takes the navigation as columns and follows the pageCount pager', () => {
    expect(state.report.columns.map((c) => c.name)).toEqual([
      '工作动态',
      '通知公告',
      '政策法规',
      '规划计划',
      '互动交流',
    ]);
    expect(column('工作动态')).toMatchObject({ items: 36, lastUpdated: '2026-11-26' });
    expect(findings('formulation-error').map((f) => f.text)).toEqual([PLANTED]);
    expect(findings('column-stale')).toEqual([]);
    expect(findings('link-broken')).toEqual([]);
  });
});

describe('a column listing only short undated titles', () => {
  it('keeps them as entries (a group of links that is no menu)', async () => {
    const site = await serveRoutes((_base) => {
      const routes: Routes = new Map();
      const frame = (body: string) =>
        `<!doctype html><html><head><meta charset="utf-8"><title>某局</title></head><body>
<div class="w1200"><a href="/">首页</a><a href="/tzgg/">通知公告</a><a href="/gzdt/">工作动态</a><a href="/jgzn/">机构职能</a></div>${body}</body></html>`;
      routes.set('/', { body: frame('<p>欢迎访问</p>') });
      routes.set('/tzgg/', {
        body: frame(
          '<ul><li><a href="/tzgg/1.html">停水通知</a></li><li><a href="/tzgg/2.html">放假通知</a></li><li><a href="/tzgg/3.html">招聘公告</a></li></ul>',
        ),
      });
      for (const [n, date] of [
        ['1', '2026-11-20'],
        ['2', '2026-10-01'],
        ['3', '2026-09-01'],
      ])
        routes.set(`/tzgg/${n}.html`, {
          body: frame(`<h1>通知</h1><p>发布时间：${date}</p><p>正文内容。</p>`),
        });
      routes.set('/gzdt/', {
        body: frame(
          '<ul><li><a href="/gzdt/1.html">某局召开全体干部大会部署工作</a><span>2026-11-25</span></li></ul>',
        ),
      });
      routes.set('/gzdt/1.html', { body: frame('<h1>大会</h1><p>发布时间：2026-11-25</p>') });
      routes.set('/jgzn/', { body: frame('<p>主要职责</p>') });
      return routes;
    });
    try {
      const report = await checkSite({ url: `${site.base}/`, now: NOW, allowPrivate: true });
      const notices = report.columns.find((c) => c.name === '通知公告');
      expect(notices).toMatchObject({ items: 3, lastUpdated: '2026-11-20' });
      expect(report.findings.filter((f) => f.code === 'column-blank')).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
