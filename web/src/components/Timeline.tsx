// A workflow record's timeline (办理记录): every step from `GET /timeline/<kind>/:id`, oldest
// first, with who took it, when (Beijing time), the state it led to and any comment. The page
// passes the Chinese names of its kind's steps and states; the server decides who may see it.
import { useQuery } from '@tanstack/react-query';
import { Alert, Timeline as AntTimeline, Empty, Spin, Tag, Typography } from 'antd';
import { api, errorMessage } from '../api/client.js';
import type { TimelineEntry } from '../api/types.js';
import { t } from '../locale/zh-CN.js';
import { beijingWall } from './ledger/time.js';

export interface TimelineProps {
  /** The workflow kind, e.g. `responsibility-letter`. */
  kind: string;
  id: number;
  /** Chinese names of the kind's steps (`sign`: 签订); `create` and clock breaches have defaults. */
  actionLabels?: Record<string, string>;
  stateLabels?: Record<string, string>;
}

export function timelineQueryKey(kind: string, id: number) {
  return ['timeline', kind, id] as const;
}

export function Timeline({ kind, id, actionLabels = {}, stateLabels = {} }: TimelineProps) {
  const query = useQuery({
    queryKey: timelineQueryKey(kind, id),
    queryFn: () => api.get<{ items: TimelineEntry[] }>(`/timeline/${kind}/${id}`),
  });
  if (query.isPending) return <Spin />;
  if (query.isError) return <Alert type="error" message={errorMessage(query.error)} />;
  const items = query.data.items;
  if (items.length === 0) return <Empty description={t('timeline.empty')} />;
  const actionName = (action: string) =>
    actionLabels[action] ??
    (action === 'create'
      ? t('timeline.action.create')
      : action === 'clock-breached'
        ? t('timeline.action.clock-breached')
        : action);
  return (
    <AntTimeline
      items={items.map((entry) => ({
        key: entry.id,
        color: entry.action === 'clock-breached' ? 'red' : entry.from === null ? 'gray' : 'blue',
        children: (
          <div data-testid="timeline-entry">
            <Typography.Text strong>{actionName(entry.action)}</Typography.Text>{' '}
            <Tag>{stateLabels[entry.to] ?? entry.to}</Tag>
            <div>
              <Typography.Text type="secondary">
                {beijingWall(entry.at)} ·{' '}
                {entry.actorId === null ? t('timeline.system') : entry.actorName}
              </Typography.Text>
            </div>
            {entry.comment ? <div>{entry.comment}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
