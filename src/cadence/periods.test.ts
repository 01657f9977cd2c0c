import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  parsePeriodKey,
  periodKeyOf,
  periodsOfYear,
  shanghaiDate,
  toEpochMs,
} from './periods.js';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('periodKeyOf: instants map to Beijing calendar periods', () => {
  it.each([
    // instant (UTC), month, quarter, half-year, year
    ['2025-06-30T15:30:00Z', '2025-06', '2025-Q2', '2025-H1', '2025'], // 23:30 Beijing, 30 June
    ['2025-06-30T16:30:00Z', '2025-07', '2025-Q3', '2025-H2', '2025'], // 00:30 Beijing, 1 July
    ['2025-06-30T15:59:59.999Z', '2025-06', '2025-Q2', '2025-H1', '2025'],
    ['2025-06-30T16:00:00Z', '2025-07', '2025-Q3', '2025-H2', '2025'],
    ['2025-03-31T15:59:59Z', '2025-03', '2025-Q1', '2025-H1', '2025'],
    ['2025-03-31T16:00:00Z', '2025-04', '2025-Q2', '2025-H1', '2025'],
    ['2025-09-30T16:00:00Z', '2025-10', '2025-Q4', '2025-H2', '2025'],
    ['2025-01-31T16:00:00Z', '2025-02', '2025-Q1', '2025-H1', '2025'],
    ['2024-02-29T12:00:00Z', '2024-02', '2024-Q1', '2024-H1', '2024'], // leap day
    ['2025-12-31T15:59:59Z', '2025-12', '2025-Q4', '2025-H2', '2025'],
    ['2025-12-31T16:00:00Z', '2026-01', '2026-Q1', '2026-H1', '2026'], // New Year in Beijing
    ['2025-06-30T23:30:00+08:00', '2025-06', '2025-Q2', '2025-H1', '2025'],
    ['2025-06-30T23:30', '2025-06', '2025-Q2', '2025-H1', '2025'], // no offset = Beijing time
    ['2025-07-01 00:30:00', '2025-07', '2025-Q3', '2025-H2', '2025'],
    ['2025-07-01', '2025-07', '2025-Q3', '2025-H2', '2025'],
  ])('%s → %s / %s / %s / %s', (instant, month, quarter, half, year) => {
    expect(periodKeyOf(instant, 'month')).toBe(month);
    expect(periodKeyOf(instant, 'quarter')).toBe(quarter);
    expect(periodKeyOf(instant, 'half-year')).toBe(half);
    expect(periodKeyOf(instant, 'year')).toBe(year);
  });

  it('rejects an unparseable instant with a Chinese reason', () => {
    expect(() => periodKeyOf('yesterday', 'month')).toThrow(/无法识别的时间/);
  });
});

describe('toEpochMs', () => {
  it.each([
    ['2025-06-30T15:30:00Z', Date.UTC(2025, 5, 30, 15, 30)],
    ['2025-06-30T23:30:00+08:00', Date.UTC(2025, 5, 30, 15, 30)],
    ['2025-06-30T23:30:00+0800', Date.UTC(2025, 5, 30, 15, 30)],
    ['2025-06-30T10:30:00-05:00', Date.UTC(2025, 5, 30, 15, 30)],
    ['2025-06-30T23:30:00', Date.UTC(2025, 5, 30, 15, 30)],
    ['2025-06-30T23:30:00.250', Date.UTC(2025, 5, 30, 15, 30, 0, 250)],
    ['2025-06-30 23:30', Date.UTC(2025, 5, 30, 15, 30)],
    ['2025-07-01', Date.UTC(2025, 5, 30, 16, 0)],
  ])('%s', (input, expected) => {
    expect(toEpochMs(input)).toBe(expected);
  });

  it('passes numbers and Dates through and gives NaN for garbage', () => {
    expect(toEpochMs(42)).toBe(42);
    expect(toEpochMs(new Date(Date.UTC(2025, 0, 1)))).toBe(Date.UTC(2025, 0, 1));
    expect(toEpochMs('not a date')).toBeNaN();
  });
});

describe('period spans', () => {
  it.each([
    [
      '2025',
      'year',
      '2025-01-01',
      '2025-12-31',
      '2024-12-31T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
    ],
    [
      '2025-H1',
      'half-year',
      '2025-01-01',
      '2025-06-30',
      '2024-12-31T16:00:00.000Z',
      '2025-06-30T16:00:00.000Z',
    ],
    [
      '2025-H2',
      'half-year',
      '2025-07-01',
      '2025-12-31',
      '2025-06-30T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
    ],
    [
      '2025-Q1',
      'quarter',
      '2025-01-01',
      '2025-03-31',
      '2024-12-31T16:00:00.000Z',
      '2025-03-31T16:00:00.000Z',
    ],
    [
      '2025-Q4',
      'quarter',
      '2025-10-01',
      '2025-12-31',
      '2025-09-30T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
    ],
    [
      '2024-02',
      'month',
      '2024-02-01',
      '2024-02-29',
      '2024-01-31T16:00:00.000Z',
      '2024-02-29T16:00:00.000Z',
    ],
    [
      '2025-02',
      'month',
      '2025-02-01',
      '2025-02-28',
      '2025-01-31T16:00:00.000Z',
      '2025-02-28T16:00:00.000Z',
    ],
    [
      '2025-12',
      'month',
      '2025-12-01',
      '2025-12-31',
      '2025-11-30T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
    ],
  ])('%s is a %s from %s to %s', (key, kind, startDate, endDate, startIso, endIso) => {
    const span = parsePeriodKey(key);
    expect(span).toMatchObject({ kind, key, startDate, endDate });
    expect(new Date(span!.startMs).toISOString()).toBe(startIso);
    expect(new Date(span!.endMs).toISOString()).toBe(endIso);
  });

  it.each(['2025-13', '2025-Q5', '2025-H3', '25', '2025-00', 'abc'])(
    'rejects malformed key %s',
    (key) => {
      expect(parsePeriodKey(key)).toBeUndefined();
    },
  );

  it.each([
    ['month', 12],
    ['quarter', 4],
    ['half-year', 2],
    ['year', 1],
  ] as const)('periodsOfYear(%s) tiles the year without gaps (%i periods)', (kind, n) => {
    const periods = periodsOfYear(2024, kind);
    expect(periods).toHaveLength(n);
    expect(periods[0]!.startDate).toBe('2024-01-01');
    expect(periods.at(-1)!.endDate).toBe('2024-12-31');
    for (let i = 1; i < periods.length; i++)
      expect(periods[i]!.startMs).toBe(periods[i - 1]!.endMs);
  });
});

describe('fixed +08:00 arithmetic agrees with the tz database', () => {
  it('for 2,000 pseudo-random instants between 1995 and 2040', () => {
    let seed = 20250630;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const from = Date.UTC(1995, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(from + next() * (to - from));
      const local = dayjs(ms).tz('Asia/Shanghai');
      expect(shanghaiDate(ms)).toBe(local.format('YYYY-MM-DD'));
      expect(periodKeyOf(ms, 'month')).toBe(local.format('YYYY-MM'));
    }
  });

  it('civilFromDays round-trips through Date.UTC', () => {
    for (let days = -800; days < 40_000; days += 37) {
      const [y, m, d] = civilFromDays(days);
      expect(Date.UTC(y, m - 1, d) / 86_400_000).toBe(days);
    }
  });
});
