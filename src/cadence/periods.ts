/**
 * Calendar arithmetic in Asia/Shanghai without date objects in the hot path.
 *
 * China has observed no daylight-saving time since 1991, so Beijing time is a fixed UTC+08:00 for
 * every date this platform handles; mapping an instant to its local day is one addition. Instants
 * before 1992 would be off by an hour during the 1986–1991 summers, which no ledger reaches.
 */
import type { InstantInput, PeriodKind } from './types.js';

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A period of the calendar with its boundaries as epoch ms (end exclusive). */
export interface PeriodSpan {
  kind: PeriodKind;
  key: string;
  year: number;
  /** 1-based first month of the period. */
  firstMonth: number;
  monthCount: number;
  startMs: number;
  endMs: number;
  /** 'YYYY-MM-DD' of the first and (inclusive) last day. */
  startDate: string;
  endDate: string;
}

const monthsPerPeriod: Record<PeriodKind, number> = {
  month: 1,
  quarter: 3,
  'half-year': 6,
  year: 12,
};

/** Days since 1970-01-01 → [year, month 1-12, day] (proleptic Gregorian; H. Hinnant's method). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Epoch ms of Beijing midnight starting the given day; month may overflow (13 = next January). */
export function shanghaiMidnight(year: number, month: number, day = 1): number {
  return Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS;
}

/** Beijing calendar day of an instant: [year, month 1-12, day]. */
export function shanghaiCivil(ms: number): [number, number, number] {
  return civilFromDays(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** 'YYYY-MM-DD' of the Beijing day containing the instant. */
export function shanghaiDate(ms: number): string {
  const [y, m, d] = shanghaiCivil(ms);
  return formatDate(y, m, d);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses an instant. Strings with 'Z' or an offset are exact; a date-time without an offset is
 * Beijing wall time (ledger rows typed by hand carry none); a bare date is Beijing midnight.
 * Returns NaN for anything unparseable so callers decide how loud to be.
 */
export function toEpochMs(value: InstantInput): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  const s = value.trim();
  const n = s.length;
  if (n === 10 && DATE_ONLY.test(s)) {
    return shanghaiMidnight(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
  }
  const last = s.charCodeAt(n - 1);
  // 'Z'/'z', or an offset like +08:00 / -0500 at the end: Date.parse is exact.
  if (last === 90 || last === 122) return Date.parse(s);
  const sign6 = s.charCodeAt(n - 6);
  const sign5 = s.charCodeAt(n - 5);
  const offsetWithColon = (sign6 === 43 || sign6 === 45) && s.charCodeAt(n - 3) === 58;
  const offsetWithoutColon = n > 16 && (sign5 === 43 || sign5 === 45);
  if (offsetWithColon || offsetWithoutColon) return Date.parse(s);
  if (n >= 16) return Date.parse(`${s.replace(' ', 'T')}+08:00`);
  return Number.NaN;
}

/** The period of the given kind containing the instant, as its key. */
export function periodKeyOf(instant: InstantInput, kind: PeriodKind): string {
  const ms = toEpochMs(instant);
  if (Number.isNaN(ms)) throw new RangeError(`无法识别的时间：${String(instant)}`);
  const [y, m] = shanghaiCivil(ms);
  switch (kind) {
    case 'month':
      return `${y}-${pad2(m)}`;
    case 'quarter':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'half-year':
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'year':
      return String(y);
  }
}

function span(kind: PeriodKind, key: string, year: number, firstMonth: number): PeriodSpan {
  const monthCount = monthsPerPeriod[kind];
  const startMs = shanghaiMidnight(year, firstMonth);
  const endMs = shanghaiMidnight(year, firstMonth + monthCount);
  return {
    kind,
    key,
    year,
    firstMonth,
    monthCount,
    startMs,
    endMs,
    startDate: formatDate(year, firstMonth, 1),
    endDate: shanghaiDate(endMs - 1),
  };
}

const PERIOD_KEY = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/;

/** Parses '2025', '2025-H1', '2025-Q3' or '2025-07'; undefined when the key is malformed. */
export function parsePeriodKey(key: string): PeriodSpan | undefined {
  const match = PERIOD_KEY.exec(key);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (match[2] !== undefined) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? span('month', key, year, month) : undefined;
  }
  if (match[3] !== undefined) return span('quarter', key, year, (Number(match[3]) - 1) * 3 + 1);
  if (match[4] !== undefined) return span('half-year', key, year, match[4] === '1' ? 1 : 7);
  return span('year', key, year, 1);
}

/** Every period of the kind in the year, in calendar order. */
export function periodsOfYear(year: number, kind: PeriodKind): PeriodSpan[] {
  switch (kind) {
    case 'month':
      return Array.from({ length: 12 }, (_, i) =>
        span(kind, `${year}-${pad2(i + 1)}`, year, i + 1),
      );
    case 'quarter':
      return Array.from({ length: 4 }, (_, i) => span(kind, `${year}-Q${i + 1}`, year, i * 3 + 1));
    case 'half-year':
      return [span(kind, `${year}-H1`, year, 1), span(kind, `${year}-H2`, year, 7)];
    case 'year':
      return [span(kind, String(year), year, 1)];
  }
}
