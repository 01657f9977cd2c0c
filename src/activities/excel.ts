import type { ServiceContext } from '../platform/context.js';
import type { ExcelColumn } from '../platform/excel.js';
import {
  countCell,
  dateCell,
  joinList,
  labelled,
  requiredCell,
  textCell,
} from '../platform/excel-cells.js';
import { attachmentIdsCell } from '../platform/files.js';
import { importLedger, ledgerSheet, storedKeys } from '../platform/ledger.js';
import { z } from '../platform/validation.js';
import { createActivity, listActivities } from './service.js';
import { activities, activityTypeLabels, activityTypes } from './tables.js';

const activityType = labelled(activityTypes, activityTypeLabels);

export const activityColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'type', header: '活动类型', options: activityType.options, width: 12 },
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
  unit: requiredCell(100),
  type: activityType.cell,
  title: requiredCell(200),
  heldOn: dateCell,
  sessions: countCell(100_000).refine((n) => n >= 1, '场次至少为 1'),
  participants: countCell(10_000_000),
  beneficiaries: countCell(100_000_000),
  brandProject: textCell(100),
  note: textCell(2000),
  attachmentIds: attachmentIdsCell,
});

const activitySheet = ledgerSheet({
  name: '活动',
  columns: activityColumns,
  list: listActivities,
  row: (a) => ({
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
  }),
});
export const activityTemplate = activitySheet.template;
export const exportActivities = activitySheet.export;

/** All or nothing: every row's fields, unit and photos are checked before anything is written. */
export function importActivities(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'activity',
    columns: activityColumns,
    row: activityRow,
    resolve: ({ complete, unit }) => (complete ? { unitId: unit.id, value: complete } : undefined),
    naturalKey: {
      label: '单位、活动类型、日期和活动名称',
      field: '活动名称',
      of: ({ value, unit }) =>
        value.type && value.heldOn && value.title
          ? [unit.id, activityType.key(value.type), value.heldOn, value.title]
          : undefined,
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: activities,
            unitColumn: activities.unitId,
            columns: [activities.unitId, activities.type, activities.heldOn, activities.title],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, value }) =>
      createActivity(ctx, {
        unitId,
        type: activityType.key(value.type),
        title: value.title,
        heldOn: value.heldOn,
        sessions: value.sessions,
        participants: value.participants,
        beneficiaries: value.beneficiaries,
        brandProject: value.brandProject,
        note: value.note,
        attachmentIds: value.attachmentIds,
      }),
  });
}
