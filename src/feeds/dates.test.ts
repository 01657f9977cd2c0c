import { describe, expect, it } from 'vitest';
import { beijingDate, beijingMonth, monthsBetween, parseFeedDate } from './dates.js';

describe('parseFeedDate', () => {
  it('reads RFC 822 dates of RSS with numeric and named zones', () => {
    expect(parseFeedDate('Thu, 05 Mar 2026 10:00:00 +0800')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('Thu, 05 Mar 2026 02:00:00 GMT')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('5 Mar 2026 10:00 +08:00')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('Wed, 04 Mar 2026 21:00:00 EST')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('Thu, 05 Mar 26 02:00:00 UT')).toBe('2026-03-05T02:00:00.000Z');
  });

  it('takes CST as China Standard Time, as Chinese CMSs and bridges write it', () => {
    expect(parseFeedDate('Thu, 05 Mar 2026 10:00:00 CST')).toBe('2026-03-05T02:00:00.000Z');
  });

  it('reads ISO 8601 with a zone and takes a missing zone as Beijing time', () => {
    expect(parseFeedDate('2026-03-05T10:00:00+08:00')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('2026-03-05T02:00:00.250Z')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('2026-03-05 10:00')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('2026/3/5 10:00:00')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('2026-03-05')).toBe('2026-03-04T16:00:00.000Z');
  });

  it('reads the Chinese forms in Beijing time', () => {
    expect(parseFeedDate('2026年3月5日')).toBe('2026-03-04T16:00:00.000Z');
    expect(parseFeedDate('2026年03月05日 10:00')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('2026年3月5日 10时30分')).toBe('2026-03-05T02:30:00.000Z');
    expect(parseFeedDate('2026年3月5日 下午3:30')).toBe('2026-03-05T07:30:00.000Z');
  });

  it('reads Unix timestamps in seconds and milliseconds', () => {
    expect(parseFeedDate('1772676000')).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFeedDate('1772676000000')).toBe('2026-03-05T02:00:00.000Z');
  });

  it('refuses what is no date rather than guessing', () => {
    for (const text of [
      '',
      '昨天',
      '3天前',
      '2026-02-30',
      '2026-13-01 10:00',
      'Thu, 05 Foo 2026 10:00:00 +0800',
      '2026-03-05T25:00:00Z',
      '1899-01-01',
      '2026-03-05T10:00:00+99:00',
      undefined,
      null,
    ]) {
      expect(parseFeedDate(text), String(text)).toBeUndefined();
    }
  });
});

describe('Beijing calendar', () => {
  it('puts an instant on its Beijing day and month, across midnight and month ends', () => {
    expect(beijingDate('2026-03-31T15:59:59.000Z')).toBe('2026-03-31');
    expect(beijingDate('2026-03-31T16:00:00.000Z')).toBe('2026-04-01');
    expect(beijingMonth('2026-03-31T16:00:00.000Z')).toBe('2026-04');
    expect(beijingMonth('2026-12-31T16:30:00.000Z')).toBe('2027-01');
  });

  it('lists months across a year end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(monthsBetween('2026-05', '2026-05')).toEqual(['2026-05']);
  });
});
