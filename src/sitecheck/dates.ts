/**
 * Date reading for list pages and articles. Dates are ISO strings `YYYY-MM-DD` throughout so they
 * compare as strings; "today" always comes from the caller (`--now`), never the clock.
 */

export function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, 2026-11-20T08:00, 2026-11-20-23:59:59
const FULL_DATE =
  /(?<![\d.])((?:19|20)\d{2})\s*(?:([-/.])\s*(\d{1,2})\s*\2|年\s*(\d{1,2})\s*月)\s*(\d{1,2})(?!\d)/g;

export interface DateMatch {
  date: string;
  index: number;
  length: number;
}

/** Every complete, valid calendar date in a text, in order. */
export function fullDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  FULL_DATE.lastIndex = 0;
  for (let m = FULL_DATE.exec(text); m; m = FULL_DATE.exec(text)) {
    const date = isoDate(Number(m[1]), Number(m[3] ?? m[4]), Number(m[5]));
    if (date) found.push({ date, index: m.index, length: m[0].length });
  }
  return found;
}

/** A month and day without a year, placed in the latest year that does not put it after `now`. */
export function inferYear(month: number, day: number, now: string): string | undefined {
  const year = Number(now.slice(0, 4));
  // Eight years back always reaches a leap year for 29 February.
  for (let y = year; y > year - 8; y--) {
    const date = isoDate(y, month, day);
    if (date && date <= now) return date;
    if (!date && !(month === 2 && day === 29)) return undefined;
  }
  return undefined;
}

// [11-20], (11/20), 【11.20】, 11月20日 inside text; a bare 11-20 only as a whole text node.
const BRACKETED_SHORT = /[[(（【]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[\])）】]/g;
const CHINESE_SHORT = /(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const BARE_SHORT = /^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$/;

/** Dates as shown in list pages, full or month-day with the year inferred against `now`. */
export function listDates(text: string, now: string): DateMatch[] {
  const found = fullDates(text);
  if (found.length > 0) return found;
  const bare = BARE_SHORT.exec(text);
  if (bare) {
    const date = inferYear(Number(bare[1]), Number(bare[2]), now);
    return date ? [{ date, index: 0, length: text.length }] : [];
  }
  for (const pattern of [BRACKETED_SHORT, CHINESE_SHORT]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const date = inferYear(Number(m[1]), Number(m[2]), now);
      if (date) found.push({ date, index: m.index, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Meta names and properties that carry an article's publication time. */
const PUBLISHED_META = new Set([
  'pubdate',
  'publishdate',
  'publish_date',
  'publish-date',
  'publishtime',
  'publish_time',
  'firstpublishedtime',
  'article:published_time',
  'og:published_time',
  'og:release_date',
  'datepublished',
  'date',
  'dc.date',
  'dc.date.issued',
  'dcterms.created',
  'dcterms.issued',
  'sailthru.date',
  'weibo:article:create_at',
  'contentpublishtime',
  'og:time',
  'apub:time',
  'pubtime',
  'publishedtime',
  'releasedate',
]);

export function isPublishedMeta(name: string): boolean {
  return PUBLISHED_META.has(name.trim().toLowerCase());
}

/** The date in a meta content value such as `2016-11-22 09:53` or `2020-02-29T18:34:31+08:00`. */
export function dateFromMeta(content: string): string | undefined {
  return fullDates(content)[0]?.date;
}

// A label, optional colon and spacing, then the date (possibly after a few non-digit characters
// such as a weekday or a source name placed first by some templates).
const LABELLED =
  /(发布时间|发布日期|发表时间|发表日期|发文日期|印发日期|成文日期|公开日期|发稿时间|更新时间|时间|日期)\s*[:：]?\s*/g;

/** The date after a 发布时间/发布日期/时间 label, preferring the most specific label. */
export function labelledDate(text: string): string | undefined {
  LABELLED.lastIndex = 0;
  let best: { rank: number; date: string } | undefined;
  for (let m = LABELLED.exec(text); m; m = LABELLED.exec(text)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const first = fullDates(after)[0];
    if (!first || first.index > 2) continue;
    const rank = m[1]!.startsWith('发') ? 0 : m[1] === '时间' || m[1] === '日期' ? 2 : 1;
    if (!best || rank < best.rank) best = { rank, date: first.date };
    if (rank === 0) break;
  }
  return best?.date;
}

/** The first date in a text that carries a time of day (`2019-09-05 11:10`), typical of bylines. */
export function firstDateWithTime(text: string): string | undefined {
  for (const found of fullDates(text)) {
    const after = text.slice(found.index + found.length, found.index + found.length + 12);
    if (/^\s*日?\s*\d{1,2}[:：]\d{2}/.test(after)) return found.date;
  }
  return undefined;
}
