import { Table, Tooltip } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useMemo } from 'react';
import type { CityCell, CityView, RequirementGroup } from '../../../api/compliance.js';
import { tooltipLines } from '../../../components/chartText.js';
import { t } from '../../../locale/zh-CN.js';
import type { CellRef } from './CellDrawer.js';
import {
  cellLabel,
  countOf,
  groupLabel,
  STATUS_COLOR,
  STATUS_ORDER,
  shareText,
  statusLabel,
  tallyText,
} from './status.js';

const ROW_PX = 22;

/** Units × requirement groups coloured by status; a click on a cell opens its drill-down. */
export function HeatMapChart({
  view,
  onCell,
}: {
  view: CityView;
  onCell: (cell: CellRef) => void;
}) {
  const option = useMemo(() => {
    const groupIndex = new Map(view.groups.map((g, i) => [g.id, i]));
    const unitIndex = new Map(view.units.map((u, i) => [u.id, i]));
    const cellAt = new Map(view.cells.map((c) => [`${c.unitId}:${c.group}`, c]));
    return {
      animation: false,
      tooltip: {
        // The tooltip is HTML: unit names are user input and go through tooltipLines (escaped).
        formatter: (p: { data: [number, number, number, number | null] }) => {
          const [g, u] = p.data;
          const unit = view.units[u]!;
          const group = view.groups[g]!;
          const cell = cellAt.get(`${unit.id}:${group.id}`);
          if (!cell) return tooltipLines([unit.name, groupLabel(group.id)]);
          return tooltipLines([
            unit.name,
            `${groupLabel(group.id)}：${cellLabel(cell, cell.status)}`,
            tallyText(cell),
            shareText(cell.share),
          ]);
        },
      },
      grid: { left: 8, right: 8, top: 32, bottom: 48, containLabel: true },
      xAxis: {
        type: 'category',
        position: 'top',
        data: view.groups.map((g) => groupLabel(g.id)),
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: view.units.map((u) => u.shortName || u.name),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      visualMap: {
        type: 'piecewise',
        dimension: 2,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: STATUS_ORDER.map((status, i) => ({
          value: i,
          label: statusLabel(status),
          color: STATUS_COLOR[status],
        })),
      },
      series: [
        {
          type: 'heatmap',
          data: view.cells.map((c) => [
            groupIndex.get(c.group),
            unitIndex.get(c.unitId),
            STATUS_ORDER.indexOf(c.status),
            c.share,
          ]),
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
        },
      ],
    };
  }, [view]);

  return (
    <ReactECharts
      option={option}
      notMerge
      style={{ height: Math.max(240, view.units.length * ROW_PX + 90), width: '100%' }}
      onEvents={{
        click: (p: { data?: [number, number, number] }) => {
          if (!p.data) return;
          const unit = view.units[p.data[1]];
          const group = view.groups[p.data[0]];
          if (unit && group) onCell({ unitId: unit.id, unitName: unit.name, group: group.id });
        },
      }}
    />
  );
}

interface MatrixRow {
  unitId: number;
  name: string;
  shortName: string;
  cells: Partial<Record<RequirementGroup, CityCell>>;
}

/**
 * The same matrix as a table: readable by screen readers and by tests (the chart is a canvas),
 * each cell a button carrying its status in data attributes.
 */
export function HeatMapTable({
  view,
  onCell,
}: {
  view: CityView;
  onCell: (cell: CellRef) => void;
}) {
  const rows = useMemo<MatrixRow[]>(() => {
    const byUnit = new Map<number, MatrixRow>();
    for (const u of view.units) {
      byUnit.set(u.id, { unitId: u.id, name: u.name, shortName: u.shortName, cells: {} });
    }
    for (const c of view.cells) {
      const row = byUnit.get(c.unitId);
      if (row) row.cells[c.group] = c;
    }
    return [...byUnit.values()];
  }, [view]);

  return (
    <Table<MatrixRow>
      size="small"
      rowKey="unitId"
      dataSource={rows}
      pagination={false}
      scroll={{ y: Math.max(240, view.units.length * ROW_PX), x: 'max-content' }}
      aria-label={t('compliance.matrix')}
      data-testid="compliance-matrix"
      columns={[
        {
          title: t('compliance.matrix.unit'),
          dataIndex: 'name',
          width: 160,
          render: (_v, r) => <Tooltip title={r.name}>{r.shortName || r.name}</Tooltip>,
        },
        ...view.groups.map((g) => ({
          title: groupLabel(g.id),
          key: g.id,
          width: 110,
          render: (_v: unknown, r: MatrixRow) => {
            const cell = r.cells[g.id];
            if (!cell) return null;
            return (
              <button
                type="button"
                className="compliance-cell"
                data-unit-id={r.unitId}
                data-unit-name={r.name}
                data-unit-short={r.shortName}
                data-group={g.id}
                data-status={cell.status}
                data-count={countOf(cell, cell.status)}
                data-share={cell.share ?? ''}
                title={`${r.name} · ${groupLabel(g.id)}：${tallyText(cell)}；${shareText(cell.share)}`}
                onClick={() => onCell({ unitId: r.unitId, unitName: r.name, group: g.id })}
                style={{
                  border: 'none',
                  cursor: 'pointer',
                  borderRadius: 4,
                  padding: '1px 8px',
                  whiteSpace: 'nowrap',
                  background: STATUS_COLOR[cell.status],
                  color:
                    cell.status === 'not-yet-due' || cell.status === 'not-applicable'
                      ? '#333'
                      : '#fff',
                }}
              >
                {cellLabel(cell, cell.status)}
              </button>
            );
          },
        })),
      ]}
    />
  );
}
