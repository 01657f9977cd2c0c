// Theoretical study (理论武装): yearly plans and sessions with attendance.

import { api } from './client.js';
import type { LedgerQuery } from './responsibility.js';
import type { Page } from './types.js';

export const SESSION_KINDS = [
  'central-group',
  'party-group',
  'member-meeting',
  'committee-meeting',
  'group-meeting',
  'party-lecture',
  'theme-day',
  'life-meeting',
  'talk',
  'training',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
/** Held by a party branch: the server files them under a branch unit. */
export const BRANCH_SESSION_KINDS: readonly SessionKind[] = [
  'member-meeting',
  'committee-meeting',
  'group-meeting',
  'party-lecture',
  'theme-day',
  'life-meeting',
];
/** Held by the unit itself (its party group / central group). */
export const UNIT_SESSION_KINDS: readonly SessionKind[] = ['central-group', 'party-group'];

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface StudyPlan {
  id: number;
  unitId: number;
  unitName: string;
  year: number;
  title: string;
  attachmentIds: number[];
}

export interface StudyPlanInput {
  unitId: number;
  year: number;
  title: string;
  attachmentIds?: number[];
}

export interface Attendance {
  personId: number;
  name: string;
  status: AttendanceStatus;
}

export interface StudySession {
  id: number;
  unitId: number;
  unitName: string;
  kind: SessionKind;
  heldAt: string;
  title: string;
  topics: string;
  firstTopic: boolean | null;
  lecturerId: number | null;
  lecturerName: string;
  attachmentIds: number[];
  attendance: Attendance[];
  present: number;
}

export interface StudySessionInput {
  unitId: number;
  kind: SessionKind;
  heldAt: string;
  title: string;
  topics?: string;
  firstTopic?: boolean;
  lecturerId?: number | null;
  lecturerName?: string;
  attendance?: { personId: number; status: AttendanceStatus }[];
  attachmentIds?: number[];
}

type Patch<T> = Partial<Omit<T, 'unitId'>>;

export const plansApi = {
  base: 'study-plans',
  list: (query: LedgerQuery) => api.get<Page<StudyPlan>>('/study-plans', { ...query }),
  create: (input: StudyPlanInput) => api.post<StudyPlan>('/study-plans', input),
  update: (id: number, input: Patch<StudyPlanInput>) =>
    api.patch<StudyPlan>(`/study-plans/${id}`, input),
  remove: (id: number) => api.delete<void>(`/study-plans/${id}`),
  import: (file: File) => api.upload<{ imported: number }>('/study-plans/import', file),
};

export const sessionsApi = {
  base: 'study-sessions',
  list: (query: LedgerQuery & { kind?: SessionKind }) =>
    api.get<Page<StudySession>>('/study-sessions', { ...query }),
  create: (input: StudySessionInput) => api.post<StudySession>('/study-sessions', input),
  update: (id: number, input: Patch<StudySessionInput>) =>
    api.patch<StudySession>(`/study-sessions/${id}`, input),
  remove: (id: number) => api.delete<void>(`/study-sessions/${id}`),
  import: (file: File) => api.upload<{ imported: number }>('/study-sessions/import', file),
};
