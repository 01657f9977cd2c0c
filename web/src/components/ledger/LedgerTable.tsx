// The table of every ledger tab: unit/year filters from the tab's columns, the pager and phone
// scroll of the org pages, the toolbar, and a 操作 column whose links follow `useCan()` and, for
// records that carry it, the record's own `allowed` list.
import { type ActionType, type ProColumns, ProTable } from '@ant-design/pro-components';
import { Alert, Button } from 'antd';
import { type ReactNode, type RefObject, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { LedgerFilter } from '../../api/responsibility.js';
import type { Page, PageQuery } from '../../api/types.js';
import { useCan } from '../../auth/session.js';
import { t } from '../../locale/zh-CN.js';
import { useTableErrors } from '../useTableErrors.js';
import { DeleteAction, RowLink } from './DeleteAction.js';
import { LedgerToolbar, type LedgerToolbarProps } from './LedgerToolbar.js';
import { searchValues } from './search.js';

export interface LedgerTableProps<T extends { id: number }, S extends LedgerFilter> {
  actionRef: RefObject<ActionType>;
  title: ReactNode;
  /** The tab's own columns; unit and year come from `unitColumn` / `yearColumn`. */
  columns: ProColumns<T>[];
  /** The typed list call; gets the search form's values plus the page. */
  request: (query: S & Required<PageQuery>) => Promise<Page<T>>;
  excelBase?: LedgerToolbarProps['excelBase'];
  create?: LedgerToolbarProps['create'];
  toolbarExtra?: ReactNode;
  /** 编辑 (or another label) of a row, shown when the caller may call `route`. */
  edit?: { route: string; label?: string; onClick: (row: T) => void };
  /** 删除 with a confirmation, shown when the caller may call `route`. */
  remove?: { route: string; run: (row: T) => Promise<unknown> };
  /** Row links of the tab's own (签收…), placed before 编辑 / 删除. */
  rowExtra?: (row: T) => ReactNode;
}

export function LedgerTable<T extends { id: number }, S extends LedgerFilter = LedgerFilter>(
  props: LedgerTableProps<T, S>,
) {
  const can = useCan();
  const onRequestError = useTableErrors();
  const [filter, setFilter] = useState<LedgerFilter>({});
  const reload = () => props.actionRef.current?.reload();
  const { edit, remove, rowExtra } = props;
  const canEdit = !!edit && can(edit.route);
  const canRemove = !!remove && can(remove.route);
  // A record the server answers with `allowed` (its policy) shows only the actions listed there.
  const allows = (row: T, action: string) => {
    const allowed = (row as { allowed?: string[] }).allowed;
    return !allowed || allowed.includes(action);
  };

  // A link into the ledger (the dashboard's drill-down) names its filters in the URL —
  // ?unitId=&year=&kind=… — and the record to mark with ?highlight=<id>.
  const [params, setParams] = useSearchParams();
  const highlight = Number(params.get('highlight')) || undefined;
  // A drill-down also names the period of the rule the record counts for (Beijing days).
  const period =
    params.get('from') && params.get('to')
      ? { from: params.get('from')!, to: params.get('to')! }
      : undefined;
  const showWholeYear = () => {
    const next = new URLSearchParams(params);
    next.delete('from');
    next.delete('to');
    setParams(next);
    props.actionRef.current?.reload();
  };
  const columns = useMemo(() => withUrlFilters(props.columns, params), [props.columns, params]);
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    if (!highlight || !loaded) return;
    document
      .querySelector('tr[data-highlighted="true"]')
      ?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
  }, [highlight, loaded]);

  const actions: ProColumns<T> = {
    title: t('common.actions'),
    valueType: 'option',
    // Always in view; its shadow shows that the table scrolls sideways.
    fixed: 'right',
    render: (_dom, row) => (
      <>
        {rowExtra?.(row)}
        {canEdit && allows(row, 'edit') && (
          <RowLink onClick={() => edit.onClick(row)}>{edit.label ?? t('common.edit')}</RowLink>
        )}
        {canRemove && allows(row, 'delete') && (
          <DeleteAction onDelete={() => remove.run(row)} onDeleted={reload} />
        )}
      </>
    ),
  };

  return (
    <>
      {highlight && <style>{HIGHLIGHT_CSS}</style>}
      {period && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="ledger-period"
          message={t('ledger.period', { from: period.from, to: period.to })}
          action={
            <Button size="small" type="link" onClick={showWholeYear}>
              {t('ledger.period.clear')}
            </Button>
          }
        />
      )}
      <ProTable<T, S>
        rowKey="id"
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        actionRef={props.actionRef}
        headerTitle={props.title}
        columns={[...columns, actions]}
        onRow={(row) =>
          row.id === highlight
            ? ({ 'data-highlighted': 'true', className: 'ledger-row-highlight' } as object)
            : {}
        }
        onLoad={() => setLoaded((n) => n + 1)}
        onRequestError={onRequestError}
        request={async (params) => {
          const search = searchValues(props.columns, params as Record<string, unknown>) as S;
          setFilter({ unitId: search.unitId, year: search.year });
          const page = await props.request({
            ...search,
            ...(period ?? {}),
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <LedgerToolbar
            key="tools"
            excelBase={props.excelBase}
            filter={filter}
            create={props.create}
            extra={props.toolbarExtra}
            onImported={reload}
          />,
        ]}
      />
    </>
  );
}

const HIGHLIGHT_CSS =
  '.ledger-row-highlight > td { background: #fff7e6 !important; } ' +
  '.ledger-row-highlight > td:first-child { box-shadow: inset 3px 0 0 #fa8c16; }';

/** Search columns whose dataIndex the URL names start with that value (numbers as numbers). */
function withUrlFilters<T>(columns: ProColumns<T>[], params: URLSearchParams): ProColumns<T>[] {
  return columns.map((column) => {
    const key = column.dataIndex;
    if (column.search === false || typeof key !== 'string' || !params.has(key)) return column;
    const raw = params.get(key)!.trim();
    if (!raw) return column;
    return { ...column, initialValue: /^\d+$/.test(raw) ? Number(raw) : raw };
  });
}
