import {
  type ActionType,
  ModalForm,
  PageContainer,
  type ProColumns,
  ProFormDatePicker,
  ProFormText,
  ProFormTextArea,
  ProFormTreeSelect,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../api/client.js';
import {
  type Rectification,
  type RectificationStatus,
  rectificationStatuses,
  rectificationsApi,
} from '../../../api/rectifications.js';
import { useCan } from '../../../auth/session.js';
import { useLedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { type MessageId, t } from '../../../locale/zh-CN.js';
import { RECTIFICATIONS_KEY, RectificationDrawer } from './RectificationDrawer.js';
import { StatusTag } from './StatusTag.js';

interface RectificationSearch {
  status?: RectificationStatus;
  unitId?: number;
  overdue?: boolean;
}

/** The typed request ProTable calls: filters and pager → GET /rectifications (scoped by the server). */
export const fetchRectificationPage: ProTableProps<Rectification, RectificationSearch>['request'] =
  async (params) => {
    const page = await rectificationsApi.list({
      status: params.status,
      unitId: params.unitId,
      overdue: params.overdue || undefined,
      page: params.current ?? 1,
      pageSize: params.pageSize ?? 20,
    });
    return { data: page.items, total: page.total, success: true };
  };

const statusEnum = Object.fromEntries(
  rectificationStatuses.map((s) => [s, { text: t(`rect.status.${s}`) }]),
);

/**
 * The rectification list: a unit's own (its subtree) or, for the committee, the whole city with a
 * unit filter and the directive form. The server scopes the rows either way.
 */
export function RectificationList({ title, cityWide }: { title: MessageId; cityWide: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const onRequestError = useTableErrors();
  const scope = useLedgerScope();
  const can = useCan();
  const table = useRef<ActionType>(null);
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const open = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('id', String(id));
    else next.delete('id');
    setParams(next, { replace: true });
  };

  // A change in the drawer reloads the table (the drawer invalidates the shared key).
  useEffect(() => {
    const cache = queryClient.getQueryCache();
    return cache.subscribe((event) => {
      if (event.type === 'updated' && event.query.queryKey[0] === RECTIFICATIONS_KEY[0]) {
        if (event.action.type === 'invalidate') table.current?.reload();
      }
    });
  }, [queryClient]);

  const columns: ProColumns<Rectification>[] = [
    {
      title: t('rect.title'),
      dataIndex: 'title',
      search: false,
      render: (_dom, record) => (
        <Typography.Link onClick={() => open(record.id)} style={{ wordBreak: 'break-all' }}>
          {record.title}
        </Typography.Link>
      ),
    },
    {
      title: t('rect.unit'),
      dataIndex: 'unitId',
      hideInTable: !cityWide,
      search: cityWide ? undefined : false,
      valueType: 'treeSelect',
      fieldProps: scope.unitPicker,
      render: (_dom, record) => record.unitName,
    },
    {
      title: t('rect.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum,
      render: (_dom, record) => <StatusTag record={record} />,
    },
    {
      title: t('rect.onlyOverdue'),
      dataIndex: 'overdue',
      valueType: 'switch',
      hideInTable: true,
    },
    { title: t('rect.source'), dataIndex: 'sourceLabel', search: false },
    {
      title: t('rect.dueAt'),
      dataIndex: 'dueAt',
      search: false,
      render: (_dom, record) => dayjs(record.dueAt).format('YYYY-MM-DD'),
    },
    {
      title: t('rect.closedAt'),
      dataIndex: 'closedAt',
      search: false,
      render: (_dom, record) =>
        record.closedAt ? dayjs(record.closedAt).format('YYYY-MM-DD') : t('common.none'),
    },
  ];

  const createButton =
    cityWide && can('POST /rectifications') ? (
      <ModalForm<{ unitId: number; title: string; text?: string; dueAt?: string }>
        key="create"
        title={t('rect.create.title')}
        trigger={<Button type="primary">{t('rect.create')}</Button>}
        modalProps={{ destroyOnHidden: true }}
        width="min(560px, 100vw)"
        onFinish={async (values) => {
          try {
            const created = await rectificationsApi.create({
              unitId: values.unitId,
              title: values.title,
              text: values.text || undefined,
              dueAt: values.dueAt ? dayjs(values.dueAt).format('YYYY-MM-DD') : undefined,
            });
            message.success(t('rect.created'));
            table.current?.reload();
            // Among a city's many open items the new one may sit on a later page: show it at once.
            open(created.id);
            return true;
          } catch (error) {
            message.error(errorMessage(error));
            return false;
          }
        }}
      >
        <ProFormTreeSelect
          name="unitId"
          label={t('rect.unit')}
          rules={[{ required: true, message: t('ledger.unit.required') }]}
          fieldProps={scope.unitPicker}
        />
        <ProFormText
          name="title"
          label={t('rect.title')}
          rules={[{ required: true, message: t('ledger.title.required') }]}
          fieldProps={{ maxLength: 200 }}
        />
        <ProFormTextArea
          name="text"
          label={t('rect.create.text')}
          fieldProps={{ maxLength: 2000 }}
        />
        <ProFormDatePicker name="dueAt" label={t('rect.dueAt')} />
      </ModalForm>
    ) : null;

  return (
    <PageContainer title={t(title)}>
      <ProTable<Rectification, RectificationSearch>
        rowKey="id"
        actionRef={table}
        headerTitle={t('rect.list')}
        columns={columns}
        request={fetchRectificationPage}
        onRequestError={onRequestError}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        locale={{ emptyText: t('rect.empty') }}
        toolBarRender={() => (createButton ? [createButton] : [])}
        data-testid="rectification-table"
      />
      <RectificationDrawer id={openId} onClose={() => open(null)} />
    </PageContainer>
  );
}
