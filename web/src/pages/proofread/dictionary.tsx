import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  PageContainer,
  type ProColumns,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { App, Button, Space, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api/client.js';
import {
  type DictionaryEntry,
  type DictionaryPage,
  dictionaryApi,
  ENTRY_KINDS,
  ENTRY_STATES,
  type EntryKind,
  type EntryState,
} from '../../api/proofread.js';
import { useTableErrors } from '../../components/useTableErrors.js';
import { type MessageId, t } from '../../locale/zh-CN.js';
import { EntryForm } from './components/EntryForm.js';

interface EntrySearch {
  q?: string;
  kind?: EntryKind;
  state?: EntryState;
}

const STATE_COLOR: Record<EntryState, string> = {
  shipped: 'default',
  edited: 'gold',
  added: 'green',
  disabled: 'red',
};

const kindEnum = Object.fromEntries(
  ENTRY_KINDS.map((kind) => [kind, { text: t(`dictionary.kind.${kind}` as MessageId) }]),
);
const stateEnum = Object.fromEntries(
  ENTRY_STATES.map((state) => [state, { text: t(`dictionary.state.${state}` as MessageId) }]),
);

function tags(values: readonly string[], color?: string) {
  if (values.length === 0) return t('common.none');
  return (
    <Space size={[0, 4]} wrap style={{ maxWidth: 320 }}>
      {values.map((value) => (
        <Tag key={value} color={color}>
          {value}
        </Tag>
      ))}
    </Space>
  );
}

export default function DictionaryAdminPage() {
  const { message } = App.useApp();
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [editing, setEditing] = useState<{ entry?: DictionaryEntry }>();
  const [versions, setVersions] = useState<DictionaryPage['versions']>();
  const [switching, setSwitching] = useState<string>();

  /** The typed request ProTable calls: its search form and pager → GET /dictionary. */
  const request: ProTableProps<DictionaryEntry, EntrySearch>['request'] = async (params) => {
    const page = await dictionaryApi.list({
      q: params.q?.trim() || undefined,
      kind: params.kind,
      state: params.state,
      page: params.current ?? 1,
      pageSize: params.pageSize ?? 20,
    });
    setVersions(page.versions);
    return { data: page.items, total: page.total, success: true };
  };

  const toggle = async (entry: DictionaryEntry, enabled: boolean) => {
    setSwitching(entry.id);
    try {
      await dictionaryApi.setEnabled(entry.id, enabled);
      message.success(t(enabled ? 'dictionary.enabled.on' : 'dictionary.enabled.off'));
      actionRef.current?.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSwitching(undefined);
    }
  };

  const columns: ProColumns<DictionaryEntry>[] = [
    {
      title: t('dictionary.keyword'),
      dataIndex: 'q',
      hideInTable: true,
    },
    {
      title: t('dictionary.canonical'),
      dataIndex: 'canonical',
      search: false,
      fixed: 'left',
      render: (_dom, entry) => (
        <div style={{ minWidth: 120 }}>
          <Typography.Text strong>{entry.canonical}</Typography.Text>
          {entry.note ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {entry.note}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('dictionary.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: kindEnum,
      render: (_dom, entry) => t(`dictionary.kind.${entry.kind}` as MessageId),
    },
    {
      title: t('dictionary.knownWrong'),
      dataIndex: 'knownWrong',
      search: false,
      render: (_dom, entry) => tags(entry.knownWrong, 'red'),
    },
    {
      title: t('dictionary.members'),
      dataIndex: 'members',
      search: false,
      render: (_dom, entry) => tags(entry.members),
    },
    {
      title: t('dictionary.verbs'),
      dataIndex: 'verbs',
      search: false,
      render: (_dom, entry) => tags(entry.verbs, 'blue'),
    },
    {
      title: t('dictionary.state'),
      dataIndex: 'state',
      valueType: 'select',
      valueEnum: stateEnum,
      render: (_dom, entry) => (
        <Tag color={STATE_COLOR[entry.state]}>
          {t(`dictionary.state.${entry.state}` as MessageId)}
        </Tag>
      ),
    },
    {
      title: t('dictionary.updatedAt'),
      dataIndex: 'updatedAt',
      search: false,
      render: (_dom, entry) =>
        entry.updatedAt
          ? `${dayjs(entry.updatedAt).format('YYYY-MM-DD HH:mm')} ${entry.updatedBy ?? ''}`
          : t('common.none'),
    },
    {
      title: t('dictionary.enabled'),
      dataIndex: 'enabled',
      search: false,
      width: 80,
      render: (_dom, entry) => (
        <Switch
          size="small"
          checked={entry.enabled}
          loading={switching === entry.id}
          onChange={(checked) => void toggle(entry, checked)}
          aria-label={t('dictionary.enabled')}
        />
      ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 80,
      render: (_dom, entry) => [
        <Button key="edit" type="link" size="small" onClick={() => setEditing({ entry })}>
          {t('common.edit')}
        </Button>,
      ],
    },
  ];

  return (
    <PageContainer
      title={t('dictionary.title')}
      content={
        versions ? (
          <Typography.Text type="secondary">{t('dictionary.versions', versions)}</Typography.Text>
        ) : null
      }
    >
      <ProTable<DictionaryEntry, EntrySearch>
        rowKey="id"
        actionRef={actionRef}
        headerTitle={t('dictionary.list')}
        columns={columns}
        onRequestError={onRequestError}
        request={request}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        toolBarRender={() => [
          <Button
            key="create"
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({})}
          >
            {t('dictionary.create')}
          </Button>,
        ]}
      />
      <EntryForm
        open={!!editing}
        entry={editing?.entry}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={() => actionRef.current?.reload()}
      />
    </PageContainer>
  );
}
