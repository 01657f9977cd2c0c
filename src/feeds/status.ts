import { beijingDate, beijingMonth, daysBetween, monthsBetween } from './dates.js';

/** Where the posts of an account came from. */
export type PostSource = 'feed' | 'import' | 'attestation';

export type AccountState = 'fine' | 'stale' | 'zombie' | 'unknown';

export interface AccountPost {
  /** UTC ISO instant; absent for an undated post. */
  publishedAt?: string;
  title: string;
  summary?: string;
}

export interface AccountStatusOptions {
  /** The moment of the check (never the clock: callers pass ctx.clock's time). */
  now: Date | string;
  /** Days without a post after which the account is stale (国办发〔2018〕123号: 2 weeks). */
  cadenceDays?: number;
  /** Days without a post after which the account is a 僵尸号 (3 months). */
  zombieDays?: number;
  source: PostSource;
  /** The feed could not be fetched or parsed: the Chinese reason. The state is then 'unknown'. */
  fetchFailed?: string;
}

export interface AccountStatus {
  state: AccountState;
  /** The newest dated post (UTC ISO), not counting posts dated after the check. */
  lastPostAt?: string;
  /** Posts per Beijing month, every month from the first dated post to the check (zeros kept). */
  postsPerMonth: Record<string, number>;
  /**
   * The longest run of Beijing calendar days without a post: between two consecutive dated posts
   * or from the newest one to the day of the check. Null without a dated post.
   */
  longestGapDays: number | null;
  /** Beijing calendar days from the newest post to the day of the check; null without one. */
  daysSinceLastPost: number | null;
  /** Why the state is what it is, in Chinese, for the unit and the inspector. */
  reasons: string[];
}

export const DEFAULT_CADENCE_DAYS = 14;
export const DEFAULT_ZOMBIE_DAYS = 90;

/** A post dated more than this after the check is a clock or feed error, not a post. */
const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

const SOURCE_LABEL: Record<PostSource, string> = {
  feed: '订阅源',
  import: '导入的发布清单',
  attestation: '账号负责人的声明',
};

/**
 * Judges whether a new-media account is kept up: 'stale' after `cadenceDays` without a post (a
 * post exactly `cadenceDays` days before the check is still within the limit, as in the site
 * check), 'zombie' after `zombieDays`. Days and months are Beijing calendar days and months. Without
 * evidence — a failed fetch, no dated post — the state is 'unknown', never 'fine' or 'stale': an
 * account is neither cleared nor blamed on a broken bridge.
 */
export function accountStatus(posts: AccountPost[], options: AccountStatusOptions): AccountStatus {
  const cadenceDays = options.cadenceDays ?? DEFAULT_CADENCE_DAYS;
  const zombieDays = options.zombieDays ?? DEFAULT_ZOMBIE_DAYS;
  const nowMs = typeof options.now === 'string' ? Date.parse(options.now) : options.now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError(`invalid check time: ${String(options.now)}`);
  const today = beijingDate(new Date(nowMs));
  const reasons: string[] = [];

  const dated: number[] = [];
  let undated = 0;
  let future = 0;
  for (const post of posts) {
    const at = post.publishedAt === undefined ? Number.NaN : Date.parse(post.publishedAt);
    if (!Number.isFinite(at)) undated++;
    else if (at > nowMs + FUTURE_TOLERANCE_MS) future++;
    else dated.push(at);
  }
  dated.sort((a, b) => a - b);

  const postsPerMonth: Record<string, number> = {};
  let longestGapDays: number | null = null;
  let daysSinceLastPost: number | null = null;
  let lastPostAt: string | undefined;
  if (dated.length > 0) {
    const days = dated.map((ms) => beijingDate(new Date(ms)));
    for (const month of monthsBetween(days[0]!.slice(0, 7), beijingMonth(new Date(nowMs)))) {
      postsPerMonth[month] = 0;
    }
    for (const day of days) postsPerMonth[day.slice(0, 7)]! += 1;
    lastPostAt = new Date(dated[dated.length - 1]!).toISOString();
    daysSinceLastPost = Math.max(0, daysBetween(days[days.length - 1]!, today));
    longestGapDays = daysSinceLastPost;
    for (let i = 1; i < days.length; i++) {
      longestGapDays = Math.max(longestGapDays, daysBetween(days[i - 1]!, days[i]!));
    }
  }

  if (undated > 0) reasons.push(`${undated} 条发布记录没有可识别的日期，未计入`);
  if (future > 0) reasons.push(`${future} 条发布记录的日期晚于检查时间，未计入`);
  if (options.source === 'attestation') {
    reasons.push('更新情况依据账号负责人的声明，未经订阅源或发布清单核实');
  }

  let state: AccountState;
  if (options.fetchFailed !== undefined) {
    state = 'unknown';
    reasons.unshift(`订阅源获取失败（${options.fetchFailed}），无法判断更新情况`);
  } else if (daysSinceLastPost === null) {
    state = 'unknown';
    reasons.unshift(
      posts.length === 0
        ? `${SOURCE_LABEL[options.source]}中没有任何发布记录，无法判断更新情况`
        : `${SOURCE_LABEL[options.source]}中没有带日期的发布记录，无法判断更新情况`,
    );
  } else {
    const last = beijingDate(lastPostAt!);
    if (daysSinceLastPost > zombieDays) {
      state = 'zombie';
      reasons.unshift(
        `最近一次更新在 ${last}，已 ${daysSinceLastPost} 天未更新，超过 ${zombieDays} 天，属于僵尸号，应整改或发布停更公告后关停`,
      );
    } else if (daysSinceLastPost > cadenceDays) {
      state = 'stale';
      reasons.unshift(
        `最近一次更新在 ${last}，已 ${daysSinceLastPost} 天未更新，超过 ${cadenceDays} 天的更新要求（单项否决）`,
      );
    } else {
      state = 'fine';
      reasons.unshift(
        `最近一次更新在 ${last}，距检查 ${daysSinceLastPost} 天，在 ${cadenceDays} 天的更新要求之内`,
      );
    }
  }

  const status: AccountStatus = {
    state,
    postsPerMonth,
    longestGapDays,
    daysSinceLastPost,
    reasons,
  };
  if (lastPostAt) status.lastPostAt = lastPostAt;
  return status;
}
