// A rule's deadline in plain words. The engine stores it as days after the period's last day
// (`dueOffsetDays`, negative = inside the period); people read "次年 1 月 31 日前".
import dayjs from 'dayjs';
import type { PeriodKind } from '../../../api/compliance.js';

const PERIOD_NAME: Record<PeriodKind, string> = {
  month: '当月',
  quarter: '季度',
  'half-year': '半年',
  year: '年度',
};

/** Last day of the first period of a sample (non-leap) year, for examples. */
const FIRST_PERIOD_END: Record<PeriodKind, string> = {
  month: '2025-01-31',
  quarter: '2025-03-31',
  'half-year': '2025-06-30',
  year: '2025-12-31',
};

const FIRST_PERIOD_NAME: Record<PeriodKind, string> = {
  month: '1 月',
  quarter: '第一季度',
  'half-year': '上半年',
  year: '',
};

function monthDay(date: dayjs.Dayjs): string {
  return `${date.month() + 1} 月 ${date.date()} 日`;
}

/** "次年 1 月 31 日前", "当年 3 月 31 日前", "季度最后一天前", "周期结束后 15 天内（如第一季度为 4 月 15 日前）". */
export function deadlineText(period: PeriodKind, offsetDays: number): string {
  const end = dayjs(FIRST_PERIOD_END[period]);
  const due = end.add(offsetDays, 'day');
  if (period === 'year') {
    return `${due.year() > end.year() ? '次年' : '当年'} ${monthDay(due)}前`;
  }
  if (offsetDays === 0) return `${PERIOD_NAME[period]}最后一天前`;
  const example = `如${FIRST_PERIOD_NAME[period]}为 ${monthDay(due)}前`;
  return offsetDays > 0
    ? `周期结束后 ${offsetDays} 天内（${example}）`
    : `周期结束前 ${-offsetDays} 天（${example}）`;
}

export type DueWhen = 'end' | 'after' | 'before';

/** The form's two fields (when, days) for a stored offset, and back. */
export function splitOffset(offsetDays: number): { dueWhen: DueWhen; dueDays: number } {
  if (offsetDays === 0) return { dueWhen: 'end', dueDays: 0 };
  return offsetDays > 0
    ? { dueWhen: 'after', dueDays: offsetDays }
    : { dueWhen: 'before', dueDays: -offsetDays };
}

export function joinOffset(dueWhen: DueWhen, dueDays: number | undefined): number {
  if (dueWhen === 'end') return 0;
  const days = Math.abs(dueDays ?? 0);
  return dueWhen === 'after' ? days : -days;
}
