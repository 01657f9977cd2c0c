import { describe, expect, it } from 'vitest';
import { deadlineText, joinOffset, splitOffset } from './deadline.js';

describe('deadlines in plain words', () => {
  it('names a yearly deadline by its date', () => {
    expect(deadlineText('year', 31)).toBe('次年 1 月 31 日前');
    expect(deadlineText('year', -275)).toBe('当年 3 月 31 日前');
    expect(deadlineText('year', 0)).toBe('当年 12 月 31 日前');
  });

  it('names shorter periods by the period end, with an example', () => {
    expect(deadlineText('quarter', 0)).toBe('季度最后一天前');
    expect(deadlineText('quarter', 15)).toBe('周期结束后 15 天内（如第一季度为 4 月 15 日前）');
    expect(deadlineText('half-year', -30)).toBe('周期结束前 30 天（如上半年为 5 月 31 日前）');
    expect(deadlineText('month', 0)).toBe('当月最后一天前');
  });

  it('splits a stored offset into the form fields and back', () => {
    for (const offset of [-275, -1, 0, 1, 31]) {
      const { dueWhen, dueDays } = splitOffset(offset);
      expect(joinOffset(dueWhen, dueDays)).toBe(offset);
    }
    expect(splitOffset(-275)).toEqual({ dueWhen: 'before', dueDays: 275 });
  });
});
