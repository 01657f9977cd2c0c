import type { ColumnKind } from './types.js';

export interface ColumnCandidate {
  name: string;
  url: string;
  kind: ColumnKind;
}

/** Column kind from its name (the UI may override it per position). Order matters: 人事通知 is personnel. */
const KIND_PATTERNS: [ColumnKind, RegExp][] = [
  ['personnel', /人事/],
  ['planning', /规划|计划/],
  ['policies', /政策|法规|文件|规章|规范性/],
  ['notices', /通知|公告|公示|通告/],
  ['news', /动态|要闻|新闻|资讯|快讯|头条|时政|工作信息|政务信息/],
];

export function columnKind(name: string): ColumnKind {
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(name)) return kind;
  return 'other';
}

const NOT_A_COLUMN =
  /^(首页|网站首页|返回首页|主页|english|无障碍|长者模式|关怀版|登录|注册|搜索|繁體|繁体|简体|rss|网站地图|设为首页|加入收藏|联系我们|更多|more)$/i;

function plausibleName(text: string): boolean {
  const n = [...text].length;
  return n >= 2 && n <= 12 && !NOT_A_COLUMN.test(text) && !/^\d+$/.test(text);
}

/**
 * The site's columns: links of the homepage navigation (nav/menu/header link lists), then
 * section-heading links elsewhere on the homepage whose names say they are news, notices,
 * policies, planning or personnel columns. Off-site links and the homepage itself are not columns.
 */
export function columnsFromHomepage(
  home: URL,
  nav: { url: string; text: string }[],
  sectionLinks: { url: string; text: string }[],
): ColumnCandidate[] {
  const columns: ColumnCandidate[] = [];
  const seen = new Set<string>([home.href]);
  const add = (url: string, name: string, requireKind: boolean) => {
    if (seen.has(url) || !plausibleName(name)) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    if (parsed.host !== home.host) return;
    if (parsed.pathname === home.pathname && parsed.search === home.search) return;
    const kind = columnKind(name);
    if (requireKind && kind === 'other') return;
    seen.add(url);
    columns.push({ name, url, kind });
  };
  for (const link of nav) add(link.url, link.text, false);
  for (const link of sectionLinks) add(link.url, link.text, true);
  return columns;
}
