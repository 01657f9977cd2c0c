import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  PageContainer,
  type ProColumns,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { unitsApi } from '../../../api/org.js';
import type { Unit } from '../../../api/types.js';
import { useCan } from '../../../auth/session.js';
import { ExcelButtons } from '../../../components/ExcelButtons.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { t } from '../../../locale/zh-CN.js';
import { ALL_UNITS_KEY, unitDepths, unitNames, useAllUnits } from '../unitTree.js';
import { UnitForm } from './components/UnitForm.js';
import { unitKindLabel } from './kinds.js';

interface UnitSearch {
  name?: string;
}

/** The typed request ProTable calls: its search form and pager → GET /units. */
export const fetchUnitPage: ProTableProps<Unit, UnitSearch>['request'] = async (params) => {
  const page = await unitsApi.list({
    q: params.name?.trim() || undefined,
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
  });
  return { data: page.items, total: page.total, success: true };
};

const KIND_COLOR: Record<Unit['kind'], string> = {
  committee: 'red',
  unit: 'blue',
  branch: 'green',
  department: 'default',
};

export default function UnitsPage() {
  const can = useCan();
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const queryClient = useQueryClient();
  const allUnits = useAllUnits();
  const units = allUnits.data ?? [];
  const depths = useMemo(() => unitDepths(units), [units]);
  const names = useMemo(() => unitNames(units), [units]);
  const [editing, setEditing] = useState<{ unit?: Unit }>();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ALL_UNITS_KEY });
    actionRef.current?.reload();
  };

  const columns: ProColumns<Unit>[] = [
    {
      title: t('unit.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (_dom, unit) => (
        // Indentation by depth shows the tree while the list stays searchable and paged; a block
        // keeps a wrapped second line indented too.
        <div style={{ paddingLeft: (depths.get(unit.id) ?? 0) * 16, minWidth: 160 }}>
          {unit.name}
        </div>
      ),
    },
    { title: t('unit.shortName'), dataIndex: 'shortName', search: false },
    {
      title: t('unit.kind'),
      dataIndex: 'kind',
      search: false,
      render: (_dom, unit) => <Tag color={KIND_COLOR[unit.kind]}>{unitKindLabel(unit.kind)}</Tag>,
    },
    {
      title: t('unit.parent'),
      dataIndex: 'parentId',
      search: false,
      render: (_dom, unit) =>
        unit.parentId === null ? t('common.none') : (names.get(unit.parentId) ?? t('common.none')),
    },
    { title: t('unit.code'), dataIndex: 'code', search: false },
    { title: t('unit.sort'), dataIndex: 'sort', search: false, width: 80 },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 80,
      render: (_dom, unit) => [
        can('PATCH /units/:id') && (
          <Button key="edit" type="link" size="small" onClick={() => setEditing({ unit })}>
            {t('common.edit')}
          </Button>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('menu.org.units')}>
      <ProTable<Unit, UnitSearch>
        rowKey="id"
        actionRef={actionRef}
        headerTitle={t('unit.list')}
        columns={columns}
        onRequestError={onRequestError}
        request={fetchUnitPage}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        toolBarRender={() => [
          // One wrapping group: on a phone the buttons flow onto a second line.
          <Space key="actions" wrap>
            {can('POST /units') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('common.create')}
              </Button>
            )}
            <ExcelButtons
              exportUrl={unitsApi.exportUrl}
              importFile={unitsApi.import}
              canImport={can('POST /units/import')}
              onImported={refresh}
            />
          </Space>,
        ]}
      />
      <UnitForm
        open={!!editing}
        unit={editing?.unit}
        allUnits={units}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={refresh}
      />
    </PageContainer>
  );
}
