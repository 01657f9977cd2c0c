import type { ProColumns } from '@ant-design/pro-components';

/**
 * The search form's values, and only those: the server's list queries are strict, so nothing
 * else ProTable keeps in its params may reach them. Text is trimmed; an empty filter is none.
 */
export function searchValues<T>(
  columns: readonly ProColumns<T>[],
  params: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const column of columns) {
    if (column.search === false || column.valueType === 'option') continue;
    if (typeof column.dataIndex !== 'string') continue;
    const value = params[column.dataIndex];
    const cleaned = typeof value === 'string' ? value.trim() || undefined : value;
    if (cleaned !== undefined && cleaned !== null) values[column.dataIndex] = cleaned;
  }
  return values;
}
