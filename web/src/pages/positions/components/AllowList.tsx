import { ProCard } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import { positionsApi } from '../../../api/positions.js';
import { t } from '../../../locale/zh-CN.js';

/**
 * The committee's allow-list of private hosts checks may reach (a unit's site on the intranet).
 * Everything else private, loopback or link-local stays refused.
 */
export function AllowList() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [entry, setEntry] = useState('');
  const list = useQuery({ queryKey: ['monitor-allow'], queryFn: positionsApi.allowList });
  const refresh = () => client.invalidateQueries({ queryKey: ['monitor-allow'] });
  const add = async () => {
    try {
      await positionsApi.allow(entry.trim());
      setEntry('');
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <ProCard title={t('positions.allow.title')} bordered collapsible defaultCollapsed>
      <Typography.Paragraph type="secondary">{t('positions.allow.help')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', maxWidth: 420, marginBottom: 12 }}>
        <Input
          value={entry}
          placeholder={t('positions.allow.placeholder')}
          onChange={(e) => setEntry(e.target.value)}
          onPressEnter={add}
        />
        <Button type="primary" onClick={add} disabled={!entry.trim()}>
          {t('positions.allow.add')}
        </Button>
      </Space.Compact>
      {(list.data?.fromEnvironment ?? []).map((e) => (
        <Tag key={e}>{t('positions.allow.env', { entry: e })}</Tag>
      ))}
      <List
        size="small"
        dataSource={list.data?.items ?? []}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Popconfirm
                key="remove"
                title={t('positions.allow.remove.confirm')}
                onConfirm={async () => {
                  try {
                    await positionsApi.disallow(item.id);
                    await refresh();
                  } catch (error) {
                    message.error(errorMessage(error));
                  }
                }}
              >
                <Button type="link" size="small" danger>
                  {t('ledger.delete')}
                </Button>
              </Popconfirm>,
            ]}
          >
            {item.entry}
          </List.Item>
        )}
      />
    </ProCard>
  );
}
