// Lectures and forums approved before they happen (报告会、论坛审批), and the positions figures.
import type {
  FigurePeriod,
  LectureAction,
  LectureKind,
  LectureStatus,
} from '../../../src/positions/lecture-contract.js';
import { api } from './client.js';
import type { Page, PageQuery } from './types.js';

export {
  type FigurePeriod,
  figurePeriodLabels,
  figurePeriods,
  type LectureAction,
  type LectureKind,
  type LectureStatus,
  lectureActionLabels,
  lectureKindLabels,
  lectureKinds,
  lectureStatuses,
  lectureStatusLabels,
} from '../../../src/positions/lecture-contract.js';

export interface Lecture {
  id: number;
  unitId: number;
  unitName: string;
  positionId: number | null;
  kind: LectureKind;
  kindLabel: string;
  topic: string;
  speaker: string;
  speakerAffiliation: string;
  outsideSpeaker: boolean;
  audience: string;
  audienceSize: number;
  startsAt: string;
  place: string;
  attachmentIds: number[];
  status: LectureStatus;
  statusLabel: string;
  reason: string;
  past: boolean;
  unapproved: boolean;
  allowed: LectureAction[];
}

export interface LectureInput {
  unitId: number;
  kind: LectureKind;
  topic: string;
  speaker: string;
  speakerAffiliation?: string;
  outsideSpeaker: boolean;
  audience?: string;
  audienceSize?: number;
  startsAt: string;
  place?: string;
  positionId?: number | null;
  attachmentIds?: number[];
}

export interface LectureQuery extends PageQuery {
  unitId?: number;
  status?: LectureStatus;
  unapproved?: 'true';
}

export type LectureStep = Exclude<LectureAction, 'edit'>;

export interface PositionFigures {
  period: FigurePeriod;
  year: number;
  buckets: { key: string; label: string }[];
  items: {
    positionId: number;
    unitId: number;
    unitName: string;
    kind: string;
    kindLabel: string;
    name: string;
    measure: string | null;
    counts: number[] | null;
    total: number | null;
  }[];
}

export interface PositionSummary {
  items: { unitId: number; unitName: string; total: number; failing: number; stale: number }[];
  totals: { total: number; failing: number; stale: number };
}

export const lecturesApi = {
  list: (query: LectureQuery) => api.get<Page<Lecture>>('/lecture-requests', { ...query }),
  get: (id: number) => api.get<Lecture>(`/lecture-requests/${id}`),
  create: (input: LectureInput) => api.post<Lecture>('/lecture-requests', input),
  update: (id: number, patch: Partial<Omit<LectureInput, 'unitId'>>) =>
    api.patch<Lecture>(`/lecture-requests/${id}`, patch),
  step: (id: number, action: LectureStep, reason?: string) =>
    api.post<Lecture>(`/lecture-requests/${id}/${action}`, reason ? { reason } : {}),
  figures: (query: { unitId?: number; period?: FigurePeriod; year?: number }) =>
    api.get<PositionFigures>('/position-figures', { ...query }),
  summary: () => api.get<PositionSummary>('/position-summary'),
};
