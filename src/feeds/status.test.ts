import { describe, expect, it } from 'vitest';
import { type AccountPost, accountStatus } from './status.js';

// The check runs at 10:00 Beijing time on 30 March 2026.
const now = '2026-03-30T02:00:00.000Z';
const DAY = 86_400_000;

/** A post at 09:00 Beijing time, `days` calendar days before the check day. */
function postDaysAgo(days: number, title = `第${days}天前`): AccountPost {
  return { title, publishedAt: new Date(Date.parse(now) - days * DAY - 3_600_000).toISOString() };
}

describe('accountStatus: the two-week rule', () => {
  it('13 and 14 days without a post are within the limit; 15 days are stale', () => {
    const at = (days: number) => accountStatus([postDaysAgo(days)], { now, source: 'feed' });
    expect(at(13)).toMatchObject({ state: 'fine', daysSinceLastPost: 13 });
    expect(at(14)).toMatchObject({ state: 'fine', daysSinceLastPost: 14 });
    const stale = at(15);
    expect(stale).toMatchObject({ state: 'stale', daysSinceLastPost: 15 });
    expect(stale.reasons[0]).toBe(
      '最近一次更新在 2026-03-15，已 15 天未更新，超过 14 天的更新要求（单项否决）',
    );
  });

  it('counts Beijing calendar days: a post at 23:30 Beijing is on that day, not the next', () => {
    // 15:30 UTC on 15 March is 23:30 on 15 March in Beijing: 15 days before the check → stale.
    const late = accountStatus([{ title: '晚间发布', publishedAt: '2026-03-15T15:30:00.000Z' }], {
      now,
      source: 'feed',
    });
    expect(late).toMatchObject({ state: 'stale', daysSinceLastPost: 15 });
    // 16:30 UTC on 15 March is 00:30 on 16 March in Beijing: 14 days → still fine.
    const afterMidnight = accountStatus(
      [{ title: '零点后发布', publishedAt: '2026-03-15T16:30:00.000Z' }],
      { now, source: 'feed' },
    );
    expect(afterMidnight).toMatchObject({ state: 'fine', daysSinceLastPost: 14 });
  });

  it('honours a unit cadence other than two weeks', () => {
    const status = accountStatus([postDaysAgo(8)], { now, source: 'import', cadenceDays: 7 });
    expect(status.state).toBe('stale');
  });
});

describe('accountStatus: 僵尸号 after three months', () => {
  it('89 and 90 days are stale; 91 days is a zombie', () => {
    const at = (days: number) => accountStatus([postDaysAgo(days)], { now, source: 'feed' });
    expect(at(89).state).toBe('stale');
    expect(at(90).state).toBe('stale');
    const zombie = at(91);
    expect(zombie).toMatchObject({ state: 'zombie', daysSinceLastPost: 91, longestGapDays: 91 });
    expect(zombie.reasons[0]).toContain('僵尸号');
  });
});

describe('accountStatus: no evidence is unknown, never fine or stale', () => {
  it('a failed fetch is unknown even when older posts are known', () => {
    const status = accountStatus([postDaysAgo(2)], {
      now,
      source: 'feed',
      fetchFailed: '订阅源服务器返回 HTTP 502',
    });
    expect(status.state).toBe('unknown');
    expect(status.reasons[0]).toBe('订阅源获取失败（订阅源服务器返回 HTTP 502），无法判断更新情况');
  });

  it('an empty feed is unknown', () => {
    const status = accountStatus([], { now, source: 'feed' });
    expect(status).toEqual({
      state: 'unknown',
      postsPerMonth: {},
      longestGapDays: null,
      daysSinceLastPost: null,
      reasons: ['订阅源中没有任何发布记录，无法判断更新情况'],
    });
  });

  it('posts that are all undated are unknown', () => {
    const status = accountStatus([{ title: '无日期' }, { title: '日期无效', publishedAt: 'x' }], {
      now,
      source: 'import',
    });
    expect(status.state).toBe('unknown');
    expect(status.reasons).toEqual([
      '导入的发布清单中没有带日期的发布记录，无法判断更新情况',
      '2 条发布记录没有可识别的日期，未计入',
    ]);
  });

  it('a post dated after the check does not make an account fine', () => {
    const status = accountStatus(
      [postDaysAgo(40), { title: '未来', publishedAt: '2026-05-01T00:00:00.000Z' }],
      { now, source: 'feed' },
    );
    expect(status.state).toBe('stale');
    expect(status.reasons).toContain('1 条发布记录的日期晚于检查时间，未计入');
  });
});

describe('accountStatus: monthly counts and gaps in Beijing time', () => {
  it('puts a post at 00:30 Beijing on 1 March into March, not February', () => {
    const status = accountStatus(
      [
        { title: '二月末', publishedAt: '2026-02-28T15:59:00.000Z' }, // 23:59 on 28 Feb
        { title: '三月初', publishedAt: '2026-02-28T16:30:00.000Z' }, // 00:30 on 1 Mar
        { title: '一月', publishedAt: '2026-01-10T02:00:00.000Z' },
      ],
      { now, source: 'feed' },
    );
    expect(status.postsPerMonth).toEqual({ '2026-01': 1, '2026-02': 1, '2026-03': 1 });
    expect(status.lastPostAt).toBe('2026-02-28T16:30:00.000Z');
    expect(status.daysSinceLastPost).toBe(29);
    // 10 Jan → 28 Feb is 49 days, longer than the 29 days since 1 March.
    expect(status.longestGapDays).toBe(49);
    expect(status.state).toBe('stale');
  });

  it('keeps months without posts as zeros up to the month of the check', () => {
    const status = accountStatus([{ title: '十一月', publishedAt: '2025-11-20T02:00:00.000Z' }], {
      now,
      source: 'feed',
    });
    expect(status.postsPerMonth).toEqual({
      '2025-11': 1,
      '2025-12': 0,
      '2026-01': 0,
      '2026-02': 0,
      '2026-03': 0,
    });
    expect(status.state).toBe('zombie');
  });

  it('says when the evidence is only the owner’s attestation', () => {
    const status = accountStatus([postDaysAgo(3, '负责人声明')], {
      now: new Date(now),
      source: 'attestation',
    });
    expect(status.state).toBe('fine');
    expect(status.reasons).toContain('更新情况依据账号负责人的声明，未经订阅源或发布清单核实');
  });

  it('refuses an unreadable check time instead of judging against NaN', () => {
    expect(() => accountStatus([postDaysAgo(1)], { now: 'soon', source: 'feed' })).toThrow(
      RangeError,
    );
  });
});
