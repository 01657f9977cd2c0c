// Rectifications (整改): findings any module opened, owned by a unit, closed by the opening
// module's verdict (a re-check no longer finds it, or the committee accepts the unit's report).
import type { Attachment } from './attachments.js';
import { api } from './client.js';
import type { PageQuery } from './types.js';

export type RectificationStatus = 'open' | 'done' | 'closed';
export const rectificationStatuses: readonly RectificationStatus[] = ['open', 'done', 'closed'];
export type RectificationAction = 'report' | 'accept' | 'reject';

export interface Rectification {
  id: number;
  source: string;
  sourceLabel: string;
  /** How it closes: by a later check, or by the committee's acceptance. */
  closedBy: 'recheck' | 'acceptance';
  subject: { entity: string; id: string };
  code: string;
  codeLabel: string;
  target: string;
  title: string;
  /** The finding's own fields (target, column, text, …) as its module describes them. */
  finding: Record<string, unknown>;
  unitId: number;
  unitName: string;
  status: RectificationStatus;
  statusLabel: string;
  dueAt: string;
  openedAt: string;
  lastSeenAt: string;
  reportNote: string;
  evidenceIds: number[];
  reportedAt: string | null;
  verdict: string;
  verdictComment: string;
  closedAt: string | null;
  reopenCount: number;
  overdue: boolean;
  /** What the caller may do with it now. */
  allowed: RectificationAction[];
}

export interface RectificationDetail extends Rectification {
  evidence: Attachment[];
}

export interface RectificationQuery extends PageQuery {
  status?: RectificationStatus;
  unitId?: number;
  source?: string;
  positionId?: number;
  overdue?: boolean;
}

export const rectificationsApi = {
  list: (query: RectificationQuery) =>
    api.get<{ items: Rectification[]; total: number }>('/rectifications', {
      ...query,
      overdue: query.overdue ? 'true' : undefined,
    }),
  get: (id: number) => api.get<RectificationDetail>(`/rectifications/${id}`),
  create: (input: { unitId: number; title: string; text?: string; dueAt?: string }) =>
    api.post<RectificationDetail>('/rectifications', input),
  report: (id: number, input: { note: string; evidenceIds: number[] }) =>
    api.post<RectificationDetail>(`/rectifications/${id}/report`, input),
  verdict: (id: number, input: { verdict: 'accept' | 'reject'; comment?: string }) =>
    api.post<RectificationDetail>(`/rectifications/${id}/verdict`, input),
};
