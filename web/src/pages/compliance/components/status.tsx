// Status colours and labels of the compliance views: the heat map, tags and legends agree.
import { Tag } from 'antd';
import type { CadenceStatus, RequirementGroup } from '../../../api/compliance.js';
import { labelFor, t } from '../../../locale/zh-CN.js';

export const STATUS_COLOR: Record<CadenceStatus, string> = {
  met: '#52c41a',
  'due-soon': '#faad14',
  overdue: '#f5222d',
  'not-yet-due': '#bfbfbf',
  'not-applicable': '#f0f0f0',
};

/** Order of the heat map's pieces (and the value each cell carries). */
export const STATUS_ORDER: readonly CadenceStatus[] = [
  'met',
  'due-soon',
  'overdue',
  'not-yet-due',
  'not-applicable',
];

const TAG_COLOR: Record<CadenceStatus, string> = {
  met: 'success',
  'due-soon': 'warning',
  overdue: 'error',
  'not-yet-due': 'default',
  'not-applicable': 'default',
};

export const statusLabel = (status: CadenceStatus) => t(`compliance.status.${status}`);
export const groupLabel = (group: RequirementGroup) => t(`compliance.group.${group}`);

export function StatusTag({ status }: { status: CadenceStatus }) {
  return (
    <Tag color={TAG_COLOR[status]} data-status={status}>
      {statusLabel(status)}
    </Tag>
  );
}

/** 'meeting:special-study' → 专题研究意识形态工作; activities by their own type label. */
export function recordTypeLabel(type: string): string {
  const known = labelFor('compliance.record.', type);
  if (known) return known;
  if (type.startsWith('activity:')) {
    const sub = labelFor('activity.type.', type.slice('activity:'.length));
    return sub ? `${t('compliance.record.activity')}·${sub}` : t('compliance.record.activity');
  }
  return type;
}

/** Where a drill-down record lives in the web app. */
export function ledgerPath(ledger: string): string | undefined {
  return {
    'agenda-meetings': '/responsibility?tab=meetings',
    'yearly-reports': '/responsibility?tab=reports',
    'responsibility-letters': '/responsibility?tab=letters',
    'study-sessions': '/study?tab=sessions',
    activities: '/activities?tab=records',
  }[ledger];
}

/** 'YYYY-H1' → 2025 上半年, '2025-Q3' → 2025 第三季度, '2025-07' → 2025 年 7 月. */
export function periodLabel(key: string): string {
  const [year, part] = key.split('-');
  if (!part) return `${year} 年`;
  if (part === 'H1') return `${year} 上半年`;
  if (part === 'H2') return `${year} 下半年`;
  if (part.startsWith('Q')) return `${year} 第${'一二三四'[Number(part.slice(1)) - 1]}季度`;
  return `${year} 年 ${Number(part)} 月`;
}
