// Status colours and labels of the compliance views: the heat map, tags and legends agree.
import { Tag } from 'antd';
import type {
  CadenceStatus,
  LedgerRecord,
  RequirementGroup,
  Tally,
} from '../../../api/compliance.js';
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

/** How many results of a tally are in `status` (the number a cell shows beside its state). */
export function countOf(tally: Tally, status: CadenceStatus): number {
  if (status === 'met') return tally.met;
  if (status === 'due-soon') return tally.dueSoon;
  if (status === 'overdue') return tally.overdue;
  if (status === 'not-yet-due') return tally.notYetDue;
  return 0;
}

/** One state and what it counts: "逾期 2 项", "已完成 8 项", "不适用". */
export function cellLabel(tally: Tally, status: CadenceStatus): string {
  if (status === 'not-applicable') return statusLabel(status);
  return t('compliance.cell.count', { status: statusLabel(status), n: countOf(tally, status) });
}

/** Every count of a tally: "已完成 8 · 临期 1 · 逾期 2 · 未到期 3". */
export function tallyText(tally: Tally): string {
  return t('compliance.tally', { ...tally });
}

/** "完成率 72.7%", or "完成率 —" when nothing is done or due yet. */
export function shareText(share: number | null): string {
  return t('compliance.share.value', { share: share === null ? '—' : `${share}%` });
}

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

/** The ledger's own filter for a record type: the "rule" a record counted for. */
function ruleFilter(ledger: string, type: string): [string, string] | undefined {
  const [prefix, rest = ''] = type.split(':');
  if (ledger === 'agenda-meetings' && prefix === 'meeting') return ['kind', rest];
  if (ledger === 'activities' && prefix === 'activity') return ['type', rest];
  if (ledger === 'responsibility-letters') return ['status', 'signed'];
  if (ledger === 'study-sessions') {
    if (type === 'training:ideology-staff') return ['kind', 'training'];
    if (prefix === 'study' || prefix === 'branch') return ['kind', rest];
  }
  return undefined;
}

/**
 * A drill-down record's place in its ledger: the ledger tab filtered to the record's unit, year,
 * kind and the period of its rule, with `highlight` marking the record itself (LedgerTable reads
 * these from the URL).
 */
export function ledgerLink(
  record: Pick<
    LedgerRecord,
    'ledger' | 'recordId' | 'unitId' | 'type' | 'periodKey' | 'occurredOn'
  > &
    Partial<Pick<LedgerRecord, 'periodStart' | 'periodEnd'>>,
): string | undefined {
  const path = ledgerPath(record.ledger);
  if (!path) return undefined;
  const [pathname, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('unitId', String(record.unitId));
  // Yearly reports and letters belong to the year of their period, not of their date.
  params.set('year', (record.periodKey ?? record.occurredOn).slice(0, 4));
  const rule = ruleFilter(record.ledger, record.type);
  if (rule) params.set(rule[0], rule[1]);
  // Records kept by date open on the rule's period (a half-year, quarter or month).
  if (!record.periodKey && record.periodStart && record.periodEnd) {
    params.set('from', record.periodStart);
    params.set('to', record.periodEnd);
  }
  params.set('highlight', String(record.recordId));
  return `${pathname}?${params.toString()}`;
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
