// Request shapes and labels of new-media monitoring (feeds, post lists, attestations) and of the
// check-ins of physical positions. Drizzle-free: the web imports these too.
import {
  attachmentIdList,
  isoDate,
  pageQuery,
  plainString,
  requiredText,
  z,
} from '../platform/validation.js';
import type { PositionKind } from './contract.js';

/** Accounts whose updates are monitored through a feed, a post list or an attestation. */
export const mediaKinds: readonly PositionKind[] = ['wechat', 'video', 'weibo', 'douyin', 'other'];
/** Positions kept up by people on the spot and recorded by dated check-ins (打卡). */
export const physicalKinds: readonly PositionKind[] = ['screen', 'board', 'wall', 'publication'];

/** How the unit lets the platform see an account's posts. */
export const feedSources = ['feed', 'import', 'attestation'] as const;
export type FeedSource = (typeof feedSources)[number];
export const feedSourceLabels: Record<FeedSource, string> = {
  feed: '订阅源（RSS/Atom/JSON Feed）',
  import: '导入发布清单（Excel）',
  attestation: '负责人声明',
};

export const accountStates = ['fine', 'stale', 'zombie', 'unknown'] as const;
export type AccountStateName = (typeof accountStates)[number];
export const accountStateLabels: Record<AccountStateName, string> = {
  fine: '正常更新',
  stale: '未按期更新',
  zombie: '僵尸号',
  unknown: '无法判断',
};

/** Rectification codes of the feed check (besides the proofreading codes of text findings). */
export const feedFindingLabels: Record<string, string> = {
  'account-stale': '新媒体账号未按期更新（单项否决）',
  'account-zombie': '僵尸号（单项否决）',
  'interaction-missing': '未开设可用的互动栏目',
  'formulation-error': '规范表述错误',
  typo: '错别字',
  'pii-idcard': '泄露身份证号',
  'pii-mobile': '公开手机号码',
  'secret-marking': '涉密标识',
};

const feedUrl = plainString()
  .trim()
  .max(1000)
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s), '应为以 http:// 或 https:// 开头的网址');

/** The account's monitoring source; a feed needs its address. */
export const feedConfigInput = z
  .strictObject({
    source: z.enum(feedSources),
    feedUrl: feedUrl.optional(),
  })
  .refine((v) => v.source !== 'feed' || !!v.feedUrl, {
    message: '订阅源需要填写地址',
    path: ['feedUrl'],
  });
export type FeedConfigInput = z.output<typeof feedConfigInput>;

/** 负责人声明: the owner states the account was last updated on `date`. */
export const attestationInput = z.strictObject({
  date: isoDate,
  note: requiredText(500),
});
export type AttestationInput = z.output<typeof attestationInput>;

export const checkinInput = z.strictObject({
  checkedOn: isoDate,
  content: requiredText(1000),
  attachmentIds: attachmentIdList.optional(),
});
export type CheckinInput = z.output<typeof checkinInput>;

export const mediaListQuery = z.strictObject({ ...pageQuery });
