import type { ServiceContext } from '../platform/context.js';
import {
  type ExcelColumn,
  readSheet,
  refuseIfErrors,
  toWorkbook,
  validateRows,
} from '../platform/excel.js';
import { countCell, dateCell, joinList, unitDirectory } from '../platform/excel-cells.js';
import { attachmentIdsCell, visibleAttachmentIds } from '../platform/files.js';
import { z } from '../platform/validation.js';
import { createActivity, listActivities } from './service.js';
import { type ActivityType, activityTypeLabels, activityTypes } from './tables.js';

const typeOptions = activityTypes.map((t) => activityTypeLabels[t]);
const typeByLabel = new Map(activityTypes.map((t) => [activityTypeLabels[t] as string, t]));

export const activityColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'type', header: '活动类型', options: typeOptions, width: 12 },
  { key: 'title', header: '活动名称', width: 36 },
  { key: 'heldOn', header: '日期', width: 12 },
  { key: 'sessions', header: '场次', width: 8 },
  { key: 'participants', header: '参与人数', width: 10 },
  { key: 'beneficiaries', header: '受益人数', width: 10 },
  { key: 'brandProject', header: '品牌项目', width: 20 },
  { key: 'note', header: '备注', width: 30 },
  { key: 'attachmentIds', header: '照片/附件编号', width: 14 },
];

const activityRow = z.object({
  unit: z.string().min(1, '不能为空').max(100, '不能超过 100 个字符'),
  type: z.string().refine((v) => typeByLabel.has(v), `应为：${typeOptions.join('、')}`),
  title: z.string().min(1, '不能为空').max(200, '不能超过 200 个字符'),
  heldOn: dateCell,
  sessions: countCell(100_000).refine((n) => n >= 1, '场次至少为 1'),
  participants: countCell(10_000_000),
  beneficiaries: countCell(100_000_000),
  brandProject: z.string().max(100, '不能超过 100 个字符'),
  note: z.string().max(2000, '不能超过 2000 个字符'),
  attachmentIds: attachmentIdsCell,
});

export const activityTemplate = () => toWorkbook('活动', activityColumns, []);

export async function exportActivities(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number } = {},
) {
  const { items } = await listActivities(ctx, query);
  return toWorkbook(
    '活动',
    activityColumns,
    items.map((a) => ({
      unit: a.unitName,
      type: activityTypeLabels[a.type],
      title: a.title,
      heldOn: a.heldOn,
      sessions: a.sessions,
      participants: a.participants,
      beneficiaries: a.beneficiaries,
      brandProject: a.brandProject,
      note: a.note,
      attachmentIds: joinList(a.attachmentIds.map(String)),
    })),
  );
}

/** All or nothing: every row's fields, unit and photos are checked before anything is written. */
export async function importActivities(ctx: ServiceContext, file: Buffer) {
  const sheet = await readSheet(file, activityColumns);
  const { parsed, errors } = validateRows(sheet, activityRow, activityColumns);
  const directory = await unitDirectory(ctx);
  const visible = await visibleAttachmentIds(
    ctx,
    parsed.flatMap((p) => p.value.attachmentIds),
  );
  const ready = [];
  for (const { row, value } of parsed) {
    const unit = directory.resolve(value.unit);
    if (typeof unit === 'string') errors.push({ row, field: '单位', message: unit });
    const missing = value.attachmentIds.filter((a) => !visible.has(a));
    if (missing.length)
      errors.push({
        row,
        field: '照片/附件编号',
        message: `附件 ${missing.join('、')} 不存在或无权访问`,
      });
    if (typeof unit !== 'string') ready.push({ unitId: unit.id, value });
  }
  if (sheet.length === 0) errors.push({ row: 2, field: '单位', message: '文件中没有数据行' });
  refuseIfErrors(errors);
  for (const { unitId, value } of ready) {
    await createActivity(ctx, {
      unitId,
      type: typeByLabel.get(value.type) as ActivityType,
      title: value.title,
      heldOn: value.heldOn,
      sessions: value.sessions,
      participants: value.participants,
      beneficiaries: value.beneficiaries,
      brandProject: value.brandProject,
      note: value.note,
      attachmentIds: value.attachmentIds,
    });
  }
  await ctx.audit({ action: 'activity.import', entity: 'activity', after: { rows: ready.length } });
  return { imported: ready.length };
}
