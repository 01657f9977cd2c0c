import { peopleDirectory } from '../org/service.js';
import type { ServiceContext } from '../platform/context.js';
import type { ExcelColumn } from '../platform/excel.js';
import {
  beijingTimeCell,
  countCell,
  dateCell,
  formatBeijing,
  joinList,
  labelled,
  listCell,
  requiredCell,
  textCell,
  yearCell,
} from '../platform/excel-cells.js';
import { attachmentIdsCell } from '../platform/files.js';
import { importLedger, ledgerSheet, storedKeys } from '../platform/ledger.js';
import { z } from '../platform/validation.js';
import {
  addLeadingGroupMembers,
  createAssignment,
  createLetter,
  createMeeting,
  createReport,
  listAssignments,
  listGroupMembers,
  listLetters,
  listMeetings,
  listReports,
} from './service.js';
import {
  agendaMeetings,
  leadingGroupMembers,
  letterStatuses,
  letterStatusLabels,
  type MemberDuty,
  meetingKindLabels,
  meetingKinds,
  memberDuties,
  memberDutyLabels,
  responsibilityAssignments,
  responsibilityKindLabels,
  responsibilityKinds,
  responsibilityLetters,
  yearlyReports,
} from './tables.js';

// ---------------------------------------------------------------- letters

const letterStatus = labelled(letterStatuses, letterStatusLabels);

export const letterColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'year', header: '年度', width: 8 },
  { key: 'person', header: '责任人', width: 12 },
  { key: 'status', header: '状态', options: letterStatus.options, width: 10 },
  {
    key: 'signedOn',
    header: '签订日期',
    dependsOn: {
      column: 'status',
      in: [letterStatusLabels.signed],
      required: true,
      blankOtherwise: true,
    },
    width: 12,
  },
  { key: 'attachmentIds', header: '附件编号', width: 14 },
  { key: 'note', header: '备注', width: 30 },
];

// 签订日期 only with 已签订: the column's `dependsOn` rule, checked on import and encoded in the
// template.
const letterRow = z.object({
  unit: requiredCell(100),
  year: yearCell,
  person: requiredCell(50),
  status: letterStatus.cell,
  signedOn: z.union([z.literal(''), dateCell]),
  attachmentIds: attachmentIdsCell,
  note: textCell(500),
});

const letterSheet = ledgerSheet({
  name: '责任书',
  columns: letterColumns,
  list: listLetters,
  row: (l) => ({
    unit: l.unitName,
    year: l.year,
    person: l.personName,
    status: letterStatusLabels[l.status],
    signedOn: l.signedOn ?? '',
    attachmentIds: joinList(l.attachmentIds.map(String)),
    note: l.note,
  }),
});
export const letterTemplate = letterSheet.template;
export const exportLetters = letterSheet.export;

/** All or nothing: fields, units, people, duplicates and attachments are checked before writing. */
export function importLetters(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'responsibility-letter',
    columns: letterColumns,
    row: letterRow,
    prepare: (directory) => peopleDirectory(ctx, directory),
    resolve({ value, complete, unit }, report, staff) {
      const personId = value.person ? staff.resolve(unit.id, value.person) : undefined;
      if (typeof personId === 'string') return report('责任人', personId);
      if (!complete || personId === undefined) return undefined;
      return { unitId: unit.id, personId, value: complete };
    },
    naturalKey: {
      label: '单位、年度和责任人',
      field: '责任人',
      of({ value, unit }, staff) {
        const personId = value.person ? staff.resolve(unit.id, value.person) : undefined;
        return value.year && typeof personId === 'number'
          ? [unit.id, value.year, personId]
          : undefined;
      },
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: responsibilityLetters,
            unitColumn: responsibilityLetters.unitId,
            columns: [
              responsibilityLetters.unitId,
              responsibilityLetters.year,
              responsibilityLetters.personId,
            ],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, personId, value }) =>
      createLetter(ctx, {
        unitId,
        year: value.year,
        personId,
        status: letterStatus.key(value.status),
        signedOn: value.signedOn || null,
        attachmentIds: value.attachmentIds,
        note: value.note,
      }),
  });
}

// ---------------------------------------------------------------- agenda meetings

const meetingKind = labelled(meetingKinds, meetingKindLabels);

export const meetingColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'kind', header: '会议类型', options: meetingKind.options, width: 24 },
  { key: 'heldAt', header: '时间', width: 18 },
  { key: 'title', header: '会议名称', width: 30 },
  { key: 'participants', header: '参加人员（、分隔）', width: 30 },
  { key: 'topics', header: '议题', width: 30 },
  { key: 'minutes', header: '会议纪要', width: 40 },
  { key: 'attachmentIds', header: '附件编号', width: 14 },
];

const meetingRow = z.object({
  unit: requiredCell(100),
  kind: meetingKind.cell,
  heldAt: beijingTimeCell,
  title: requiredCell(200),
  participants: listCell(200, 50),
  topics: textCell(2000),
  minutes: textCell(20_000),
  attachmentIds: attachmentIdsCell,
});

const meetingSheet = ledgerSheet({
  name: '议事会议',
  columns: meetingColumns,
  list: listMeetings,
  row: (m) => ({
    unit: m.unitName,
    kind: meetingKindLabels[m.kind],
    heldAt: formatBeijing(m.heldAt),
    title: m.title,
    participants: joinList(m.participants),
    topics: m.topics,
    minutes: m.minutes,
    attachmentIds: joinList(m.attachmentIds.map(String)),
  }),
});
export const meetingTemplate = meetingSheet.template;
export const exportMeetings = meetingSheet.export;

export function importMeetings(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'agenda-meeting',
    columns: meetingColumns,
    row: meetingRow,
    resolve: ({ complete, unit }) => (complete ? { unitId: unit.id, value: complete } : undefined),
    naturalKey: {
      label: '单位、会议类型、时间和会议名称',
      field: '会议名称',
      of: ({ value, unit }) =>
        value.kind && value.heldAt && value.title
          ? [unit.id, meetingKind.key(value.kind), value.heldAt, value.title]
          : undefined,
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: agendaMeetings,
            unitColumn: agendaMeetings.unitId,
            columns: [
              agendaMeetings.unitId,
              agendaMeetings.kind,
              agendaMeetings.heldAt,
              agendaMeetings.title,
            ],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, value }) =>
      createMeeting(ctx, {
        unitId,
        kind: meetingKind.key(value.kind),
        heldAt: value.heldAt,
        title: value.title,
        participants: value.participants,
        topics: value.topics,
        minutes: value.minutes,
        attachmentIds: value.attachmentIds,
      }),
  });
}

// ---------------------------------------------------------------- yearly reports

export const reportColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'year', header: '报告年度', width: 10 },
  { key: 'title', header: '标题', width: 40 },
  { key: 'submittedOn', header: '报送日期', width: 12 },
  { key: 'attachmentIds', header: '附件编号', width: 14 },
];

const reportRow = z.object({
  unit: requiredCell(100),
  year: yearCell,
  title: textCell(200),
  submittedOn: dateCell,
  attachmentIds: attachmentIdsCell,
});

const reportSheet = ledgerSheet({
  name: '年度报告',
  columns: reportColumns,
  list: listReports,
  row: (r) => ({
    unit: r.unitName,
    year: r.year,
    title: r.title,
    submittedOn: r.submittedOn,
    attachmentIds: joinList(r.attachmentIds.map(String)),
  }),
});
export const reportTemplate = reportSheet.template;
export const exportReports = reportSheet.export;

export function importReports(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'yearly-report',
    columns: reportColumns,
    row: reportRow,
    resolve: ({ complete, unit }) => (complete ? { unitId: unit.id, value: complete } : undefined),
    naturalKey: {
      label: '单位和报告年度',
      field: '报告年度',
      of: ({ value, unit }) => (value.year ? [unit.id, value.year] : undefined),
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: yearlyReports,
            unitColumn: yearlyReports.unitId,
            columns: [yearlyReports.unitId, yearlyReports.year],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, value }) =>
      createReport(ctx, {
        unitId,
        year: value.year,
        title: value.title,
        submittedOn: value.submittedOn,
        attachmentIds: value.attachmentIds,
      }),
  });
}

// ---------------------------------------------------------------- responsibility assignments

const assignmentKind = labelled(responsibilityKinds, responsibilityKindLabels);

export const assignmentColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'year', header: '年度', width: 8 },
  { key: 'kind', header: '责任类型', options: assignmentKind.options, width: 14 },
  {
    key: 'person',
    header: '责任人',
    dependsOn: {
      column: 'kind',
      in: responsibilityKinds.filter((k) => k !== 'main').map((k) => responsibilityKindLabels[k]),
      required: true,
      blankOtherwise: false,
    },
    width: 12,
  },
  { key: 'holder', header: '职务或责任主体', width: 20 },
  { key: 'fields', header: '分管领域', width: 40 },
];

// 第一责任人、直接责任和一岗双责 name their person: the column's `dependsOn` rule.
const assignmentRow = z.object({
  unit: requiredCell(100),
  year: yearCell,
  kind: assignmentKind.cell,
  person: textCell(50),
  holder: textCell(100),
  fields: textCell(500),
});

const assignmentSheet = ledgerSheet({
  name: '责任分工',
  columns: assignmentColumns,
  list: listAssignments,
  row: (a) => ({
    unit: a.unitName,
    year: a.year,
    kind: responsibilityKindLabels[a.kind],
    person: a.personName ?? '',
    holder: a.holder,
    fields: a.fields,
  }),
});
export const assignmentTemplate = assignmentSheet.template;
export const exportAssignments = assignmentSheet.export;

/** All or nothing: fields, units and the named people are checked before anything is written. */
export function importAssignments(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'responsibility-assignment',
    columns: assignmentColumns,
    row: assignmentRow,
    prepare: (directory) => peopleDirectory(ctx, directory),
    resolve({ value, complete, unit }, report, staff) {
      const personId = value.person ? staff.resolve(unit.id, value.person) : null;
      if (typeof personId === 'string') return report('责任人', personId);
      return complete ? { unitId: unit.id, personId, value: complete } : undefined;
    },
    naturalKey: {
      label: '单位、年度、责任类型、责任人和职务',
      field: '责任人',
      of({ value, unit }, staff) {
        const personId = value.person ? staff.resolve(unit.id, value.person) : null;
        return value.year && value.kind && typeof personId !== 'string'
          ? [unit.id, value.year, assignmentKind.key(value.kind), personId, value.holder ?? '']
          : undefined;
      },
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: responsibilityAssignments,
            unitColumn: responsibilityAssignments.unitId,
            columns: [
              responsibilityAssignments.unitId,
              responsibilityAssignments.year,
              responsibilityAssignments.kind,
              responsibilityAssignments.personId,
              responsibilityAssignments.holder,
            ],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, personId, value }) =>
      createAssignment(ctx, {
        unitId,
        year: value.year,
        kind: assignmentKind.key(value.kind),
        personId,
        holder: value.holder,
        fields: value.fields,
      }),
  });
}

// ---------------------------------------------------------------- leading-group members

const memberDuty = labelled(memberDuties, memberDutyLabels);
const DEFAULT_GROUP_NAME = '意识形态工作领导小组';

export const memberColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'group', header: '领导小组名称', width: 26 },
  { key: 'person', header: '姓名', width: 12 },
  { key: 'duty', header: '职务', options: memberDuty.options, width: 10 },
  { key: 'sort', header: '排序', width: 8 },
];

const memberRow = z.object({
  unit: requiredCell(100),
  group: textCell(100),
  person: requiredCell(50),
  duty: memberDuty.cell,
  sort: countCell(10_000),
});

const memberSheet = ledgerSheet({
  name: '领导小组成员',
  columns: memberColumns,
  list: async (ctx, query) => ({ items: await listGroupMembers(ctx, query) }),
  row: (m) => ({
    unit: m.unitName,
    group: m.groupName,
    person: m.name,
    duty: memberDutyLabels[m.duty],
    sort: m.sort,
  }),
});
export const memberTemplate = memberSheet.template;
export const exportMembers = memberSheet.export;

/**
 * All or nothing: the rows are added to each unit's leading group (set up under the file's group
 * name when the unit has none); a person already in the group, or twice in the file, is refused.
 */
export async function importMembers(ctx: ServiceContext, file: Buffer) {
  const existing = await listGroupMembers(ctx);
  const groupNames = new Map(existing.map((m) => [m.unitId, m.groupName]));
  const byUnit = new Map<
    number,
    { groupName: string; members: { personId: number; duty: MemberDuty; sort: number }[] }
  >();
  return importLedger(ctx, file, {
    entity: 'leading-group-member',
    columns: memberColumns,
    row: memberRow,
    prepare: (directory) => peopleDirectory(ctx, directory),
    resolve({ value, complete, unit }, report, staff) {
      const personId = value.person ? staff.resolve(unit.id, value.person) : undefined;
      if (typeof personId === 'string') report('姓名', personId);
      const groupName = value.group || groupNames.get(unit.id) || DEFAULT_GROUP_NAME;
      if (groupNames.has(unit.id) && groupNames.get(unit.id) !== groupName)
        return report('领导小组名称', `应与该单位的领导小组名称「${groupNames.get(unit.id)}」一致`);
      if (value.group !== undefined) groupNames.set(unit.id, groupName);
      if (!complete || typeof personId !== 'number') return undefined;
      return {
        unitId: unit.id,
        groupName,
        personId,
        duty: memberDuty.key(complete.duty),
        value: complete,
      };
    },
    naturalKey: {
      label: '单位和姓名',
      field: '姓名',
      of({ value, unit }, staff) {
        const personId = value.person ? staff.resolve(unit.id, value.person) : undefined;
        return typeof personId === 'number' ? [unit.id, personId] : undefined;
      },
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: leadingGroupMembers,
            unitColumn: leadingGroupMembers.unitId,
            columns: [leadingGroupMembers.unitId, leadingGroupMembers.personId],
          },
          unitIds,
        ),
    },
    async insert(r) {
      const entry = byUnit.get(r.unitId) ?? { groupName: r.groupName, members: [] };
      entry.members.push({ personId: r.personId, duty: r.duty, sort: r.value.sort });
      byUnit.set(r.unitId, entry);
    },
    // Members are written per unit so each group change is one audited adjustment.
    async finish() {
      for (const [unitId, entry] of byUnit) await addLeadingGroupMembers(ctx, { unitId, ...entry });
    },
  });
}
