// Request shapes and labels of lecture and forum approval (报告会、论坛、讲座审批) and of the
// positions figures. Drizzle-free: the web imports the enumerations and labels from here.
import {
  attachmentIdList,
  dateTime,
  id,
  integer,
  pageQuery,
  patchOf,
  requiredText,
  text,
  year,
  z,
} from '../platform/validation.js';

export const lectureKinds = ['report', 'forum', 'lecture'] as const;
export type LectureKind = (typeof lectureKinds)[number];
export const lectureKindLabels: Record<LectureKind, string> = {
  report: '报告会',
  forum: '论坛',
  lecture: '讲座',
};

/**
 * draft → submitted → (unit leader) approved, or for an outside speaker → unit-approved →
 * (committee) approved; a rejection at either step returns it to the organiser (returned), who
 * may edit and submit again.
 */
export const lectureStatuses = [
  'draft',
  'submitted',
  'unit-approved',
  'approved',
  'returned',
] as const;
export type LectureStatus = (typeof lectureStatuses)[number];
export const lectureStatusLabels: Record<LectureStatus, string> = {
  draft: '草稿',
  submitted: '待单位审批',
  'unit-approved': '待工委审批',
  approved: '已批准',
  returned: '已退回',
};

export const lectureActions = [
  'edit',
  'submit',
  'approve',
  'forward',
  'committee-approve',
  'reject',
] as const;
export type LectureAction = (typeof lectureActions)[number];
export const lectureActionLabels: Record<LectureAction | 'create', string> = {
  create: '登记',
  edit: '修改',
  submit: '提交审批',
  approve: '审批通过',
  forward: '同意并报工委审批',
  'committee-approve': '工委审批通过',
  reject: '退回',
};

/** The finding an event held without approval opens (rectification code). */
export const UNAPPROVED_CODE = 'lecture-unapproved';
export const UNAPPROVED_LABEL = '未经审批';

const lectureFields = {
  unitId: id,
  positionId: id.nullable().optional(),
  kind: z.enum(lectureKinds),
  topic: requiredText(200),
  speaker: requiredText(100),
  speakerAffiliation: text(200).optional(),
  outsideSpeaker: z.boolean(),
  audience: text(200).optional(),
  audienceSize: integer(0, 1_000_000).optional(),
  startsAt: dateTime,
  place: text(200).optional(),
  attachmentIds: attachmentIdList.optional(),
};

export const lectureInput = z.strictObject(lectureFields);
export type LectureInput = z.output<typeof lectureInput>;

const { unitId: _unit, ...editable } = lectureFields;
export const lecturePatch = patchOf(z.strictObject(editable));
export type LecturePatch = z.output<typeof lecturePatch>;

/** A decision: the reason is required to reject, optional to approve. */
export const lectureDecision = z.strictObject({ reason: text(500).optional() });
export type LectureDecision = z.output<typeof lectureDecision>;

export const lectureListQuery = z.strictObject({
  unitId: id.optional(),
  status: z.enum(lectureStatuses).optional(),
  /** Only events whose time has passed without approval (未经审批). */
  unapproved: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type LectureListQuery = z.output<typeof lectureListQuery>;

// ------------------------------------------------------------------ figures

export const figurePeriods = ['month', 'quarter', 'year'] as const;
export type FigurePeriod = (typeof figurePeriods)[number];
export const figurePeriodLabels: Record<FigurePeriod, string> = {
  month: '按月',
  quarter: '按季度',
  year: '按年',
};

export const figuresQuery = z.strictObject({
  unitId: id.optional(),
  period: z.enum(figurePeriods).optional(),
  year: year.optional(),
});
export type FiguresQuery = z.output<typeof figuresQuery>;

export const summaryQuery = z.strictObject({ unitId: id.optional() });
