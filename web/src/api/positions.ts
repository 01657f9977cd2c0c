// Positions (阵地建设): the registry of a unit's channels and the website checks behind them.
import type {
  CheckStatus,
  PositionEventKind,
  PositionKind,
  Severity,
} from '../../../src/positions/contract.js';
import { api } from './client.js';
import type { Page, PageQuery } from './types.js';

export {
  type CheckStatus,
  checkStatusLabels,
  findingCodeLabels,
  type PositionEventKind,
  type PositionKind,
  positionEventKinds,
  positionEventLabels,
  positionKindLabels,
  positionKinds,
  type Severity,
  severities,
  severityLabels,
} from '../../../src/positions/contract.js';

export interface LastCheck {
  id: number;
  status: CheckStatus;
  statusLabel: string;
  queuedAt: string;
  finishedAt: string | null;
  counts: Partial<Record<Severity, number>>;
  score: number | null;
}

export interface Position {
  id: number;
  unitId: number;
  unitName: string;
  kind: PositionKind;
  kindLabel: string;
  name: string;
  url: string;
  platform: string;
  accountId: string;
  ownerPersonId: number | null;
  ownerName: string;
  cadenceDays: number;
  interaction: boolean;
  note: string;
  status: PositionEventKind;
  statusLabel: string;
  statusOn: string;
  active: boolean;
  lastCheck: LastCheck | null;
  warnings: string[];
  allowed: ('edit' | 'event' | 'check')[];
}

export interface PositionDetail extends Position {
  events: { id: number; kind: PositionEventKind; kindLabel: string; date: string; note: string }[];
}

export interface PositionInput {
  unitId: number;
  kind: PositionKind;
  name: string;
  url?: string;
  platform?: string;
  accountId?: string;
  cadenceDays?: number;
  interaction?: boolean;
  note?: string;
}

export interface SiteFinding {
  code: string;
  codeLabel: string;
  severity: Severity;
  severityLabel: string;
  page: string;
  target?: string;
  status?: number;
  onHomepage?: boolean;
  column?: string;
  name?: string;
  lastUpdated?: string | null;
  limitDays?: number;
  text?: string;
  suggestion?: string;
  reason?: string;
}

export interface CheckProgress {
  pagesDone?: number;
  resourcesDone?: number;
  queued?: number;
  rate?: number;
  elapsedMs?: number;
}

export interface PositionCheck {
  id: number;
  positionId: number;
  unitId: number;
  status: CheckStatus;
  statusLabel: string;
  trigger: 'manual' | 'schedule';
  url: string;
  checkedOn: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  pages: number;
  counts: Partial<Record<Severity, number>>;
  score: number | null;
  progress: CheckProgress;
  notes: string[];
  error: string;
  findings: SiteFinding[];
  columns: { name: string; url: string; kind: string; items: number; lastUpdated: string | null }[];
  positionName?: string;
}

export const positionsApi = {
  list: (query: { unitId?: number; kind?: PositionKind } & PageQuery) =>
    api.get<Page<Position>>('/positions', { ...query }),
  get: (id: number) => api.get<PositionDetail>(`/positions/${id}`),
  create: (input: PositionInput) => api.post<PositionDetail>('/positions', input),
  update: (id: number, patch: Partial<Omit<PositionInput, 'unitId' | 'kind'>>) =>
    api.patch<PositionDetail>(`/positions/${id}`, patch),
  addEvent: (id: number, input: { kind: PositionEventKind; date: string; note?: string }) =>
    api.post<PositionDetail>(`/positions/${id}/events`, input),
  startCheck: (id: number) =>
    api.post<{ id: number; status: CheckStatus }>(`/positions/${id}/checks`),
  checks: (id: number) => api.get<Page<PositionCheck>>(`/positions/${id}/checks`),
  check: (checkId: number) => api.get<PositionCheck>(`/position-checks/${checkId}`),
  allowList: () =>
    api.get<{ items: { id: number; entry: string; note: string }[]; fromEnvironment: string[] }>(
      '/monitor-allow',
    ),
  allow: (entry: string) => api.post<{ id: number }>('/monitor-allow', { entry }),
  disallow: (id: number) => api.delete(`/monitor-allow/${id}`),
};
