// Responsibility ledgers (责任制): leading groups, assignments, letters, agenda meetings, reports.

import type {
  LetterStatus,
  MeetingKind,
  MemberDuty,
  ResponsibilityKind,
} from '../../../src/responsibility/contract.js';
import { API_BASE, api } from './client.js';
import type { Page, PageQuery } from './types.js';

/** `/api/v1/<base>/export?unitId&year`: a same-origin link, the cookie does the rest. */
export function ledgerUrl(base: string, kind: 'export' | 'template', query?: LedgerFilter) {
  const params = new URLSearchParams();
  if (kind === 'export') {
    if (query?.unitId) params.set('unitId', String(query.unitId));
    if (query?.year) params.set('year', String(query.year));
  }
  const search = params.toString();
  return `${API_BASE}/${base}/${kind}${search ? `?${search}` : ''}`;
}

/** Uploads an xlsx to `/<base>/import`: all rows are written, or none and the row errors come back. */
export function importLedger(base: string, file: File) {
  return api.upload<{ imported: number }>(`/${base}/import`, file);
}

export type { LetterStatus, MeetingKind, MemberDuty, ResponsibilityKind };

export interface LedgerFilter {
  unitId?: number;
  year?: number;
}

export {
  letterStatuses as LETTER_STATUSES,
  meetingKinds as MEETING_KINDS,
  memberDuties as MEMBER_DUTIES,
  responsibilityKinds as RESPONSIBILITY_KINDS,
} from '../../../src/responsibility/contract.js';

/** What the caller may do with a record, as the server's policy answers it per record. */
export interface Allowed<A extends string = string> {
  allowed: A[];
}

export interface LeadingGroupMember {
  id: number;
  personId: number;
  name: string;
  title: string | null;
  duty: MemberDuty;
  dutyLabel: string;
}

export interface LeadingGroup extends Allowed<'edit'> {
  id: number;
  unitId: number;
  name: string;
  adjustedOn: string | null;
  note: string;
  members: LeadingGroupMember[];
}

export interface LeadingGroupInput {
  unitId: number;
  name: string;
  adjustedOn?: string | null;
  note?: string;
  members: { personId: number; duty: MemberDuty }[];
}

export interface Assignment extends Allowed<'edit' | 'delete'> {
  id: number;
  unitId: number;
  unitName: string;
  year: number;
  kind: ResponsibilityKind;
  personId: number | null;
  personName: string | null;
  holder: string;
  fields: string;
}

export interface AssignmentInput {
  unitId: number;
  year: number;
  kind: ResponsibilityKind;
  personId?: number | null;
  holder?: string;
  fields?: string;
}

export interface Letter extends Allowed<'edit' | 'delete' | 'sign' | 'reopen'> {
  id: number;
  unitId: number;
  unitName: string;
  year: number;
  personId: number;
  personName: string;
  personTitle: string | null;
  status: LetterStatus;
  signedOn: string | null;
  attachmentIds: number[];
  note: string;
}

export interface LetterInput {
  unitId: number;
  year: number;
  personId: number;
  status?: LetterStatus;
  signedOn?: string | null;
  attachmentIds?: number[];
  note?: string;
}

export interface Meeting extends Allowed<'edit' | 'delete'> {
  id: number;
  unitId: number;
  unitName: string;
  kind: MeetingKind;
  heldAt: string;
  title: string;
  participants: string[];
  topics: string;
  minutes: string;
  attachmentIds: number[];
}

export interface MeetingInput {
  unitId: number;
  kind: MeetingKind;
  /** With its offset, e.g. 2025-10-15T09:00:00+08:00. */
  heldAt: string;
  title: string;
  participants?: string[];
  topics?: string;
  minutes?: string;
  attachmentIds?: number[];
}

export interface YearlyReport extends Allowed<'edit' | 'delete'> {
  id: number;
  unitId: number;
  unitName: string;
  year: number;
  title: string;
  submittedOn: string;
  attachmentIds: number[];
}

export interface YearlyReportInput {
  unitId: number;
  year: number;
  title?: string;
  submittedOn: string;
  attachmentIds?: number[];
}

export type LedgerQuery = PageQuery & LedgerFilter;
type Patch<T> = Partial<Omit<T, 'unitId'>>;

export const leadingGroupsApi = {
  list: (query: PageQuery & { unitId?: number }) =>
    api.get<Page<LeadingGroup>>('/leading-groups', { ...query }),
  save: (input: LeadingGroupInput) => api.put<LeadingGroup>('/leading-groups', input),
};

export const assignmentsApi = {
  list: (query: LedgerQuery & { kind?: ResponsibilityKind }) =>
    api.get<Page<Assignment>>('/responsibility-assignments', { ...query }),
  create: (input: AssignmentInput) => api.post<Assignment>('/responsibility-assignments', input),
  update: (id: number, input: Patch<AssignmentInput>) =>
    api.patch<Assignment>(`/responsibility-assignments/${id}`, input),
  remove: (id: number) => api.delete<void>(`/responsibility-assignments/${id}`),
};

export const lettersApi = {
  base: 'responsibility-letters',
  list: (query: LedgerQuery & { status?: LetterStatus }) =>
    api.get<Page<Letter>>('/responsibility-letters', { ...query }),
  create: (input: LetterInput) => api.post<Letter>('/responsibility-letters', input),
  update: (id: number, input: Patch<LetterInput>) =>
    api.patch<Letter>(`/responsibility-letters/${id}`, input),
  sign: (id: number, input: { signedOn: string; attachmentIds?: number[] }) =>
    api.post<Letter>(`/responsibility-letters/${id}/sign`, input),
  issue: (input: { unitId: number; year: number }) =>
    api.post<{ issued: number }>('/responsibility-letters/issue', input),
  remove: (id: number) => api.delete<void>(`/responsibility-letters/${id}`),
  import: (file: File) => api.upload<{ imported: number }>('/responsibility-letters/import', file),
};

export const meetingsApi = {
  base: 'agenda-meetings',
  list: (query: LedgerQuery & { kind?: MeetingKind }) =>
    api.get<Page<Meeting>>('/agenda-meetings', { ...query }),
  create: (input: MeetingInput) => api.post<Meeting>('/agenda-meetings', input),
  update: (id: number, input: Patch<MeetingInput>) =>
    api.patch<Meeting>(`/agenda-meetings/${id}`, input),
  remove: (id: number) => api.delete<void>(`/agenda-meetings/${id}`),
  import: (file: File) => api.upload<{ imported: number }>('/agenda-meetings/import', file),
};

export const reportsApi = {
  base: 'yearly-reports',
  list: (query: LedgerQuery) => api.get<Page<YearlyReport>>('/yearly-reports', { ...query }),
  create: (input: YearlyReportInput) => api.post<YearlyReport>('/yearly-reports', input),
  update: (id: number, input: Patch<YearlyReportInput>) =>
    api.patch<YearlyReport>(`/yearly-reports/${id}`, input),
  remove: (id: number) => api.delete<void>(`/yearly-reports/${id}`),
  import: (file: File) => api.upload<{ imported: number }>('/yearly-reports/import', file),
};
