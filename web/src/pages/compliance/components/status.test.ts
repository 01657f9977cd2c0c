import { describe, expect, it } from 'vitest';
import { ledgerPath, periodLabel, recordTypeLabel } from './status.js';

describe('compliance labels', () => {
  it('names periods in Chinese', () => {
    expect(periodLabel('2025')).toBe('2025 年');
    expect(periodLabel('2025-H2')).toBe('2025 下半年');
    expect(periodLabel('2025-Q3')).toBe('2025 第三季度');
    expect(periodLabel('2025-07')).toBe('2025 年 7 月');
  });

  it('labels ledger record types, activities by their subtype', () => {
    expect(recordTypeLabel('meeting:special-study')).toBe('专题研究意识形态工作');
    expect(recordTypeLabel('activity:volunteer')).toBe('活动·志愿服务');
    expect(recordTypeLabel('something:new')).toBe('something:new');
  });

  it('links drill-down records to their ledger page', () => {
    expect(ledgerPath('agenda-meetings')).toBe('/responsibility?tab=meetings');
    expect(ledgerPath('unknown')).toBeUndefined();
  });
});
