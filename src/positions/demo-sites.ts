// The demo city's synthetic unit websites. In demo mode the server itself serves a handful of
// government-style sites under /demo-sites/<key>/ (outside /api/v1: public, read-only pages, not
// API routes), so a newcomer's `npm start` can run a real website check without the internet.
// Six are designed with the demo's story in mind (DEMO_SITES); every other demo unit gets a small
// generated one (otherDemoSites) so the whole demo city's nightly checks read real pages.
// Everything is generated from the site's key and "today": navigation of columns, paginated lists
// with dated items, articles — and planted defects (stale columns, a blank column, broken links,
// a formulation error from the proofreading dictionary) that a check finds.
import type { FastifyInstance } from 'fastify';
import { demoCity } from '../demo/city.js';
import { createRandom, seedFromString } from '../demo/random.js';
import type { Clock } from '../platform/clock.js';
import { columnKind } from '../sitecheck/columns.js';
import type { ColumnKind, Finding, StaleLimits } from '../sitecheck/types.js';
import { defaultStaleLimits } from '../sitecheck/types.js';
import { beijingDay } from './service.js';

export const DEMO_SITES_PREFIX = '/demo-sites';
/** List items per listing page. */
const PER_PAGE = 15;
const DAY = 86_400_000;

interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** 0: a blank column (暂无信息). */
  items: number;
  /** Days between "today" and the newest item. */
  ageDays: number;
  /** Days between consecutive items. */
  gapDays: number;
}

export interface DemoSite {
  key: string;
  /** The demo unit (src/demo/city.ts key) whose website this is. */
  unitKey: string;
  title: string;
  columns: ColumnSpec[];
  /** A homepage link to a page that is gone. */
  brokenHomeLink: boolean;
  /** An article's attachment link that is gone. */
  brokenAttachment: boolean;
  /** An article carries a formulation error the proofreading dictionary knows. */
  formulationError: boolean;
}

/** Column names and kinds a municipal organ's site has; each site takes its own subset. */
const COLUMN_POOL = [
  '工作动态',
  '通知公告',
  '政策文件',
  '规划计划',
  '人事信息',
  '部门要闻',
  '媒体资讯',
  '公示公告',
].map((name) => [name, columnKind(name)] as const);

/** Fresh and stale ages per kind, well inside and well outside the national limits. */
function ageOf(kind: ColumnKind, stale: boolean, k: number): number {
  const limit = kind === 'other' ? 90 : (defaultStaleLimits as StaleLimits)[kind];
  return stale ? limit + 12 + ((k * 7) % 40) : Math.max(1, Math.floor(limit / 5) - (k % 3));
}
function gapOf(kind: ColumnKind): number {
  return kind === 'news' ? 3 : kind === 'notices' ? 9 : kind === 'other' ? 12 : 24;
}

/**
 * The sites, by key: defects chosen so the demo tells a story — 市粮食和物资储备局 (exemplary) is
 * clean, 市体育局 (a laggard) has five stale columns (the aggregate veto), the others one or two.
 */
const PLAN: {
  key: string;
  unitKey: string;
  title: string;
  columns: number;
  stale: number[];
  blank: number[];
  brokenHomeLink: boolean;
  brokenAttachment: boolean;
  formulationError: boolean;
}[] = [
  {
    key: 'jtj',
    unitKey: 'jtj',
    title: '江城市交通局',
    columns: 7,
    stale: [5],
    blank: [],
    brokenHomeLink: true,
    brokenAttachment: false,
    formulationError: false,
  },
  {
    key: 'fl',
    unitKey: 'fl',
    title: '江城市妇女联合会',
    columns: 6,
    stale: [],
    blank: [5],
    brokenHomeLink: false,
    brokenAttachment: true,
    formulationError: false,
  },
  {
    key: 'tyj',
    unitKey: 'tyj',
    title: '江城市体育局',
    columns: 8,
    stale: [1, 2, 3, 5, 6],
    blank: [7],
    brokenHomeLink: true,
    brokenAttachment: true,
    formulationError: true,
  },
  {
    key: 'rfb',
    unitKey: 'rfb',
    title: '江城市人民防空办公室',
    columns: 6,
    stale: [1],
    blank: [5],
    brokenHomeLink: false,
    brokenAttachment: false,
    formulationError: true,
  },
  {
    key: 'lsj',
    unitKey: 'lsj',
    title: '江城市粮食和物资储备局',
    columns: 7,
    stale: [],
    blank: [],
    brokenHomeLink: false,
    brokenAttachment: false,
    formulationError: false,
  },
  {
    key: 'dag',
    unitKey: 'dag',
    title: '江城市档案馆',
    columns: 6,
    stale: [0],
    blank: [],
    brokenHomeLink: true,
    brokenAttachment: false,
    formulationError: false,
  },
];

export const DEMO_SITES: readonly DemoSite[] = PLAN.map((p, s) => ({
  key: p.key,
  unitKey: p.unitKey,
  title: p.title,
  brokenHomeLink: p.brokenHomeLink,
  brokenAttachment: p.brokenAttachment,
  formulationError: p.formulationError,
  columns: COLUMN_POOL.slice(0, p.columns).map(([name, kind], i) => {
    const stale = p.stale.includes(i);
    return {
      name,
      kind,
      items: p.blank.includes(i) ? 0 : 18 + ((s * 13 + i * 7) % 30),
      ageDays: ageOf(kind, stale, s + i),
      gapDays: gapOf(kind),
    };
  }),
}));

let others: Map<string, DemoSite> | undefined;

/**
 * Every other demo unit's website: a smaller generated site, mostly in order (now and then one
 * stale or blank column, or a broken homepage link), so that the nightly checks of the demo city
 * read real pages instead of failing on made-up hosts. Unit names do not depend on the seed.
 */
export function otherDemoSites(): Map<string, DemoSite> {
  if (others) return others;
  others = new Map();
  const designed = new Set(DEMO_SITES.map((s) => s.unitKey));
  for (const unit of demoCity().units) {
    if (unit.kind !== 'unit' && unit.kind !== 'committee') continue;
    if (designed.has(unit.key)) continue;
    const rng = createRandom(seedFromString(`demo-sites:${unit.key}`));
    const count = rng.int(5, 6);
    const stale = rng.next() < 0.3 ? rng.int(1, count - 1) : -1;
    const blank = rng.next() < 0.15 ? count - 1 : -1;
    others.set(unit.key, {
      key: unit.key,
      unitKey: unit.key,
      title: unit.name,
      brokenHomeLink: rng.next() < 0.2,
      brokenAttachment: false,
      formulationError: false,
      columns: COLUMN_POOL.slice(0, count).map(([name, kind], i) => ({
        name,
        kind,
        items: i === blank ? 0 : rng.int(8, 20),
        ageDays: ageOf(kind, i === stale, rng.int(0, 9)),
        gapDays: gapOf(kind),
      })),
    });
  }
  return others;
}

export function demoSite(key: string): DemoSite | undefined {
  return DEMO_SITES.find((s) => s.key === key) ?? otherDemoSites().get(key);
}

// ------------------------------------------------------------------ content

const pad2 = (n: number) => String(n).padStart(2, '0');
function daysBefore(today: string, days: number): string {
  const d = new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const SUBJECTS = [
  '召开意识形态工作专题会议',
  '开展理论学习中心组集体学习',
  '部署年度重点工作任务',
  '组织党员干部专题培训',
  '推进政务公开标准化建设',
  '开展安全生产大检查',
  '召开党风廉政建设工作会议',
  '举办青年理论学习小组交流会',
  '落实为民办实事项目',
  '开展调查研究成果交流',
];
const FILLER =
  '会议强调，要坚持以习近平新时代中国特色社会主义思想为指导，认真落实意识形态工作责任制，' +
  '压实各级责任，推动各项任务落地见效。各科室要结合实际细化分工，确保按时保质完成。';
/** A formulation the proofreading dictionary corrects (全面从严治党). */
export const PLANTED_ERROR = '全面从验治党';
export const MISSING_PAGE = 'bszn/old.html';

function itemTitle(site: DemoSite, c: number, j: number): string {
  const col = site.columns[c]!;
  const subject = SUBJECTS[(c * 3 + j) % SUBJECTS.length]!;
  return `${site.title.replace('江城市', '市')}${subject}（${col.name}第${col.items - j}期）`;
}
function itemDate(site: DemoSite, c: number, j: number, today: string): string {
  const col = site.columns[c]!;
  return daysBefore(today, col.ageDays + j * col.gapDays);
}

export function siteRoot(site: DemoSite): string {
  return `${DEMO_SITES_PREFIX}/${site.key}/`;
}

function frame(site: DemoSite, heading: string, body: string): string {
  const root = siteRoot(site);
  const nav = site.columns.map((c, i) => `<li><a href="${root}c${i}/">${c.name}</a></li>`).join('');
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${heading}</title></head>` +
    `<body><div class="header"><h1>${site.title}</h1><ul class="nav"><li><a href="${root}">首页</a></li>${nav}</ul></div>` +
    `<div class="main">${body}</div>` +
    `<div class="footer">主办：${site.title}　（演示网站，内容为生成的示例）</div></body></html>`
  );
}

function listPage(site: DemoSite, c: number, page: number, today: string): string | null {
  const col = site.columns[c]!;
  const pages = Math.max(1, Math.ceil(col.items / PER_PAGE));
  if (page >= pages) return null;
  const root = siteRoot(site);
  const items: string[] = [];
  for (let j = page * PER_PAGE; j < Math.min(col.items, (page + 1) * PER_PAGE); j++) {
    items.push(
      `<li><a href="${root}c${c}/a${j}.html">${itemTitle(site, c, j)}</a><span>${itemDate(site, c, j, today)}</span></li>`,
    );
  }
  const pager =
    pages > 1
      ? `<div class="page">${page > 0 ? `<a href="${root}c${c}/${page === 1 ? '' : `index_${page - 1}.html`}">上一页</a>` : ''}` +
        `${page + 1 < pages ? `<a href="${root}c${c}/index_${page + 1}.html">下一页</a>` : ''}</div>`
      : '';
  return frame(
    site,
    `${col.name} - ${site.title}`,
    `<h2>${col.name}</h2>${items.length ? `<ul class="list">${items.join('')}</ul>${pager}` : '<p>暂无信息</p>'}`,
  );
}

function article(site: DemoSite, c: number, j: number, today: string): string | null {
  const col = site.columns[c]!;
  if (j >= col.items) return null;
  const root = siteRoot(site);
  const title = itemTitle(site, c, j);
  let content = `<p>${FILLER}</p><p>${FILLER}</p>`;
  if (site.formulationError && c === 0 && j === 2)
    content += `<p>下一步，将持续推进${PLANTED_ERROR}向纵深发展，营造风清气正的政治生态。</p>`;
  if (site.brokenAttachment && c === 1 && j === 0)
    content += `<p>附件：<a href="${root}files/notice-${site.key}.pdf">通知全文（PDF）</a></p>`;
  return frame(
    site,
    `${title} - ${site.title}`,
    `<h1>${title}</h1><div class="info">发布时间：${itemDate(site, c, j, today)}　来源：办公室</div><div class="content">${content}</div>`,
  );
}

function home(site: DemoSite, today: string): string {
  const root = siteRoot(site);
  const blocks = site.columns
    .slice(0, 3)
    .map((col, c) => {
      const items = [];
      for (let j = 0; j < Math.min(5, col.items); j++)
        items.push(
          `<li><a href="${root}c${c}/a${j}.html">${itemTitle(site, c, j)}</a><span>${itemDate(site, c, j, today)}</span></li>`,
        );
      return `<div class="block"><h3><a href="${root}c${c}/">${col.name}</a></h3><ul>${items.join('')}</ul></div>`;
    })
    .join('');
  const extra = site.brokenHomeLink
    ? `<p class="links"><a href="${root}${MISSING_PAGE}">办事指南（旧版）</a></p>`
    : '';
  return frame(site, site.title, `${blocks}${extra}`);
}

/** The page at `path` (below the site's root, no leading slash), or null (404). */
export function renderDemoPage(site: DemoSite, path: string, today: string): string | null {
  if (path === '' || path === 'index.html') return home(site, today);
  const m = /^c(\d+)\/(?:(index(?:_(\d+))?\.html)|a(\d+)\.html)?$/.exec(path);
  if (!m) return null;
  const c = Number(m[1]);
  if (c >= site.columns.length) return null;
  if (m[4] !== undefined) return article(site, c, Number(m[4]), today);
  if (m[3] !== undefined && m[3] === '0') return null;
  return listPage(site, c, m[3] === undefined ? 0 : Number(m[3]), today);
}

/** Pages a full crawl of the site fetches (home, listing pages, articles). */
export function demoSitePages(site: DemoSite): number {
  return (
    1 + site.columns.reduce((n, c) => n + Math.max(1, Math.ceil(c.items / PER_PAGE)) + c.items, 0)
  );
}

/**
 * The findings a check of the site on `today` reports for its planted defects (the demo's check
 * history is written from these; a real check finds the same, which the tests assert).
 */
export function plantedFindings(site: DemoSite, base: string, today: string): Finding[] {
  const root = new URL(siteRoot(site), base).href;
  const findings: Finding[] = [];
  // The homepage shows the newest items of its first three columns.
  const homeDates = site.columns
    .slice(0, 3)
    .flatMap((col, c) => (col.items ? [itemDate(site, c, 0, today)] : []))
    .sort();
  const homeNewest = homeDates.at(-1) ?? null;
  const homeLimit = defaultStaleLimits.home;
  if (!homeNewest || homeNewest < daysBefore(today, homeLimit))
    findings.push({
      code: 'home-stale',
      severity: 'veto',
      page: root,
      lastUpdated: homeNewest,
      limitDays: homeLimit,
    });
  site.columns.forEach((col, c) => {
    const url = `${root}c${c}/`;
    if (col.kind === 'other') return;
    if (col.items === 0) {
      findings.push({
        code: 'column-blank',
        severity: 'deduct',
        page: url,
        column: url,
        name: col.name,
      });
      return;
    }
    const limit = (defaultStaleLimits as StaleLimits)[col.kind];
    if (col.ageDays > limit)
      findings.push({
        code: 'column-stale',
        severity: 'deduct',
        page: url,
        column: url,
        name: col.name,
        lastUpdated: itemDate(site, c, 0, today),
        limitDays: limit,
      });
  });
  if (site.brokenHomeLink)
    findings.push({
      code: 'link-broken',
      severity: 'deduct',
      page: root,
      target: `${root}${MISSING_PAGE}`,
      status: 404,
      onHomepage: true,
    });
  if (site.brokenAttachment)
    findings.push({
      code: 'link-broken',
      severity: 'deduct',
      page: `${root}c1/a0.html`,
      target: `${root}files/notice-${site.key}.pdf`,
      status: 404,
      onHomepage: false,
    });
  if (site.formulationError)
    findings.push({
      code: 'formulation-error',
      severity: 'veto',
      page: `${root}c0/a2.html`,
      text: PLANTED_ERROR,
      suggestion: '全面从严治党',
    });
  return findings;
}

// ------------------------------------------------------------------ serving

/**
 * Serves the demo sites (registered by the app only in demo mode). Plain HTML pages, no session,
 * nothing written: outside /api so the access matrix and the API's session hook never see them.
 */
export async function demoSitesPlugin(app: FastifyInstance, options: { clock: Clock }) {
  app.get(`${DEMO_SITES_PREFIX}/:key`, async (request, reply) => {
    const { key } = request.params as { key: string };
    if (!demoSite(key))
      return reply.code(404).type('text/html; charset=utf-8').send('<h1>404</h1>');
    return reply.redirect(`${DEMO_SITES_PREFIX}/${encodeURIComponent(key)}/`, 301);
  });
  app.get(`${DEMO_SITES_PREFIX}/:key/*`, async (request, reply) => {
    const { key, '*': rest } = request.params as { key: string; '*': string };
    const site = demoSite(key);
    const today = beijingDay(options.clock.now());
    const path = (rest ?? '').split('?')[0]!;
    const body = site ? renderDemoPage(site, path, today) : null;
    if (body === null)
      return reply.code(404).type('text/html; charset=utf-8').send('<h1>404 页面不存在</h1>');
    return reply.type('text/html; charset=utf-8').send(body);
  });
}

/** The base URL the demo sites are reached at from this machine's workers. */
export function demoSiteBase(host: string, port: number): string {
  const local = host === 'localhost' || host === '0.0.0.0' || host === '::' || host === '';
  return `http://${local ? '127.0.0.1' : host}:${port}`;
}

export const demoSiteUrl = (site: DemoSite, base: string) => new URL(siteRoot(site), base).href;

export const daysAgo = daysBefore;
