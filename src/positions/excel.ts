// The positions ledger (阵地台账) in Excel: template, export and the all-or-nothing import.
import type { ServiceContext } from '../platform/context.js';
import type { ExcelColumn } from '../platform/excel.js';
import { countCell, dateCell, labelled, requiredCell, textCell } from '../platform/excel-cells.js';
import { importLedger, ledgerSheet, storedKeys } from '../platform/ledger.js';
import { z } from '../platform/validation.js';
import { positionKindLabels, positionKinds } from './contract.js';
import { createPosition, listPositions } from './service.js';
import { positions } from './tables.js';

const kind = labelled(positionKinds, positionKindLabels);
const yesNo = labelled(['yes', 'no'] as const, { yes: '是', no: '否' });

export const positionColumns: ExcelColumn[] = [
  { key: 'unit', header: '单位', width: 30 },
  { key: 'kind', header: '阵地类型', options: kind.options, width: 12 },
  { key: 'name', header: '名称', width: 30 },
  { key: 'url', header: '网址', width: 36 },
  { key: 'platform', header: '平台', width: 14 },
  { key: 'accountId', header: '账号', width: 18 },
  { key: 'cadenceDays', header: '更新周期（天）', width: 12 },
  { key: 'interaction', header: '开设互动栏目', options: yesNo.options, width: 12 },
  { key: 'openedOn', header: '开设日期', width: 12 },
  { key: 'status', header: '状态', width: 14 },
  { key: 'note', header: '备注', width: 30 },
];

const positionRow = z.object({
  unit: requiredCell(100),
  kind: kind.cell,
  name: requiredCell(100),
  url: textCell(500).refine(
    (s) => s === '' || /^https?:\/\/[^\s/]+/i.test(s),
    '应为以 http:// 或 https:// 开头的网址',
  ),
  platform: textCell(50),
  accountId: textCell(100),
  cadenceDays: z.union([z.literal(''), countCell(3650).refine((n) => n >= 1, '至少 1 天')]),
  interaction: z.union([z.literal(''), yesNo.cell]),
  openedOn: z.union([z.literal(''), dateCell]),
  /** Written by the export, ignored by the import (states change through dated events). */
  status: textCell(50),
  note: textCell(1000),
});

const positionSheet = ledgerSheet({
  name: '阵地',
  columns: positionColumns,
  list: listPositions,
  row: (p) => ({
    unit: p.unitName,
    kind: p.kindLabel,
    name: p.name,
    url: p.url,
    platform: p.platform,
    accountId: p.accountId,
    cadenceDays: p.cadenceDays,
    interaction: p.interaction ? '是' : '否',
    openedOn: '',
    status: `${p.statusLabel}（${p.statusOn}）`,
    note: p.note,
  }),
});
export const positionTemplate = positionSheet.template;
export const exportPositions = positionSheet.export;

/** All or nothing: every row's fields and unit are checked before anything is written. */
export function importPositions(ctx: ServiceContext, file: Buffer) {
  return importLedger(ctx, file, {
    entity: 'position',
    columns: positionColumns,
    row: positionRow,
    resolve: ({ complete, unit }) => (complete ? { unitId: unit.id, value: complete } : undefined),
    naturalKey: {
      label: '单位、阵地类型和名称',
      field: '名称',
      of: ({ value, unit }) =>
        value.kind && value.name ? [unit.id, kind.key(value.kind), value.name] : undefined,
      stored: (unitIds) =>
        storedKeys(
          ctx,
          {
            table: positions,
            unitColumn: positions.unitId,
            columns: [positions.unitId, positions.kind, positions.name],
          },
          unitIds,
        ),
    },
    insert: ({ unitId, value }) =>
      createPosition(ctx, {
        unitId,
        kind: kind.key(value.kind),
        name: value.name,
        url: value.url,
        platform: value.platform,
        accountId: value.accountId,
        cadenceDays: value.cadenceDays === '' ? undefined : value.cadenceDays,
        interaction: value.interaction === '' ? undefined : value.interaction === '是',
        openedOn: value.openedOn === '' ? undefined : value.openedOn,
        note: value.note,
      }),
  });
}
