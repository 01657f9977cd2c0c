import {
  type ActionType,
  PageContainer,
  ProFormDigit,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Space, Tag, Tooltip } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  type Position,
  type PositionKind,
  positionKindLabels,
  positionKinds,
  positionsApi,
} from '../../api/positions.js';
import type { LedgerFilter } from '../../api/responsibility.js';
import { useCan } from '../../auth/session.js';
import { enumColumn, unitColumn } from '../../components/ledger/columns.js';
import { RowLink } from '../../components/ledger/DeleteAction.js';
import { LedgerForm, UnitField, useEditor } from '../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../components/ledger/LedgerTable.js';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { t } from '../../locale/zh-CN.js';
import { AllowList } from './components/AllowList.js';
import { Figures } from './components/Figures.js';
import { LastCheckTag, StateTag } from './components/tags.js';

const kindOptions = () => positionKinds.map((k) => ({ value: k, label: positionKindLabels[k] }));

interface Search extends LedgerFilter {
  kind?: PositionKind;
}

interface Values extends Record<string, unknown> {
  unitId: number;
  kind: PositionKind;
  name: string;
  url?: string;
  platform?: string;
  accountId?: string;
  cadenceDays?: number;
  interaction?: boolean;
  note?: string;
}

/** 阵地建设: every channel the unit runs, its state and its last website check. */
export default function PositionsPage() {
  const scope = useLedgerScope();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<Position>();
  const can = useCan();
  return (
    <PageContainer title={t('positions.title')}>
      {can('GET /monitor-allow') && (
        <div style={{ marginBottom: 16 }}>
          <AllowList />
        </div>
      )}
      <Figures />
      <LedgerTable<Position, Search>
        actionRef={actionRef}
        title={t('positions.list')}
        columns={[
          {
            title: t('positions.name'),
            dataIndex: 'name',
            search: false,
            render: (_d, p) => (
              <Space size={4} wrap>
                <Link to={`/positions/${p.id}`}>{p.name}</Link>
                {p.warnings.length > 0 && (
                  <Tooltip title={p.warnings.join('；')}>
                    <Tag color="warning">{t('positions.warning')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          unitColumn(scope),
          enumColumn(t('positions.kind'), 'kind', kindOptions(), (p) => p.kindLabel),
          {
            title: t('positions.state'),
            dataIndex: 'status',
            search: false,
            render: (_d, p) => <StateTag position={p} />,
          },
          {
            title: t('positions.lastCheck'),
            dataIndex: 'lastCheck',
            search: false,
            render: (_d, p) => <LastCheckTag check={p.lastCheck} kind={p.kind} />,
          },
          {
            title: t('positions.url'),
            dataIndex: 'url',
            search: false,
            ellipsis: true,
            width: 220,
          },
        ]}
        request={(query) => positionsApi.list(query)}
        excelBase="positions"
        create={{ route: 'POST /positions', label: t('positions.create'), onClick: editor.create }}
        rowExtra={(p) => (
          <RowLink onClick={() => navigate(`/positions/${p.id}`)}>{t('positions.view')}</RowLink>
        )}
      />
      <LedgerForm<Values, Position>
        editor={editor}
        title={{ create: t('positions.create'), edit: t('positions.edit') }}
        width={560}
        initialValues={{ unitId: scope.defaultUnitId, kind: 'website', interaction: false }}
        save={(values) =>
          positionsApi.create({
            unitId: values.unitId,
            kind: values.kind,
            name: values.name.trim(),
            url: values.url?.trim() || undefined,
            platform: values.platform?.trim() || undefined,
            accountId: values.accountId?.trim() || undefined,
            cadenceDays: values.cadenceDays ?? undefined,
            interaction: values.interaction ?? false,
            note: values.note?.trim() || undefined,
          })
        }
        onSaved={() => actionRef.current?.reload()}
      >
        <UnitField scope={scope} locked={false} />
        <ProFormSelect
          name="kind"
          label={t('positions.kind')}
          options={kindOptions()}
          rules={[{ required: true, message: t('positions.kind.required') }]}
        />
        <ProFormText
          name="name"
          label={t('positions.name')}
          rules={[{ required: true, message: t('positions.name.required') }]}
        />
        <ProFormText name="url" label={t('positions.url')} extra={t('positions.url.help')} />
        <ProFormText name="platform" label={t('positions.platform')} />
        <ProFormText name="accountId" label={t('positions.accountId')} />
        <ProFormDigit
          name="cadenceDays"
          label={t('positions.cadenceDays')}
          extra={t('positions.cadenceDays.help')}
          min={1}
          max={3650}
          fieldProps={{ precision: 0 }}
        />
        <ProFormSwitch name="interaction" label={t('positions.interaction')} />
        <ProFormTextArea name="note" label={t('positions.note')} fieldProps={{ rows: 2 }} />
      </LedgerForm>
    </PageContainer>
  );
}
