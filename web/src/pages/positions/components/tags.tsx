import { Tag } from 'antd';
import type { LastCheck, Position, PositionKind } from '../../../api/positions.js';
import { t } from '../../../locale/zh-CN.js';

export function StateTag({
  position,
}: {
  position: Pick<Position, 'active' | 'statusLabel' | 'statusOn'>;
}) {
  return (
    <Tag color={position.active ? 'success' : 'default'} title={position.statusOn}>
      {position.statusLabel}
    </Tag>
  );
}

/** The last check in a word: its state while running, its findings by severity when done. */
export function LastCheckTag({ check, kind }: { check: LastCheck | null; kind: PositionKind }) {
  if (kind !== 'website') return <>—</>;
  if (!check) return <Tag>{t('positions.lastCheck.none')}</Tag>;
  if (check.status !== 'done')
    return (
      <Tag color={check.status === 'failed' ? 'error' : 'processing'}>{check.statusLabel}</Tag>
    );
  const veto = check.counts.veto ?? 0;
  const deduct = check.counts.deduct ?? 0;
  return (
    <Tag color={veto ? 'error' : deduct ? 'warning' : 'success'}>
      {t('positions.lastCheck.summary', { veto, deduct })}
    </Tag>
  );
}
