import { peopleDirectory } from '../org/service.js';
import type { ServiceContext } from '../platform/context.js';
import type { ExcelColumn } from '../platform/excel.js';
import {
  beijingTimeCell,
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
import { createPlan, createSession, listPlans, listSessions } from './service.js';
import {
  type AttendanceStatus,
  branchSessionKinds,
  sessionKindLabels,
  sessionKinds,
  studyPlans,
  studySessions,
} from './tables.js';

// ---------------------------------------------------------------- sessions

const sessionKind = labelled(sessionKinds, sessionKindLabels);
const attendanceColumns: { key: 'present' | 'absent' | 'excused'; header: string }[] = [
  { key: 'present', header: '出席人员（、分隔）' },
  { key: 'absent', header: '缺席人员' },
  { key: 'excused', header: '请假人员' },
];

export const sessionColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位或支部', width: 30 },
  { key: 'kind', header: '类型', options: sessionKind.options, width: 20 },
  { key: 'heldAt', header: '时间', width: 18 },
  { key: 'title', header: '主题', width: 30 },
  { key: 'topics', header: '学习内容', width: 40 },
  {
    key: 'firstTopic',
    header: '第一议题',
    options: ['是', '否'],
    dependsOn: {
      column: 'kind',
      in: [sessionKindLabels['party-group']],
      required: true,
      blankOtherwise: true,
    },
    width: 10,
  },
  { key: 'lecturer', header: '主讲人', width: 14 },
  ...attendanceColumns.map((c) => ({ ...c, width: 30 })),
  { key: 'attachmentIds', header: '附件编号', width: 14 },
];

// Which kinds take 第一议题 is the column's `dependsOn` rule: the template offers 是/否 only on
// those rows and the import refuses it elsewhere, from that one description.
const sessionRow = z.object({
  unit: requiredCell(100),
  kind: sessionKind.cell,
  heldAt: beijingTimeCell,
  title: requiredCell(200),
  topics: textCell(5000),
  firstTopic: z.enum(['是', '否', ''], { message: '应为“是”或“否”' }),
  lecturer: textCell(100),
  present: listCell(1000, 50),
  absent: listCell(1000, 50),
  excused: listCell(1000, 50),
  attachmentIds: attachmentIdsCell,
});

const sessionSheet = ledgerSheet({
  name: '学习活动',
  columns: sessionColumns,
  list: listSessions,
  row: (s) => {
    const names = (status: AttendanceStatus) =>
      joinList(s.attendance.filter((a) => a.status === status).map((a) => a.name));
    return {
      unit: s.unitName,
      kind: sessionKindLabels[s.kind],
      heldAt: formatBeijing(s.heldAt),
      title: s.title,
      topics: s.topics,
      firstTopic: s.firstTopic === null ? '' : s.firstTopic ? '是' : '否',
      lecturer: s.lecturerName,
      present: names('present'),
      absent: names('absent'),
      excused: names('excused'),
      attachmentIds: joinList(s.attachmentIds.map(String)),
    };
  },
});
export const sessionTemplate = sessionSheet.template;
export const exportSessions = sessionSheet.export;

/** All or nothing: units, kinds, every named attendee and attachments are checked first. */
export function importSessions(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'study-session',
    columns: sessionColumns,
    row: sessionRow,
    prepare: (directory) => peopleDirectory(ctx, directory),
    resolve({ value, complete, unit }, report, staff) {
      const kind = value.kind === undefined ? undefined : sessionKind.key(value.kind);
      if (kind && branchSessionKinds.includes(kind) && unit.kind !== 'branch')
        report('单位或支部', `${value.kind}应登记在党支部名下`);
      if ((kind === 'central-group' || kind === 'party-group') && unit.kind !== 'unit')
        report('单位或支部', `${value.kind}应登记在单位名下`);
      const attendance: { personId: number; status: AttendanceStatus }[] = [];
      const seen = new Set<number>();
      for (const column of attendanceColumns) {
        for (const name of value[column.key] ?? []) {
          const personId = staff.resolve(unit.id, name);
          if (typeof personId === 'string') report(column.header, personId);
          else if (seen.has(personId)) report(column.header, `「${name}」重复登记`);
          else {
            seen.add(personId);
            attendance.push({ personId, status: column.key });
          }
        }
      }
      if (!complete || !kind) return undefined;
      // A lecturer found in the register is linked; otherwise the printed name is kept as text.
      const lecturer = complete.lecturer ? staff.resolve(unit.id, complete.lecturer) : null;
      return {
        unitId: unit.id,
        kind,
        value: complete,
        attendance,
        lecturerId: typeof lecturer === 'number' ? lecturer : null,
      };
    },
    naturalKey: {
      label: '单位、类型、时间和主题',
      field: '主题',
      of: ({ value, unit }) =>
        value.kind && value.heldAt && value.title
          ? [unit.id, sessionKind.key(value.kind), value.heldAt, value.title]
          : undefined,
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: studySessions,
            unitColumn: studySessions.unitId,
            columns: [
              studySessions.unitId,
              studySessions.kind,
              studySessions.heldAt,
              studySessions.title,
            ],
          },
          unitIds,
        ),
    },
    insert: (r) =>
      createSession(ctx, {
        unitId: r.unitId,
        kind: r.kind,
        heldAt: r.value.heldAt,
        title: r.value.title,
        topics: r.value.topics,
        firstTopic: r.value.firstTopic ? r.value.firstTopic === '是' : undefined,
        lecturerId: r.lecturerId,
        lecturerName: r.value.lecturer,
        attendance: r.attendance,
        attachmentIds: r.value.attachmentIds,
      }),
  });
}

// ---------------------------------------------------------------- plans

export const planColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'year', header: '年度', width: 8 },
  { key: 'title', header: '计划名称', width: 40 },
  { key: 'attachmentIds', header: '附件编号', width: 14 },
];

const planRow = z.object({
  unit: requiredCell(100),
  year: yearCell,
  title: requiredCell(200),
  attachmentIds: attachmentIdsCell,
});

const planSheet = ledgerSheet({
  name: '学习计划',
  columns: planColumns,
  list: listPlans,
  row: (p) => ({
    unit: p.unitName,
    year: p.year,
    title: p.title,
    attachmentIds: joinList(p.attachmentIds.map(String)),
  }),
});
export const planTemplate = planSheet.template;
export const exportPlans = planSheet.export;

export function importPlans(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'study-plan',
    columns: planColumns,
    row: planRow,
    resolve: ({ complete, unit }) => (complete ? { unitId: unit.id, value: complete } : undefined),
    naturalKey: {
      label: '单位、年度和计划名称',
      field: '计划名称',
      of: ({ value, unit }) =>
        value.year && value.title ? [unit.id, value.year, value.title] : undefined,
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: studyPlans,
            unitColumn: studyPlans.unitId,
            columns: [studyPlans.unitId, studyPlans.year, studyPlans.title],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, value }) => createPlan(ctx, { unitId, ...value }),
  });
}
