// New-media monitoring of an account and check-ins (打卡) of a physical position.
import type { CheckStatus } from '../../../src/positions/contract.js';
import type { AccountStateName, FeedSource } from '../../../src/positions/media-contract.js';
import { API_BASE, api } from './client.js';
import type { Page } from './types.js';

export {
  type AccountStateName,
  accountStateLabels,
  type FeedSource,
  feedSourceLabels,
  feedSources,
  mediaKinds,
  physicalKinds,
} from '../../../src/positions/media-contract.js';

export interface FeedConfig {
  positionId: number;
  source: FeedSource;
  sourceLabel: string;
  feedUrl: string;
  updatedAt: string;
}

export interface FeedCheck {
  id: number;
  status: CheckStatus;
  statusLabel: string;
  trigger: 'manual' | 'schedule';
  source: FeedSource;
  sourceLabel: string;
  url: string;
  queuedAt: string;
  finishedAt: string | null;
  state: AccountStateName | null;
  stateLabel: string | null;
  lastPostAt: string | null;
  daysSinceLastPost: number | null;
  longestGapDays: number | null;
  postsPerMonth: Record<string, number>;
  postsSeen: number;
  postsNew: number;
  findings: { code: string; codeLabel: string; title: string; severity: string }[];
  reasons: string[];
  error: string;
}

export interface FeedOverview {
  positionId: number;
  monitored: boolean;
  config: FeedConfig | null;
  latest: FeedCheck | null;
  checks: FeedCheck[];
  posts: number;
}

export interface Post {
  id: number;
  publishedAt: string | null;
  title: string;
  link: string;
  sourceLabel: string;
}

export interface Checkin {
  id: number;
  checkedOn: string;
  content: string;
  attachments: { id: number; filename: string; mime: string }[];
  createdAt: string;
}

export interface CheckinList {
  tracked: boolean;
  cadenceDays: number;
  lastCheckedOn: string | null;
  dueOn: string;
  overdue: boolean;
  items: Checkin[];
}

export const positionMediaApi = {
  feed: (id: number) => api.get<FeedOverview>(`/positions/${id}/feed`),
  setFeed: (id: number, input: { source: FeedSource; feedUrl?: string }) =>
    api.put<FeedConfig>(`/positions/${id}/feed`, input),
  startCheck: (id: number) => api.post<FeedCheck>(`/positions/${id}/feed-checks`),
  posts: (id: number) => api.get<Page<Post>>(`/positions/${id}/posts`, { page: 1, pageSize: 20 }),
  importPosts: (id: number, file: File) =>
    api.upload<{ imported: number; duplicates: number }>(`/positions/${id}/posts/import`, file),
  templateUrl: `${API_BASE}/position-posts/template`,
  attest: (id: number, input: { date: string; note: string }) =>
    api.post<{ id: number }>(`/positions/${id}/attestations`, input),
  checkins: (id: number) => api.get<CheckinList>(`/positions/${id}/checkins`),
  checkin: (id: number, input: { checkedOn: string; content: string; attachmentIds: number[] }) =>
    api.post<{ id: number }>(`/positions/${id}/checkins`, input),
};
