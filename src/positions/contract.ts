// Request shapes and enumerations of the positions (阵地建设) registry and its website checks.
// Drizzle-free: the web imports the enumerations and labels from here (tables.ts does too).
import {
  id,
  isoDate,
  pageQuery,
  patchOf,
  plainString,
  requiredText,
  text,
  z,
} from '../platform/validation.js';

/** Every channel a unit runs: websites, new-media accounts, print, physical and spoken positions. */
export const positionKinds = [
  'website',
  'wechat',
  'video',
  'weibo',
  'douyin',
  'publication',
  'screen',
  'board',
  'wall',
  'lecture',
  'forum',
  'other',
] as const;
export type PositionKind = (typeof positionKinds)[number];
export const positionKindLabels: Record<PositionKind, string> = {
  website: '门户网站',
  wechat: '微信公众号',
  video: '视频号',
  weibo: '微博',
  douyin: '抖音号',
  publication: '内部刊物',
  screen: '电子屏',
  board: '宣传栏',
  wall: '文化墙',
  lecture: '报告会',
  forum: '论坛',
  other: '其他阵地',
};

/** Accounts on a platform (a second one of the same kind and platform in a unit is flagged). */
export const accountKinds: readonly PositionKind[] = [
  'website',
  'wechat',
  'video',
  'weibo',
  'douyin',
];

/**
 * Expected update cadence in days when none is set: 14 for websites and new media (the national
 * indicators' two-week rule for homepages and dynamic columns); looser for print and physical
 * positions, which units set per position.
 */
export const defaultCadenceDays: Record<PositionKind, number> = {
  website: 14,
  wechat: 14,
  video: 14,
  weibo: 14,
  douyin: 14,
  publication: 90,
  screen: 30,
  board: 30,
  wall: 180,
  lecture: 180,
  forum: 180,
  other: 30,
};

/**
 * Lifecycle events, each dated: 开设 (opened), 变更 (changed: name, address, owner), 停更公告
 * (announced pause of updates), 关停 (shut down), 注销 (deregistered). A position's state is
 * its latest event's kind.
 */
export const positionEventKinds = ['open', 'change', 'pause', 'shutdown', 'deregister'] as const;
export type PositionEventKind = (typeof positionEventKinds)[number];
export const positionEventLabels: Record<PositionEventKind, string> = {
  open: '开设',
  change: '变更',
  pause: '停更公告',
  shutdown: '关停',
  deregister: '注销',
};
/** The state each event leaves the position in. */
export const positionStateLabels: Record<PositionEventKind, string> = {
  open: '运行中',
  change: '运行中（已变更）',
  pause: '已公告停更',
  shutdown: '已关停',
  deregister: '已注销',
};
/** States in which a position is expected to be updated (and a website checked nightly). */
export const activeStates: readonly PositionEventKind[] = ['open', 'change'];

export const checkStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type CheckStatus = (typeof checkStatuses)[number];
export const checkStatusLabels: Record<CheckStatus, string> = {
  queued: '排队中',
  running: '检查中',
  done: '已完成',
  failed: '失败',
};

export const severities = ['veto', 'deduct', 'info'] as const;
export type Severity = (typeof severities)[number];
export const severityLabels: Record<Severity, string> = {
  veto: '单项否决',
  deduct: '扣分项',
  info: '提示',
};

/** Chinese names of the site checker's finding codes and of the aggregate vetoes added here. */
export const findingCodeLabels: Record<string, string> = {
  'site-unreachable': '网站无法访问',
  'home-stale': '首页长期未更新',
  'column-stale': '栏目长期未更新',
  'column-blank': '空白栏目',
  'link-broken': '错链断链',
  'formulation-error': '规范表述错误',
  typo: '错别字',
  'pii-idcard': '泄露身份证号',
  'pii-mobile': '公开手机号码',
  'secret-marking': '涉密标识',
  'columns-stale-many': '超过 5 个栏目长期未更新（单项否决）',
  'columns-blank-many': '超过 5 个空白栏目（单项否决）',
};

const url = plainString()
  .trim()
  .max(500)
  .refine(
    (s) => s === '' || /^https?:\/\/[^\s/]+/i.test(s),
    '应为以 http:// 或 https:// 开头的网址',
  );

export const positionInput = z.strictObject({
  unitId: id,
  kind: z.enum(positionKinds),
  name: requiredText(100),
  url: url.optional(),
  platform: text(50).optional(),
  accountId: text(100).optional(),
  ownerPersonId: id.nullable().optional(),
  cadenceDays: z
    .number()
    .int('应为整数')
    .min(1, '至少 1 天')
    .max(3650, '不能超过 3650 天')
    .optional(),
  interaction: z.boolean().optional(),
  note: text(1000).optional(),
  /** The day it was opened (开设); default today. */
  openedOn: isoDate.optional(),
});
export type PositionInput = z.output<typeof positionInput>;
export const positionPatch = patchOf(
  positionInput.omit({ unitId: true, kind: true, openedOn: true }),
);
export type PositionPatch = z.output<typeof positionPatch>;

export const positionListQuery = z.strictObject({
  unitId: id.optional(),
  kind: z.enum(positionKinds).optional(),
  status: z.enum(positionEventKinds).optional(),
  ...pageQuery,
});
export type PositionListQuery = z.output<typeof positionListQuery>;

export const positionEventInput = z.strictObject({
  kind: z.enum(positionEventKinds),
  date: isoDate,
  note: text(500).optional(),
});
export type PositionEventInput = z.output<typeof positionEventInput>;

export const checkListQuery = z.strictObject({ ...pageQuery });

/** One entry of the server-side allow-list of private hosts (a host name, an address or a CIDR). */
export const monitorAllowInput = z.strictObject({
  entry: requiredText(100).refine(
    (s) => /^[\w.:-]+(\/\d{1,3})?$/.test(s),
    '应为主机名、IP 地址或 CIDR 网段，如 10.0.0.0/8',
  ),
  note: text(200).optional(),
});
