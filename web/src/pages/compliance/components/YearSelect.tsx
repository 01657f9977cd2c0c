import { Select } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { beijingYear, yearOptions } from '../../../components/ledger/time.js';
import { t } from '../../../locale/zh-CN.js';

/** The dashboards' year, kept in `?year=` so a link or a reload shows the same year. */
export function useYearParam(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const parsed = Number(params.get('year'));
  const year =
    Number.isInteger(parsed) && parsed >= 2000 && parsed <= 2100 ? parsed : beijingYear();
  const setYear = (next: number) => {
    const copy = new URLSearchParams(params);
    copy.set('year', String(next));
    setParams(copy, { replace: true });
  };
  return [year, setYear];
}

export function YearSelect({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <Select
      aria-label={t('compliance.year')}
      data-testid="year-select"
      value={year}
      onChange={onChange}
      options={yearOptions()}
      style={{ width: 120 }}
    />
  );
}
