// Activities (载体建设): activity records with photos, and totals by unit, type or month.
import { api } from './client.js';
import type { LedgerQuery } from './responsibility.js';
import type { Page } from './types.js';

export const ACTIVITY_TYPES = [
  'lecture',
  'reading',
  'volunteer',
  'culture',
  'theme-education',
  'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Activity {
  id: number;
  unitId: number;
  unitName: string;
  type: ActivityType;
  title: string;
  heldOn: string;
  sessions: number;
  participants: number;
  beneficiaries: number;
  brandProject: string;
  note: string;
  attachmentIds: number[];
}

export interface ActivityInput {
  unitId: number;
  type: ActivityType;
  title: string;
  heldOn: string;
  sessions?: number;
  participants?: number;
  beneficiaries?: number;
  brandProject?: string;
  note?: string;
  attachmentIds?: number[];
}

export const TOTALS_GROUPINGS = ['unit', 'type', 'month', 'brand'] as const;
export type TotalsGrouping = (typeof TOTALS_GROUPINGS)[number];

export interface TotalsFigures {
  records: number;
  sessions: number;
  participants: number;
  beneficiaries: number;
}

export interface TotalsRow extends TotalsFigures {
  key: string;
  label: string;
}

export interface ActivityTotals {
  groupBy: TotalsGrouping;
  items: TotalsRow[];
  total: TotalsFigures;
}

export const activitiesApi = {
  base: 'activities',
  list: (query: LedgerQuery & { type?: ActivityType; brandProject?: string }) =>
    api.get<Page<Activity>>('/activities', { ...query }),
  create: (input: ActivityInput) => api.post<Activity>('/activities', input),
  update: (id: number, input: Partial<Omit<ActivityInput, 'unitId'>>) =>
    api.patch<Activity>(`/activities/${id}`, input),
  remove: (id: number) => api.delete<void>(`/activities/${id}`),
  import: (file: File) => api.upload<{ imported: number }>('/activities/import', file),
  totals: (query: {
    year?: number;
    unitId?: number;
    type?: ActivityType;
    groupBy: TotalsGrouping;
  }) => api.get<ActivityTotals>('/activities/totals', { ...query }),
};
