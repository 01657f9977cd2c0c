import { isoDate } from '../sitecheck/dates.js';

export { daysBetween } from '../sitecheck/dates.js';

/**
 * Dates of feed items. Every account is judged in Beijing time: China has kept UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact for every date a feed can carry and needs
 * no time-zone database.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// RFC 822 zone names. CST is China Standard Time here, not US Central: Chinese CMSs and bridges
// write "CST" for Beijing time far more often than an American feed reaches this platform.
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  cst: 480,
  edt: -240,
  est: -300,
  cdt: -300,
  mdt: -360,
  mst: -420,
  pdt: -420,
  pst: -480,
};

/** Minutes east of UTC from "+0800", "+08:00", "-05", "GMT", "Z"; undefined when unreadable. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  const z = zone.trim().toLowerCase();
  if (z === '') return undefined;
  if (z in ZONES) return ZONES[z];
  const m = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * An instant from calendar fields; a missing zone means Beijing time. Undefined when a field is out
 * of range (Feb 30, 25:00) or the year is implausible for a post.
 */
function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number | undefined,
): string | undefined {
  if (!isoDate(year, month, day)) return undefined;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) {
    return undefined;
  }
  const offset = offsetMinutes ?? 480;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offset * 60_000;
  return new Date(ms).toISOString();
}

const expandYear = (y: string) => {
  const n = Number(y);
  if (y.length === 4) return n;
  // RFC 822 two-digit years (RFC 2822 §4.3): 00–49 → 20xx, 50–99 → 19xx.
  return n < 50 ? 2000 + n : 1900 + n;
};

// Thu, 05 Mar 2026 10:00:00 +0800 — weekday optional, seconds optional, zone optional.
const RFC822 =
  /^(?:[a-z]{3,9},?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]{1,4}|(?:gmt|utc)?[+-]\d{2}:?\d{2})?$/i;
// 2026-03-05T10:00:00.123+08:00, 2026-03-05 10:00, 2026/3/5, 2026.03.05 10:00:00Z
const ISO =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
// 2026年3月5日, 2026年03月05日 10:00, 2026年3月5日 10时30分, 2026年3月5日 下午3:30
const CHINESE =
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*(?:(上午|下午|晚上|凌晨|中午)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?$/;
// Unix time in seconds (10 digits) or milliseconds (13 digits), as some bridges emit.
const EPOCH = /^(\d{10}|\d{13})$/;

/**
 * Reads a feed date: RFC 822 (RSS), ISO 8601 (Atom, JSON Feed, dc:date), Chinese forms
 * (2026年3月5日) and Unix timestamps. A date or time without a zone is Beijing time. Returns a UTC
 * ISO string, or undefined when the text is no readable date.
 */
export function parseFeedDate(text: string | undefined | null): string | undefined {
  if (typeof text !== 'string') return undefined;
  const s = text.replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > 64) return undefined;
  let m = ISO.exec(s);
  if (m) {
    const zone = m[7] === undefined ? undefined : zoneOffset(m[7]);
    if (m[7] !== undefined && zone === undefined) return undefined;
    return instant(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      zone,
    );
  }
  m = RFC822.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (!month) return undefined;
    const zone = m[7] === undefined ? undefined : zoneOffset(m[7]);
    if (m[7] !== undefined && zone === undefined) return undefined;
    return instant(
      expandYear(m[3]!),
      month,
      Number(m[1]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      zone,
    );
  }
  m = CHINESE.exec(s);
  if (m) {
    let hour = Number(m[5] ?? 0);
    const half = m[4];
    if ((half === '下午' || half === '晚上') && hour < 12) hour += 12;
    if (half === '中午' && hour < 11) hour += 12;
    if (half === '凌晨' && hour === 12) hour = 0;
    return instant(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      hour,
      Number(m[6] ?? 0),
      Number(m[7] ?? 0),
      undefined,
    );
  }
  m = EPOCH.exec(s);
  if (m) {
    const ms = m[1]!.length === 13 ? Number(m[1]) : Number(m[1]) * 1000;
    const date = new Date(ms);
    return date.getUTCFullYear() >= 1990 && date.getUTCFullYear() <= 2100
      ? date.toISOString()
      : undefined;
  }
  return undefined;
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing month (YYYY-MM) of an instant. */
export function beijingMonth(instant: string | Date): string {
  return beijingDate(instant).slice(0, 7);
}

/** Every month (YYYY-MM) from `from` to `to` inclusive, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
