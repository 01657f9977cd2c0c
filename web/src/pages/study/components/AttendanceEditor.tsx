import { Button, Empty, Radio, Space, Table, Typography } from 'antd';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../../api/study.js';
import type { Person } from '../../../api/types.js';
import { t } from '../../../locale/zh-CN.js';

type Entry = { personId: number; status: AttendanceStatus };

interface Props {
  value?: Entry[];
  onChange?: (value: Entry[]) => void;
  people: Person[];
  /** People already recorded but no longer listed (moved, deactivated) stay editable. */
  recorded?: { personId: number; name: string }[];
}

/** Present / absent / excused per person; "未登记" removes the person from the record. */
export function AttendanceEditor({ value, onChange, people, recorded = [] }: Props) {
  const entries = value ?? [];
  const statusOf = new Map(entries.map((e) => [e.personId, e.status]));
  const listed = new Map<number, string>();
  for (const p of people) listed.set(p.id, p.title ? `${p.name}（${p.title}）` : p.name);
  for (const r of recorded) if (!listed.has(r.personId)) listed.set(r.personId, r.name);
  const rows = [...listed.entries()].map(([personId, name]) => ({ personId, name }));

  const set = (personId: number, status: AttendanceStatus | 'none') => {
    const rest = entries.filter((e) => e.personId !== personId);
    onChange?.(status === 'none' ? rest : [...rest, { personId, status }]);
  };
  const present = entries.filter((e) => e.status === 'present').length;

  if (rows.length === 0) {
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('session.attendance.needUnit')} />
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          size="small"
          onClick={() => onChange?.(rows.map((r) => ({ personId: r.personId, status: 'present' })))}
        >
          {t('session.attendance.allPresent')}
        </Button>
        <Typography.Text type="secondary">
          {t('session.attendance.summary', { present, total: entries.length })}
        </Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="personId"
        dataSource={rows}
        pagination={false}
        scroll={{ y: 280, x: 'max-content' }}
        columns={[
          { title: t('person.name'), dataIndex: 'name' },
          {
            title: t('session.attendance'),
            key: 'status',
            render: (_v, r) => (
              <Radio.Group
                size="small"
                optionType="button"
                value={statusOf.get(r.personId) ?? 'none'}
                onChange={(e) => set(r.personId, e.target.value)}
                options={[
                  ...ATTENDANCE_STATUSES.map((s) => ({
                    value: s,
                    label: t(`session.attendance.${s}`),
                  })),
                  { value: 'none', label: t('session.attendance.notListed') },
                ]}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
