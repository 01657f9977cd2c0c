import { describe, expect, it } from 'vitest';
import { ledgerLink, ledgerPath, periodLabel, recordTypeLabel } from './status.js';

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

  it('links a record to its ledger filtered to its unit, year and kind, highlighted', () => {
    const record = { unitId: 7, recordId: 42, periodKey: null, occurredOn: '2025-10-15' };
    expect(
      ledgerLink({ ...record, ledger: 'agenda-meetings', type: 'meeting:special-study' }),
    ).toBe('/responsibility?tab=meetings&unitId=7&year=2025&kind=special-study&highlight=42');
    expect(
      ledgerLink({ ...record, ledger: 'study-sessions', type: 'training:ideology-staff' }),
    ).toBe('/study?tab=sessions&unitId=7&year=2025&kind=training&highlight=42');
    expect(ledgerLink({ ...record, ledger: 'study-sessions', type: 'branch:theme-day' })).toContain(
      'kind=theme-day',
    );
    expect(ledgerLink({ ...record, ledger: 'activities', type: 'activity:lecture' })).toContain(
      'type=lecture',
    );
    // A 2024 yearly report submitted in 2025 is found under 2024.
    expect(
      ledgerLink({
        ...record,
        ledger: 'yearly-reports',
        type: 'report:yearly',
        periodKey: '2024',
        occurredOn: '2025-01-20',
      }),
    ).toBe('/responsibility?tab=reports&unitId=7&year=2024&highlight=42');
    expect(ledgerLink({ ...record, ledger: 'unknown', type: 'x' })).toBeUndefined();
  });

  it('opens a dated record on the period of the rule it counts for', () => {
    const link = ledgerLink({
      ledger: 'agenda-meetings',
      recordId: 42,
      unitId: 7,
      type: 'meeting:special-study',
      periodKey: null,
      occurredOn: '2025-09-12',
      periodStart: '2025-07-01',
      periodEnd: '2025-12-31',
    });
    expect(link).toBe(
      '/responsibility?tab=meetings&unitId=7&year=2025&kind=special-study&from=2025-07-01&to=2025-12-31&highlight=42',
    );
  });
});
