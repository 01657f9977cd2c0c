import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  PageContainer,
  type ProColumns,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import { peopleApi } from '../../../api/org.js';
import type { CreatedPerson, Person } from '../../../api/types.js';
import { useCan } from '../../../auth/session.js';
import { ExcelButtons } from '../../../components/ExcelButtons.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { t } from '../../../locale/zh-CN.js';
import { buildUnitTree, UNIT_PICKER_SEARCH, useAllUnits } from '../unitTree.js';
import { InitialPasswordModal } from './components/InitialPasswordModal.js';
import { PersonForm } from './components/PersonForm.js';
import { ROLE_COLOR, roleLabel } from './roles.js';

interface PersonSearch {
  name?: string;
  unitId?: number;
}

/** The typed request ProTable calls: its search form and pager → GET /people. */
export const fetchPersonPage: ProTableProps<Person, PersonSearch>['request'] = async (params) => {
  const page = await peopleApi.list({
    q: params.name?.trim() || undefined,
    unitId: params.unitId,
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
  });
  return { data: page.items, total: page.total, success: true };
};

export default function PeoplePage() {
  const can = useCan();
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const allUnits = useAllUnits();
  const units = allUnits.data ?? [];
  const treeData = useMemo(() => buildUnitTree(units), [units]);
  const [editing, setEditing] = useState<{ person?: Person }>();
  const [newAccount, setNewAccount] = useState<{ username: string; password: string }>();
  const { message } = App.useApp();

  const endSessions = async (person: Person) => {
    try {
      const { sessions } = await peopleApi.endSessions(person.id);
      message.success(t('person.endSessions.done', { count: String(sessions) }));
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const resetPassword = async (person: Person) => {
    try {
      const { initialPassword } = await peopleApi.resetPassword(person.id);
      setNewAccount({ username: person.username ?? '', password: initialPassword });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const onSaved = (saved: CreatedPerson) => {
    actionRef.current?.reload();
    if (saved.initialPassword && saved.username) {
      setNewAccount({ username: saved.username, password: saved.initialPassword });
    }
  };

  const columns: ProColumns<Person>[] = [
    { title: t('person.name'), dataIndex: 'name', fixed: 'left' },
    {
      title: t('person.unit'),
      dataIndex: 'unitId',
      valueType: 'treeSelect',
      fieldProps: { treeData, ...UNIT_PICKER_SEARCH },
      // Long unit names wrap at a fixed width instead of pushing 状态/编辑 out of sight.
      width: 220,
      render: (_dom, person) => person.unitName,
    },
    {
      title: t('person.roles'),
      dataIndex: 'roles',
      search: false,
      render: (_dom, person) => (
        <Space size={[0, 4]} wrap>
          {person.roles.map((grant) => (
            <Tag key={`${grant.role}-${grant.unitId}`} color={ROLE_COLOR[grant.role]}>
              {roleLabel(grant.role)}
              {grant.unitId !== person.unitId ? `（${grant.unitName}）` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('person.title'), dataIndex: 'title', search: false },
    { title: t('person.phone'), dataIndex: 'phone', search: false },
    {
      title: t('person.username'),
      dataIndex: 'username',
      search: false,
      render: (_dom, person) => person.username ?? <Tag>{t('person.noAccount')}</Tag>,
    },
    {
      title: t('person.active'),
      dataIndex: 'active',
      search: false,
      render: (_dom, person) =>
        person.active ? (
          <Tag color="success">{t('person.active.on')}</Tag>
        ) : (
          <Tag>{t('person.active.off')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 200,
      // Always in view; its shadow shows that the table scrolls sideways.
      fixed: 'right',
      render: (_dom, person) => [
        can('PATCH /people/:id') && (
          <Button key="edit" type="link" size="small" onClick={() => setEditing({ person })}>
            {t('common.edit')}
          </Button>
        ),
        person.username && can('POST /people/:id/end-sessions') && (
          <Popconfirm
            key="end-sessions"
            title={t('person.endSessions.confirm')}
            onConfirm={() => endSessions(person)}
          >
            <Button type="link" size="small">
              {t('person.endSessions')}
            </Button>
          </Popconfirm>
        ),
        person.username && can('POST /people/:id/reset-password') && (
          <Popconfirm
            key="reset-password"
            title={t('person.resetPassword.confirm')}
            onConfirm={() => resetPassword(person)}
          >
            <Button type="link" size="small" danger>
              {t('person.resetPassword')}
            </Button>
          </Popconfirm>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('menu.org.people')}>
      <ProTable<Person, PersonSearch>
        rowKey="id"
        actionRef={actionRef}
        headerTitle={t('person.list')}
        columns={columns}
        onRequestError={onRequestError}
        request={fetchPersonPage}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        toolBarRender={() => [
          // One wrapping group: on a phone the buttons flow onto a second line.
          <Space key="actions" wrap>
            {can('POST /people') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('common.create')}
              </Button>
            )}
            <ExcelButtons
              exportUrl={peopleApi.exportUrl}
              importFile={peopleApi.import}
              canImport={can('POST /people/import')}
              onImported={() => actionRef.current?.reload()}
            />
          </Space>,
        ]}
      />
      <PersonForm
        open={!!editing}
        person={editing?.person}
        allUnits={units}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={onSaved}
      />
      <InitialPasswordModal account={newAccount} onClose={() => setNewAccount(undefined)} />
    </PageContainer>
  );
}
