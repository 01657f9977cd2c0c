import { type ColumnCandidate, columnsFromHomepage } from './columns.js';
import { daysBetween } from './dates.js';
import type { PageFacts } from './html.js';
import { isPaginationOf, readableUrl } from './links.js';
import {
  type ColumnKind,
  defaultStaleLimits,
  type Finding,
  type FindingCode,
  type SiteCheckReport,
  type StaleLimits,
  severityOf,
  type TextChecker,
} from './types.js';

const TEXT_CODES = new Set<FindingCode>([
  'formulation-error',
  'typo',
  'pii-idcard',
  'pii-mobile',
  'secret-marking',
]);
/** The same wording repeated in a template on every page is reported on this many pages at most. */
const MAX_PAGES_PER_TEXT = 20;
const HOME = -1;
const PAGINATION_FILE = /\/(?:index|page|list|default|more)[_-]?\d+\.\w+$/i;

interface ColumnState extends ColumnCandidate {
  items: number;
  newest: string | null;
  loaded: boolean;
  /** other pages whose navigation (link groups, nav menus) links to this column */
  repeats: number;
  /** a section heading on the homepage named like a news/notice/policy column */
  heading: boolean;
  /** linked from the homepage's navigation or link groups (not only as a heading) */
  navigation: boolean;
  /** the column's own page states a publication date and lists next to nothing: an article */
  article: boolean;
}

/** Same site: the same host, or hosts under one registered domain (gov.cn style: three labels). */
export function sameSite(a: string, b: string): boolean {
  if (a === b) return true;
  const registered = (host: string) => {
    const labels = host.split('.');
    const keep = /^(gov|org|com|edu|net|ac)\.cn$/.test(labels.slice(-2).join('.')) ? 3 : 2;
    return labels.slice(-keep).join('.');
  };
  if (/^[\d.]+$/.test(a) || /^[\d.]+$/.test(b) || a.includes(':') || b.includes(':')) return false;
  return registered(a) === registered(b);
}

/** A column URL as navigation menus vary it: a directory and its index page are the same. */
function navigationKey(url: string): string {
  return url.replace(/\/(?:index|default)\.(?:s?html?|jsp|aspx?|php)(?=$|\?)/i, '/');
}

function limitFor(kind: ColumnKind, limits: StaleLimits): number | undefined {
  return kind === 'other' ? undefined : limits[kind];
}

/**
 * Everything the check learns about a site, fed page by page; pure (no I/O) so its rules are
 * tested directly. Per page it keeps at most the page's publication date.
 */
export class SiteModel {
  pages = 0;
  private readonly columns: ColumnState[] = [];
  private readonly columnOfPage = new Map<string, number>();
  /** column candidates by navigationKey(url): /zwdt/ and /zwdt/index.html are one column */
  private readonly columnByKey = new Map<string, number>();
  /** undated list items waiting for their article's date: article URL → columns (HOME = homepage) */
  private readonly waiting = new Map<string, number[]>();
  private readonly published = new Map<string, string>();
  private homeNewest: string | null = null;
  private homeSeen = false;
  /** the start page and, when it only forwards, the portal it forwards to */
  private readonly homes = new Set<string>();
  private readonly findings: Finding[] = [];
  private readonly notes: string[] = [];
  private readonly textSeen = new Map<string, number>();
  private unreachable: Finding | undefined;
  private readonly limits: StaleLimits;

  constructor(
    private readonly site: string,
    private home: URL,
    private readonly now: string,
    limits: Partial<StaleLimits> = {},
    private readonly textChecker?: TextChecker,
  ) {
    this.limits = { ...defaultStaleLimits, ...limits };
  }

  /** Whether a page's list items are needed (homepage, column pages and their later pages). */
  wantsItems(url: string): boolean {
    if (!this.homeSeen) return true;
    if (this.columnOfPage.has(url)) return true;
    return PAGINATION_FILE.test(url) && this.paginationColumn(url) !== undefined;
  }

  private paginationColumn(url: string): number | undefined {
    const parsed = new URL(url);
    const index = this.columns.findIndex((c) => isPaginationOf(parsed, new URL(c.url)));
    return index < 0 ? undefined : index;
  }

  /** The homepage after redirects; columns come from its navigation. */
  acceptHome(finalUrl: string, facts: PageFacts): string | undefined {
    const forward = this.forwardOf(new URL(finalUrl), facts);
    if (forward) {
      // A root page that only forwards: counted and proofread, but the portal is the homepage.
      this.homes.add(finalUrl);
      this.pages++;
      this.checkText(finalUrl, facts);
      return forward;
    }
    this.home = new URL(finalUrl);
    this.homes.add(finalUrl);
    this.homeSeen = true;
    this.pages++;
    // Candidates: the homepage's navigation and link groups, and kind-named section headings.
    // Which are columns is settled in report(), once other pages showed what recurs.
    const navigation = [...facts.nav, ...facts.groups.flat()];
    const headings = new Set(facts.sectionLinks.map((l) => l.url));
    const navigationUrls = new Set(navigation.map((l) => l.url));
    const dated = new Set(facts.items.filter((i) => i.date).map((i) => i.url));
    for (const column of columnsFromHomepage(this.home, navigation, facts.sectionLinks)) {
      if (dated.has(column.url)) continue; // a dated entry of a news list is an article
      this.columnOfPage.set(column.url, this.columns.length);
      this.columnByKey.set(navigationKey(column.url), this.columns.length);
      this.columns.push({
        ...column,
        items: 0,
        newest: null,
        loaded: false,
        repeats: 0,
        heading: headings.has(column.url),
        navigation: navigationUrls.has(column.url),
        article: false,
      });
    }
    this.takeItems(HOME, facts);
    this.checkText(finalUrl, facts);
    return undefined;
  }

  /**
   * Where a start page that only forwards sends the visitor: it has a forward (meta refresh, a
   * script setting location, frames or an iframe) to the same site, and no navigation or list
   * of its own — a real homepage that also embeds an iframe keeps being the homepage.
   */
  private forwardOf(page: URL, facts: PageFacts): string | undefined {
    if (facts.forwards.length === 0) return undefined;
    const ownNavigation =
      facts.groups.length > 0 || facts.nav.length >= 3 || facts.items.length >= 3;
    if (ownNavigation) return undefined;
    for (const target of facts.forwards) {
      const url = new URL(target);
      if (url.href !== page.href && sameSite(url.hostname, page.hostname)) return url.href;
    }
    return undefined;
  }

  /** Counts, once per page, the columns this page's navigation links to. */
  private countRepeats(facts: PageFacts): void {
    if (this.columnByKey.size === 0) return;
    const counted = new Set<number>();
    const count = (url: string) => {
      const index = this.columnByKey.get(navigationKey(url));
      if (index === undefined || counted.has(index)) return;
      counted.add(index);
      this.columns[index]!.repeats++;
    };
    for (const link of facts.nav) count(link.url);
    for (const group of facts.groups) for (const link of group) count(link.url);
  }

  /** Columns as the report shows them: recurring navigation or list-like section headings. */
  private confirmedColumns(): ColumnState[] {
    const others = this.pages - 1;
    const needed = Math.min(2, Math.max(1, others));
    return this.columns.filter(
      (c) =>
        !c.article &&
        (c.repeats >= needed || (c.heading && c.kind !== 'other' && c.loaded && c.items > 0)),
    );
  }

  /** Any other page of the site; `requested` is the URL linked, `finalUrl` where it ended. */
  acceptPage(requested: string, finalUrl: string, facts: PageFacts): void {
    this.pages++;
    if (facts.published) {
      this.published.set(finalUrl, facts.published);
      if (requested !== finalUrl) this.published.set(requested, facts.published);
      for (const url of new Set([requested, finalUrl])) {
        for (const target of this.waiting.get(url) ?? []) this.dated(target, facts.published);
        this.waiting.delete(url);
      }
    }
    this.countRepeats(facts);
    let column = this.columnOfPage.get(requested) ?? this.columnOfPage.get(finalUrl);
    if (column === undefined && PAGINATION_FILE.test(finalUrl))
      column = this.paginationColumn(finalUrl);
    if (column !== undefined) {
      const state = this.columns[column]!;
      const own = state.url === requested || state.url === finalUrl;
      const entries = this.entries(facts);
      // A page that states its own date and lists (almost) nothing is an article, never a column.
      if (own && facts.dated && entries.length < 3 && facts.nextPages.length === 0)
        state.article = true;
      state.loaded = true;
      this.takeItems(column, facts, entries);
    }
    this.checkText(finalUrl, facts);
  }

  /**
   * A page's list entries: its items less the links of its own navigation (menus, link groups)
   * and links to columns of the site's navigation.
   */
  private entries(facts: PageFacts): PageFacts['items'] {
    const navigation = new Set<string>();
    for (const link of facts.nav) navigation.add(link.url);
    // A group is a menu when it links to a column of the navigation; other groups (a list of
    // short undated titles such as 停水通知, 放假通知) keep their links as entries.
    for (const group of facts.groups) {
      if (group.some((link) => this.isNavigationColumn(link.url)))
        for (const link of group) navigation.add(link.url);
    }
    const seen = new Set<string>();
    return facts.items.filter((item) => {
      if (seen.has(item.url) || navigation.has(item.url) || this.isNavigationColumn(item.url))
        return false;
      seen.add(item.url);
      return true;
    });
  }

  private takeItems(target: number, facts: PageFacts, entries = this.entries(facts)): void {
    for (const item of entries) {
      if (target !== HOME) this.columns[target]!.items++;
      const date = item.date ?? this.published.get(item.url);
      if (date) this.dated(target, date);
      else {
        const list = this.waiting.get(item.url);
        if (list) list.push(target);
        else this.waiting.set(item.url, [target]);
      }
    }
    if (target !== HOME) {
      for (const next of [...facts.nextPages, ...facts.probes])
        if (!this.columnOfPage.has(next)) this.columnOfPage.set(next, target);
    }
  }

  /** A list entry that is a column of the navigation is a sub-column link, not an item. */
  private isNavigationColumn(url: string): boolean {
    const index = this.columnByKey.get(navigationKey(url));
    return index !== undefined && this.columns[index]!.navigation;
  }

  private dated(target: number, date: string): void {
    if (date > this.now) return; // announcements of future events say nothing about updates
    if (target === HOME) {
      if (!this.homeNewest || date > this.homeNewest) this.homeNewest = date;
      return;
    }
    const column = this.columns[target]!;
    if (!column.newest || date > column.newest) column.newest = date;
  }

  private checkText(page: string, facts: PageFacts): void {
    if (!this.textChecker || facts.mainText.trim() === '') return;
    const onPage = new Set<string>();
    for (const found of this.textChecker(facts.mainText)) {
      const code = found.code as FindingCode;
      if (!TEXT_CODES.has(code)) continue;
      const key = `${code}\u0000${found.text}`;
      if (onPage.has(key)) continue;
      onPage.add(key);
      const count = this.textSeen.get(key) ?? 0;
      if (count >= MAX_PAGES_PER_TEXT) continue;
      this.textSeen.set(key, count + 1);
      const finding: Finding = { code, severity: severityOf[code], page, text: found.text };
      if (found.suggestion !== undefined) finding.suggestion = found.suggestion;
      this.findings.push(finding);
    }
  }

  /** A page cut at the size limit: the report says so, once per page (at most 50 notes). */
  truncated(url: string, limitBytes: number): void {
    if (this.notes.length >= 50) return;
    const size =
      limitBytes >= 1024 * 1024
        ? `${Math.round((limitBytes / 1024 / 1024) * 10) / 10} MB`
        : `${Math.round(limitBytes / 1024)} KB`;
    this.notes.push(`页面超过 ${size} 的大小限制，只检查了开头部分：${readableUrl(url)}`);
  }

  linkBroken(page: string, target: string, status: number, reason?: string): void {
    const finding: Finding = {
      code: 'link-broken',
      severity: severityOf['link-broken'],
      page,
      // Shown as people read it: Chinese paths decoded.
      target: readableUrl(target),
      status,
      onHomepage: this.homes.has(page),
    };
    // Only where the status alone would not say why (a 200 error page).
    if (reason) finding.reason = reason;
    this.findings.push(finding);
  }

  siteUnreachable(target: string, status: number, reason: string): void {
    this.unreachable = {
      code: 'site-unreachable',
      severity: severityOf['site-unreachable'],
      page: this.site,
      target,
      status,
      reason,
    };
  }

  get reachable(): boolean {
    return this.unreachable === undefined;
  }

  report(): SiteCheckReport {
    const findings: Finding[] = [];
    if (this.unreachable) {
      findings.push(this.unreachable);
      return { site: this.site, now: this.now, pages: this.pages, columns: [], findings };
    }
    const home = this.home.href;
    const homeLimit = this.limits.home;
    if (!this.homeNewest || daysBetween(this.homeNewest, this.now) > homeLimit) {
      findings.push({
        code: 'home-stale',
        severity: severityOf['home-stale'],
        page: home,
        lastUpdated: this.homeNewest,
        limitDays: homeLimit,
      });
    }
    const columns = this.confirmedColumns();
    for (const column of columns) {
      const limit = limitFor(column.kind, this.limits);
      // A column page that failed to load is a broken link, not a blank column; "other" columns
      // (about pages, leadership…) are not lists and have no update rule.
      if (limit === undefined || !column.loaded) continue;
      const base = {
        page: column.url,
        column: column.url,
        name: column.name,
        lastUpdated: column.newest,
        limitDays: limit,
      };
      if (column.items === 0) {
        findings.push({ code: 'column-blank', severity: severityOf['column-blank'], ...base });
      } else if (!column.newest || daysBetween(column.newest, this.now) > limit) {
        findings.push({ code: 'column-stale', severity: severityOf['column-stale'], ...base });
      }
    }
    findings.push(...this.findings);
    const rank = { veto: 0, deduct: 1, info: 2 };
    findings.sort(
      (a, b) =>
        rank[a.severity] - rank[b.severity] ||
        a.code.localeCompare(b.code) ||
        a.page.localeCompare(b.page) ||
        (a.target ?? a.text ?? '').localeCompare(b.target ?? b.text ?? ''),
    );
    const report: SiteCheckReport = {
      site: this.site,
      now: this.now,
      pages: this.pages,
      columns: columns.map((c) => ({
        name: c.name,
        url: c.url,
        kind: c.kind,
        items: c.items,
        lastUpdated: c.newest,
      })),
      findings,
    };
    if (this.notes.length > 0) report.notes = [...this.notes];
    return report;
  }
}
