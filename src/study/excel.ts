import { peopleDirectory } from '../org/service.js';
import type { ServiceContext } from '../platform/context.js';
import type { RowError } from '../platform/errors.js';
import {
  type ExcelColumn,
  readSheet,
  refuseIfErrors,
  toWorkbook,
  validateRows,
} from '../platform/excel.js';
import {
  beijingTimeCell,
  formatBeijing,
  joinList,
  listCell,
  unitDirectory,
  yearCell,
} from '../platform/excel-cells.js';
import { attachmentIdsCell, visibleAttachmentIds } from '../platform/files.js';
import type { ExportQuery } from '../platform/ledger-routes.js';
import { z } from '../platform/validation.js';
import { createPlan, createSession, listPlans, listSessions } from './service.js';
import {
  type AttendanceStatus,
  branchSessionKinds,
  type SessionKind,
  sessionKindLabels,
  sessionKinds,
} from './tables.js';

async function checkAttachments(
  ctx: ServiceContext,
  parsed: { row: number; value: { attachmentIds: number[] } }[],
  errors: RowError[],
) {
  const visible = await visibleAttachmentIds(
    ctx,
    parsed.flatMap((p) => p.value.attachmentIds),
  );
  for (const { row, value } of parsed) {
    const missing = value.attachmentIds.filter((a) => !visible.has(a));
    if (missing.length)
      errors.push({
        row,
        field: '附件编号',
        message: `附件 ${missing.join('、')} 不存在或无权访问`,
      });
  }
}

// ---------------------------------------------------------------- sessions

const kindOptions = sessionKinds.map((k) => sessionKindLabels[k]);
const kindByLabel = new Map(sessionKinds.map((k) => [sessionKindLabels[k] as string, k]));
const attendanceColumns: { key: 'present' | 'absent' | 'excused'; header: string }[] = [
  { key: 'present', header: '出席人员（、分隔）' },
  { key: 'absent', header: '缺席人员' },
  { key: 'excused', header: '请假人员' },
];

export const sessionColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位或支部', width: 30 },
  { key: 'kind', header: '类型', options: kindOptions, width: 20 },
  { key: 'heldAt', header: '时间', width: 18 },
  { key: 'title', header: '主题', width: 30 },
  { key: 'topics', header: '学习内容', width: 40 },
  { key: 'firstTopic', header: '第一议题', options: ['是', '否'], width: 10 },
  { key: 'lecturer', header: '主讲人', width: 14 },
  ...attendanceColumns.map((c) => ({ ...c, width: 30 })),
  { key: 'attachmentIds', header: '附件编号', width: 14 },
];

const sessionRow = z
  .object({
    unit: z.string().min(1, '不能为空').max(100, '不能超过 100 个字符'),
    kind: z.string().refine((v) => kindByLabel.has(v), `应为：${kindOptions.join('、')}`),
    heldAt: beijingTimeCell,
    title: z.string().min(1, '不能为空').max(200, '不能超过 200 个字符'),
    topics: z.string().max(5000, '不能超过 5000 个字符'),
    firstTopic: z.enum(['是', '否', ''], { message: '应为“是”或“否”' }),
    lecturer: z.string().max(100, '不能超过 100 个字符'),
    present: listCell(1000, 50),
    absent: listCell(1000, 50),
    excused: listCell(1000, 50),
    attachmentIds: attachmentIdsCell,
  })
  .superRefine((v, issue) => {
    if (v.kind === sessionKindLabels['party-group'] && !v.firstTopic)
      issue.addIssue({
        code: 'custom',
        path: ['firstTopic'],
        message: '党组会议须填写是否学习第一议题',
      });
    if (v.kind !== sessionKindLabels['party-group'] && v.firstTopic)
      issue.addIssue({ code: 'custom', path: ['firstTopic'], message: '只有党组会议填写第一议题' });
  });

export const sessionTemplate = () => toWorkbook('学习活动', sessionColumns, []);

export async function exportSessions(ctx: ServiceContext, query: ExportQuery = {}) {
  const { items } = await listSessions(ctx, query);
  return toWorkbook(
    '学习活动',
    sessionColumns,
    items.map((s) => {
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
    }),
  );
}

/** All or nothing: units, kinds, every named attendee and attachments are checked first. */
export async function importSessions(ctx: ServiceContext, file: Buffer) {
  const sheet = await readSheet(file, sessionColumns);
  const { parsed, errors } = validateRows(sheet, sessionRow, sessionColumns);
  const directory = await unitDirectory(ctx);
  const staff = await peopleDirectory(ctx, directory);
  const ready = [];
  for (const { row, value } of parsed) {
    const unit = directory.resolve(value.unit);
    if (typeof unit === 'string') {
      errors.push({ row, field: '单位或支部', message: unit });
      continue;
    }
    const kind = kindByLabel.get(value.kind) as SessionKind;
    if (branchSessionKinds.includes(kind) && unit.kind !== 'branch') {
      errors.push({ row, field: '单位或支部', message: `${value.kind}应登记在党支部名下` });
      continue;
    }
    if ((kind === 'central-group' || kind === 'party-group') && unit.kind !== 'unit') {
      errors.push({ row, field: '单位或支部', message: `${value.kind}应登记在单位名下` });
      continue;
    }
    const attendance: { personId: number; status: AttendanceStatus }[] = [];
    const seen = new Set<number>();
    for (const column of attendanceColumns) {
      for (const name of value[column.key]) {
        const personId = staff.resolve(unit.id, name);
        if (typeof personId === 'string') {
          errors.push({ row, field: column.header, message: personId });
        } else if (seen.has(personId)) {
          errors.push({ row, field: column.header, message: `「${name}」重复登记` });
        } else {
          seen.add(personId);
          attendance.push({ personId, status: column.key });
        }
      }
    }
    // A lecturer found in the register is linked; otherwise the printed name is kept as text.
    const lecturer = value.lecturer ? staff.resolve(unit.id, value.lecturer) : null;
    ready.push({
      unitId: unit.id,
      kind,
      value,
      attendance,
      lecturerId: typeof lecturer === 'number' ? lecturer : null,
    });
  }
  await checkAttachments(ctx, parsed, errors);
  if (sheet.length === 0) errors.push({ row: 2, field: '单位或支部', message: '文件中没有数据行' });
  refuseIfErrors(errors);
  for (const r of ready) {
    await createSession(ctx, {
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
    });
  }
  await ctx.audit({
    action: 'study-session.import',
    entity: 'study-session',
    after: { rows: ready.length },
  });
  return { imported: ready.length };
}

// ---------------------------------------------------------------- plans

export const planColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'year', header: '年度', width: 8 },
  { key: 'title', header: '计划名称', width: 40 },
  { key: 'attachmentIds', header: '附件编号', width: 14 },
];

const planRow = z.object({
  unit: z.string().min(1, '不能为空').max(100, '不能超过 100 个字符'),
  year: yearCell,
  title: z.string().min(1, '不能为空').max(200, '不能超过 200 个字符'),
  attachmentIds: attachmentIdsCell,
});

export const planTemplate = () => toWorkbook('学习计划', planColumns, []);

export async function exportPlans(ctx: ServiceContext, query: ExportQuery = {}) {
  const { items } = await listPlans(ctx, query);
  return toWorkbook(
    '学习计划',
    planColumns,
    items.map((p) => ({
      unit: p.unitName,
      year: p.year,
      title: p.title,
      attachmentIds: joinList(p.attachmentIds.map(String)),
    })),
  );
}

export async function importPlans(ctx: ServiceContext, file: Buffer) {
  const sheet = await readSheet(file, planColumns);
  const { parsed, errors } = validateRows(sheet, planRow, planColumns);
  const directory = await unitDirectory(ctx);
  const ready = [];
  for (const { row, value } of parsed) {
    const unit = directory.resolve(value.unit);
    if (typeof unit === 'string') errors.push({ row, field: '单位', message: unit });
    else ready.push({ unitId: unit.id, value });
  }
  await checkAttachments(ctx, parsed, errors);
  if (sheet.length === 0) errors.push({ row: 2, field: '单位', message: '文件中没有数据行' });
  refuseIfErrors(errors);
  for (const { unitId, value } of ready) {
    await createPlan(ctx, { unitId, ...value });
  }
  await ctx.audit({
    action: 'study-plan.import',
    entity: 'study-plan',
    after: { rows: ready.length },
  });
  return { imported: ready.length };
}
