/** The JSON of `shoutu check-site --json` (docs: shared contract site-check.md). */
export interface SiteCheckReport {
  site: string;
  now: string;
  pages: number;
  columns: ColumnReport[];
  findings: Finding[];
  /**
   * What limited the check, in Chinese (e.g. a page cut at the size limit). Present only when
   * there is something to say, so a clean report keeps exactly the five keys above.
   */
  notes?: string[];
}

export type ColumnKind = 'news' | 'notices' | 'policies' | 'planning' | 'personnel' | 'other';

export interface ColumnReport {
  name: string;
  url: string;
  kind: ColumnKind;
  items: number;
  lastUpdated: string | null;
}

export type Severity = 'veto' | 'deduct' | 'info';

export type FindingCode =
  | 'site-unreachable'
  | 'home-stale'
  | 'column-stale'
  | 'column-blank'
  | 'link-broken'
  | 'formulation-error'
  | 'typo'
  | 'pii-idcard'
  | 'pii-mobile'
  | 'secret-marking';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  page: string;
  /** link findings and site-unreachable */
  target?: string;
  status?: number;
  onHomepage?: boolean;
  /** column findings */
  column?: string;
  name?: string;
  lastUpdated?: string | null;
  limitDays?: number;
  /** text findings */
  text?: string;
  suggestion?: string;
  /** site-unreachable: why, in Chinese */
  reason?: string;
}

/** What a text checker (the proofreading engine) returns for one text. */
export interface TextFinding {
  code: string;
  offset: number;
  length: number;
  text: string;
  suggestion?: string;
  rule: string;
}

export type TextChecker = (text: string) => TextFinding[];

export interface StaleLimits {
  home: number;
  news: number;
  notices: number;
  policies: number;
  planning: number;
  personnel: number;
}

export const defaultStaleLimits: StaleLimits = {
  home: 14,
  news: 14,
  notices: 180,
  policies: 180,
  planning: 365,
  personnel: 365,
};

export const severityOf: Record<FindingCode, Severity> = {
  // Single-item veto indicators of the national government-website inspection.
  'site-unreachable': 'veto',
  'home-stale': 'veto',
  'formulation-error': 'veto',
  'secret-marking': 'veto',
  // Point deductions.
  'column-stale': 'deduct',
  'column-blank': 'deduct',
  'link-broken': 'deduct',
  typo: 'deduct',
  'pii-idcard': 'deduct',
  // Public offices list contact mobiles on purpose; a reviewer decides.
  'pii-mobile': 'info',
};

export interface Progress {
  pagesDone: number;
  resourcesDone: number;
  queued: number;
  elapsedMs: number;
}
