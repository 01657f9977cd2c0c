// Request shapes and enumerations of the responsibility ledgers. Drizzle-free: the web imports
// the enumerations from here (tables.ts takes them from here too).
import {
  attachmentIdList,
  dateTime,
  id,
  isoDate,
  ledgerListFilters,
  pageQuery,
  patchOf,
  requiredText,
  text,
  year,
  z,
} from '../platform/validation.js';
/** Enumerations: defined once, feeding the tables, the zod contracts, the Excel drop-downs and the web. */
export const memberDuties = ['leader', 'deputy', 'member'] as const;
export type MemberDuty = (typeof memberDuties)[number];
export const memberDutyLabels: Record<MemberDuty, string> = {
  leader: '组长',
  deputy: '副组长',
  member: '成员',
};

export const responsibilityKinds = ['main', 'first', 'direct', 'dual'] as const;
export type ResponsibilityKind = (typeof responsibilityKinds)[number];
export const responsibilityKindLabels: Record<ResponsibilityKind, string> = {
  main: '主体责任',
  first: '第一责任人',
  direct: '直接责任',
  dual: '一岗双责',
};

export const letterStatuses = ['pending', 'signed'] as const;
export type LetterStatus = (typeof letterStatuses)[number];
export const letterStatusLabels: Record<LetterStatus, string> = {
  pending: '待签订',
  signed: '已签订',
};

export const meetingKinds = ['special-study', 'analysis'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const meetingKindLabels: Record<MeetingKind, string> = {
  'special-study': '专题研究意识形态工作',
  analysis: '意识形态工作分析研判会',
};

const listBase = {
  ...ledgerListFilters,
  ...pageQuery,
};

export const leadingGroupInput = z.strictObject({
  unitId: id,
  name: requiredText(100),
  adjustedOn: isoDate.nullable().optional(),
  note: text(1000).optional(),
  members: z
    .array(z.strictObject({ personId: id, duty: z.enum(memberDuties) }))
    .max(100, '成员最多 100 人'),
});
export type LeadingGroupInput = z.output<typeof leadingGroupInput>;
export const leadingGroupListQuery = z.strictObject({ unitId: id.optional(), ...pageQuery });

export const assignmentInput = z.strictObject({
  unitId: id,
  year,
  kind: z.enum(responsibilityKinds),
  personId: id.nullable().optional(),
  holder: text(100).optional(),
  fields: text(500).optional(),
});
export type AssignmentInput = z.output<typeof assignmentInput>;
export const assignmentPatch = patchOf(assignmentInput.omit({ unitId: true }));
export type AssignmentPatch = z.output<typeof assignmentPatch>;
export const assignmentListQuery = z.strictObject({
  ...listBase,
  kind: z.enum(responsibilityKinds).optional(),
});

export const letterInput = z.strictObject({
  unitId: id,
  year,
  personId: id,
  status: z.enum(letterStatuses).optional(),
  signedOn: isoDate.nullable().optional(),
  attachmentIds: attachmentIdList.optional(),
  note: text(500).optional(),
});
export type LetterInput = z.output<typeof letterInput>;
export const letterPatch = patchOf(letterInput.omit({ unitId: true }));
export type LetterPatch = z.output<typeof letterPatch>;
export const letterSign = z.strictObject({
  signedOn: isoDate,
  attachmentIds: attachmentIdList.optional(),
});
export type LetterSign = z.output<typeof letterSign>;
export const letterIssue = z.strictObject({ unitId: id, year });
export const letterListQuery = z.strictObject({
  ...listBase,
  status: z.enum(letterStatuses).optional(),
});

export const meetingInput = z.strictObject({
  unitId: id,
  kind: z.enum(meetingKinds),
  heldAt: dateTime,
  title: requiredText(200),
  participants: z.array(requiredText(50)).max(200, '参加人员最多 200 人').optional(),
  topics: text(2000).optional(),
  minutes: text(20_000).optional(),
  attachmentIds: attachmentIdList.optional(),
});
export type MeetingInput = z.output<typeof meetingInput>;
export const meetingPatch = patchOf(meetingInput.omit({ unitId: true }));
export type MeetingPatch = z.output<typeof meetingPatch>;
export const meetingListQuery = z.strictObject({
  ...listBase,
  kind: z.enum(meetingKinds).optional(),
});

export const reportInput = z.strictObject({
  unitId: id,
  year,
  title: text(200).optional(),
  submittedOn: isoDate,
  attachmentIds: attachmentIdList.optional(),
});
export type ReportInput = z.output<typeof reportInput>;
export const reportPatch = patchOf(reportInput.omit({ unitId: true }));
export type ReportPatch = z.output<typeof reportPatch>;
export const reportListQuery = z.strictObject(listBase);
