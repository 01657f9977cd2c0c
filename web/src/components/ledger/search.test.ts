import type { ProColumns } from '@ant-design/pro-components';
import { describe, expect, it } from 'vitest';
import { searchValues } from './search.js';

interface Row {
  unitId: number;
  year: number;
  kind: string;
  title: string;
  brandProject: string;
}

const columns: ProColumns<Row>[] = [
  { dataIndex: 'unitId', valueType: 'treeSelect' },
  { dataIndex: 'year', valueType: 'select' },
  { dataIndex: 'kind', valueType: 'select' },
  { dataIndex: 'title', search: false },
  { dataIndex: 'brandProject' },
  { title: '操作', valueType: 'option' },
];

describe('searchValues', () => {
  it('keeps only the search form fields, so a strict list query never sees the pager', () => {
    expect(
      searchValues(columns, {
        current: 2,
        pageSize: 50,
        _timestamp: 1,
        unitId: 7,
        year: 2025,
        kind: 'analysis',
        title: '不是筛选项',
      }),
    ).toEqual({ unitId: 7, year: 2025, kind: 'analysis' });
  });

  it('trims text and drops empty filters', () => {
    expect(searchValues(columns, { brandProject: '  红色课堂 ', kind: undefined })).toEqual({
      brandProject: '红色课堂',
    });
    expect(searchValues(columns, { brandProject: '   ', year: null })).toEqual({});
  });
});
