// The audit log (committee admins only).
import { api } from './client.js';
import type { AuditRecord, Page, PageQuery } from './types.js';

export interface AuditQuery extends PageQuery {
  q?: string;
  actor?: string;
  action?: string;
  /** Calendar days, YYYY-MM-DD, both inclusive (Asia/Shanghai). */
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (query: AuditQuery) => api.get<Page<AuditRecord>>('/audit', { ...query }),
};
