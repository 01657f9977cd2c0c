// The background job queue (committee admins only): GET /jobs, POST /jobs/:jobId/retry|cancel.
import { api } from './client.js';
import type { Page, PageQuery } from './types.js';

export const jobStates = ['queued', 'running', 'failed', 'done', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

export interface JobRecord {
  id: string;
  name: string;
  /** Chinese name of the job kind. */
  label: string;
  state: JobState;
  /** 0 on the first run, 1 on the first retry… */
  attempt: number;
  retryLimit: number;
  singletonKey: string | null;
  createdAt: string;
  startAfter: string;
  startedAt: string | null;
  completedAt: string | null;
  progress: { done: number; total: number | null; note: string | null; at: string } | null;
  /** The error of the last failed attempt. */
  error: string | null;
}

export interface JobQuery extends PageQuery {
  state?: JobState;
  name?: string;
}

export const jobsApi = {
  list: (query: JobQuery) => api.get<Page<JobRecord>>('/jobs', { ...query }),
  retry: (id: string) =>
    api.post<{ id: string; state: JobState }>(`/jobs/${encodeURIComponent(id)}/retry`),
  cancel: (id: string) =>
    api.post<{ id: string; state: JobState }>(`/jobs/${encodeURIComponent(id)}/cancel`),
};
