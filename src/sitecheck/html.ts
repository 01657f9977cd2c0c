import { Parser } from 'htmlparser2';
import {
  dateFromMeta,
  firstDateWithTime,
  fullDates,
  isPublishedMeta,
  labelledDate,
  listDates,
} from './dates.js';
import { looksLikeResource, metaRefreshUrl, resolveLink, srcsetUrls } from './links.js';
import { datastoreRecords, scriptForward, scriptPages } from './scripts.js';

/** `page` links are crawled when on the site's host; `resource` links are only checked. */
export type LinkKind = 'page' | 'resource';

export interface PageLink {
  url: string;
  kind: LinkKind;
}

export interface NavLink {
  url: string;
  text: string;
}

export interface ListItem {
  url: string;
  title: string;
  date?: string;
}

/** What one page says, small enough to keep nothing else of the page once parsed. */
export interface PageFacts {
  links: PageLink[];
  /** hrefs that cannot be resolved to a URL at all (e.g. `//////`) */
  malformed: string[];
  /** links inside navigation, menus and the page header, in document order */
  nav: NavLink[];
  /** list entries (title links with their date) outside navigation and footer */
  items: ListItem[];
  /** short-titled links outside navigation (section headings such as 工作动态 on a homepage) */
  sectionLinks: NavLink[];
  /** "next page" links of a paginated list, and pages named only in a pagination script */
  nextPages: string[];
  /**
   * Groups of section links: a block (div, ul, dl, nav, table…) holding 3+ short same-site links
   * and no dates, outside the footer — how navigation looks whatever its class names. Columns are
   * the homepage's group links that recur in groups on other pages.
   */
  groups: NavLink[][];
  /** pages a CMS pattern suggests (script pagers): crawled if present, not reported if absent */
  probes: string[];
  /**
   * Where the page forwards to, in the order a browser would go: meta refresh, a script setting
   * location, the frames of a frameset, then iframes. The site model decides whether the page
   * "only forwards" (a root page with no navigation of its own).
   */
  forwards: string[];
  /** the text of <title> */
  title: string;
  /** the page states its own publication date (meta tag or a 发布时间-style label): an article */
  dated: boolean;
  /** the article's publication date: meta tags, then a 发布时间-style label */
  published?: string;
  /** visible text outside navigation, header, footer, scripts and styles */
  mainText: string;
}

export interface AnalyzeOptions {
  url: URL;
  now: string;
  /** collect list items and pagination (homepage and column pages) */
  collectItems: boolean;
  /** cap on the main text kept for proofreading */
  textLimit?: number;
}

// Class/id words that mark navigation and page furniture (including pinyin used by CMS templates).
const NAV_WORDS = new Set([
  'nav',
  'navbar',
  'navigation',
  'menu',
  'mainmenu',
  'topmenu',
  'daohang',
  'dh',
  'mainnav',
  'topnav',
  'subnav',
]);
const FURNITURE_WORDS = new Set([
  'header',
  'head',
  'top',
  'topbar',
  'footer',
  'foot',
  'bottom',
  'copyright',
  'breadcrumb',
  'crumb',
  'crumbs',
  'position',
  'location',
  'sidebar',
  'banner',
  'dqwz',
  'weizhi',
]);
// Link lists in the page header count as navigation too.
const HEADER_WORDS = new Set(['header', 'head', 'top', 'topbar', 'banner']);
const SKIP_TEXT_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'select',
  'option',
  'textarea',
  'title',
]);
const BLOCK_TAGS = new Set([
  'li',
  'tr',
  'dd',
  'dt',
  'dl',
  'p',
  'div',
  'ul',
  'ol',
  'table',
  'tbody',
  'section',
  'article',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'td',
  'th',
  'br',
  'form',
  'main',
]);
// Page-bottom furniture: link groups here (about, sitemap, contact) are not navigation.
const FOOTER_WORDS = new Set(['footer', 'foot', 'bottom', 'copyright', 'bq', 'banquan']);
// Open Graph / Twitter card URLs: checked like the page's images (og:url like a link).
const META_RESOURCE = new Set([
  'og:image',
  'og:image:url',
  'og:image:secure_url',
  'og:video',
  'og:audio',
  'twitter:image',
  'twitter:player',
]);
// schema.org properties whose value is a URL, as JSON-LD blocks carry them.
const JSON_LD_URL_KEYS = new Set([
  'url',
  'image',
  'logo',
  'contentUrl',
  'embedUrl',
  'thumbnailUrl',
  'downloadUrl',
  'discussionUrl',
  'installUrl',
  'sameAs',
  'mainEntityOfPage',
  'license',
  'archivedAt',
  'codeRepository',
]);
const GROUP_MIN_LINKS = 3;
const GROUP_MAX_LINKS = 80;
const NEXT_PAGE_TEXT = /^(?:下一页|下页|后页|next|»|>)$/i;
const MIN_TITLE_CHARS = 4;
const VISIBLE_TEXT_LIMIT = 60_000;

function classWords(attribs: Record<string, string>): string[] {
  const text = `${attribs.class ?? ''} ${attribs.id ?? ''}`.toLowerCase();
  if (text.trim() === '') return [];
  return text.split(/[\s_-]+/).map((w) => w.replace(/\d+$/, ''));
}

type Token = { link: ListItem } | { date: string };

interface Frame {
  tag: string;
  nav: boolean;
  furniture: boolean;
  header: boolean;
  footer: boolean;
  skip: boolean;
  tokens: Token[] | null;
  /** short-text links inside this block (block elements only) */
  group: NavLink[] | null;
  /** links with longer text inside this block: a list of titles, not navigation */
  longLinks: number;
  /** a date appears inside this block */
  hasDate: boolean;
}

/**
 * A streaming reader of one HTML page (htmlparser2): feed decoded chunks with write(), get the
 * page's facts from end(). Keeps only the facts, never the markup.
 */
export class PageAnalyzer {
  private readonly parser: Parser;
  private base: URL;
  private baseSeen = false;
  private readonly stack: Frame[] = [];
  private readonly root: Token[] = [];
  private navDepth = 0;
  private headerDepth = 0;
  private furnitureDepth = 0;
  private footerDepth = 0;
  private skipDepth = 0;
  private inTitle = false;
  private recordDepth = 0;
  private records = '';
  /** text of the inline script being read, or null outside one */
  private script: string | null = null;
  private scriptType = '';
  private scriptBytes = 0;
  private readonly frameForwards: string[] = [];
  private readonly iframeForwards: string[] = [];
  private refreshForward: string | undefined;
  private scriptForwardUrl: string | undefined;
  private link: {
    url: string | null;
    kind: LinkKind;
    text: string;
    nav: boolean;
    furniture: boolean;
  } | null = null;
  private text = '';
  private mainText: string[] = [];
  private mainChars = 0;
  private visible: string[] = [];
  private visibleChars = 0;
  private metaDate: string | undefined;
  private readonly seenLinks = new Set<string>();
  private readonly facts: PageFacts = {
    links: [],
    malformed: [],
    nav: [],
    items: [],
    sectionLinks: [],
    nextPages: [],
    groups: [],
    probes: [],
    forwards: [],
    title: '',
    dated: false,
    mainText: '',
  };
  private readonly textLimit: number;

  constructor(private readonly options: AnalyzeOptions) {
    this.base = options.url;
    this.textLimit = options.textLimit ?? 200_000;
    this.parser = new Parser(
      {
        onopentag: (name, attribs) => this.open(name, attribs),
        onclosetag: (name) => this.close(name),
        ontext: (text) => {
          this.text += text;
        },
        // A Jcms data-proxy answer is bare XML: its records come as CDATA, which HTML parsing
        // reports as comments.
        oncomment: (data) => {
          if (this.recordDepth > 0 && data.startsWith('[CDATA[') && this.records.length < 2_000_000)
            this.records += `${data.slice(7, data.endsWith(']]') ? -2 : undefined)}\n`;
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
  }

  write(chunk: string): void {
    this.parser.write(chunk);
  }

  end(): PageFacts {
    this.parser.end();
    this.flushText();
    if (this.records && this.options.collectItems) this.mergeRecords(this.records);
    this.resolve(this.root);
    const facts = this.facts;
    for (const target of [
      this.refreshForward,
      this.scriptForwardUrl,
      ...this.frameForwards,
      ...this.iframeForwards,
    ]) {
      if (target && !facts.forwards.includes(target)) facts.forwards.push(target);
    }
    facts.mainText = this.mainText.join('');
    const visible = this.visible.join('');
    const stated = this.metaDate ?? labelledDate(visible);
    facts.dated = stated !== undefined;
    facts.title = facts.title.replace(/\s+/g, ' ').trim();
    facts.published = stated ?? firstDateWithTime(visible) ?? fullDates(facts.mainText)[0]?.date;
    if (facts.published && facts.published > this.options.now) facts.published = undefined;
    return facts;
  }

  /** The page's encoding, once the crawler knows it: queries of links are encoded in it. */
  encoding = 'utf8';

  private addLink(raw: string | undefined, kind: LinkKind): string | null {
    if (raw === undefined) return null;
    const url = resolveLink(raw, this.base, this.encoding);
    if (url === null) return null;
    if (url === 'malformed') {
      this.facts.malformed.push(raw);
      return null;
    }
    const effective: LinkKind = kind === 'page' && looksLikeResource(url) ? 'resource' : kind;
    const href = url.href;
    if (!this.seenLinks.has(href)) {
      this.seenLinks.add(href);
      this.facts.links.push({ url: href, kind: effective });
    }
    return effective === 'page' && url.host === this.options.url.host ? href : null;
  }

  private open(name: string, attribs: Record<string, string>): void {
    this.flushText();
    const words = classWords(attribs);
    const nav = name === 'nav' || words.some((w) => NAV_WORDS.has(w));
    const furniture =
      nav ||
      name === 'header' ||
      name === 'footer' ||
      name === 'aside' ||
      words.some((w) => FURNITURE_WORDS.has(w));
    const header = name === 'header' || words.some((w) => HEADER_WORDS.has(w));
    const footer = name === 'footer' || words.some((w) => FOOTER_WORDS.has(w));
    const skip = SKIP_TEXT_TAGS.has(name);
    const block = BLOCK_TAGS.has(name) || name === 'nav' || name === 'header';
    if (block) this.separate();
    this.stack.push({
      tag: name,
      nav,
      furniture,
      header,
      footer,
      skip,
      tokens: block && this.options.collectItems ? [] : null,
      group: block ? [] : null,
      longLinks: 0,
      hasDate: false,
    });
    if (nav) this.navDepth++;
    if (header) this.headerDepth++;
    if (furniture) this.furnitureDepth++;
    if (footer) this.footerDepth++;
    if (skip) this.skipDepth++;
    if (name === 'title') this.inTitle = true;
    if (name === 'record') this.recordDepth++;

    switch (name) {
      case 'a':
      case 'area': {
        const target = this.addLink(attribs.href, 'page');
        if (name === 'a') {
          this.link = {
            url: target,
            kind: 'page',
            text: '',
            nav: this.navDepth > 0 || this.headerDepth > 0,
            furniture: this.furnitureDepth > 0,
          };
        }
        break;
      }
      case 'img':
      case 'source':
        this.addLink(attribs.src, 'resource');
        if (attribs.srcset) for (const u of srcsetUrls(attribs.srcset)) this.addLink(u, 'resource');
        break;
      case 'video':
      case 'audio':
        this.addLink(attribs.src, 'resource');
        this.addLink(attribs.poster, 'resource');
        break;
      case 'script':
        if (attribs.src !== undefined) this.addLink(attribs.src, 'resource');
        else if (this.scriptBytes < 1_000_000) {
          this.script = '';
          this.scriptType = (attribs.type ?? '').toLowerCase();
        }
        break;
      case 'embed':
        this.addLink(attribs.src, 'resource');
        break;
      case 'object':
        this.addLink(attribs.data, 'resource');
        break;
      case 'iframe':
      case 'frame': {
        const target = this.addLink(attribs.src, 'page');
        if (target) (name === 'frame' ? this.frameForwards : this.iframeForwards).push(target);
        break;
      }
      case 'link': {
        const rel = (attribs.rel ?? '').toLowerCase();
        if (/dns-prefetch|preconnect/.test(rel)) break;
        const kind: LinkKind = /canonical|alternate|next|prev/.test(rel) ? 'page' : 'resource';
        this.addLink(attribs.href, kind);
        break;
      }
      case 'base':
        if (!this.baseSeen && attribs.href !== undefined) {
          this.baseSeen = true;
          const url = resolveLink(attribs.href, this.options.url);
          if (url instanceof URL) this.base = url;
        }
        break;
      case 'meta': {
        const key = attribs.name ?? attribs.property ?? attribs.itemprop;
        const content = attribs.content ?? '';
        if (key && !this.metaDate && isPublishedMeta(key)) this.metaDate = dateFromMeta(content);
        const social = key?.toLowerCase();
        if (social === 'og:url') this.addLink(content, 'page');
        else if (social && META_RESOURCE.has(social)) this.addLink(content, 'resource');
        if ((attribs['http-equiv'] ?? '').toLowerCase() === 'refresh') {
          const target = this.addLink(metaRefreshUrl(content), 'page');
          if (target && !this.refreshForward) this.refreshForward = target;
        }
        break;
      }
    }
  }

  private close(name: string): void {
    this.flushText();
    // htmlparser2 reports implied closes too, so the stack stays balanced; guard anyway.
    let index = this.stack.length - 1;
    while (index >= 0 && this.stack[index]!.tag !== name) index--;
    if (index < 0) return;
    while (this.stack.length > index) {
      const frame = this.stack.pop()!;
      if (frame.tag === 'a') this.closeLink();
      if (frame.nav) this.navDepth--;
      if (frame.header) this.headerDepth--;
      if (frame.furniture) this.furnitureDepth--;
      if (frame.footer) this.footerDepth--;
      if (frame.skip) this.skipDepth--;
      if (frame.tag === 'title') this.inTitle = false;
      if (frame.tag === 'record') this.recordDepth--;
      if (frame.tag === 'script' && this.script !== null) this.closeScript();
      if (frame.group) this.settleGroup(frame);
      if (frame.tokens) this.settle(frame.tokens);
      if (BLOCK_TAGS.has(frame.tag)) this.separate();
    }
  }

  /** An inline script ended: pager pages, Jcms records and a forward are read from its text. */
  private closeScript(): void {
    const script = this.script!;
    this.script = null;
    this.scriptBytes += script.length;
    if (this.scriptType === 'application/ld+json') {
      this.jsonLdLinks(script);
      return;
    }
    if (!this.scriptForwardUrl && /location/.test(script)) {
      const raw = scriptForward(script);
      if (raw) {
        const url = resolveLink(raw, this.base);
        if (url instanceof URL) {
          this.addLink(url.href, 'page');
          this.scriptForwardUrl = url.href;
        }
      }
    }
    if (!this.options.collectItems) return;
    const pager = scriptPages(script, this.base);
    for (const page of pager.pages) {
      this.addLink(page, 'page');
      this.facts.nextPages.push(page);
    }
    for (const page of pager.probes) this.facts.probes.push(page);
    const records = datastoreRecords(script);
    if (records) this.mergeRecords(records);
  }

  /** The URLs of a JSON-LD block (image, logo, url… — not @context or @type). */
  private jsonLdLinks(script: string): void {
    let data: unknown;
    try {
      data = JSON.parse(script);
    } catch {
      return;
    }
    let budget = 500;
    const walk = (value: unknown, key: string, depth: number) => {
      if (budget-- <= 0 || depth > 12) return;
      if (typeof value === 'string') {
        if (JSON_LD_URL_KEYS.has(key) && /^(?:https?:)?\/\//i.test(value))
          this.addLink(value, 'resource');
      } else if (Array.isArray(value)) {
        for (const item of value) walk(item, key, depth + 1);
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, k, depth + 1);
      }
    };
    walk(data, '', 0);
  }

  /** List records a script renders in place (Jcms): read as entries of this page. */
  private mergeRecords(html: string): void {
    const inner = analyzePage(html, { ...this.options, url: this.base });
    for (const link of inner.links) {
      if (!this.seenLinks.has(link.url)) {
        this.seenLinks.add(link.url);
        this.facts.links.push(link);
      }
    }
    this.facts.items.push(...inner.items);
    this.facts.nextPages.push(...inner.nextPages);
  }

  /** The innermost block frame (where a link or a date belongs for grouping). */
  private blockFrame(): Frame | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (frame.group) return frame;
    }
    return undefined;
  }

  /**
   * A block closed: it is a link group when it holds enough short links, no titles and no dates
   * (outside the footer); otherwise its links and dates count for the enclosing block.
   */
  private settleGroup(frame: Frame): void {
    const group = frame.group!;
    const isGroup =
      group.length >= GROUP_MIN_LINKS &&
      !frame.hasDate &&
      frame.longLinks * 4 < group.length &&
      this.footerDepth === 0 &&
      !frame.footer;
    if (isGroup) {
      this.facts.groups.push(group.slice(0, GROUP_MAX_LINKS));
      return;
    }
    const parent = this.blockFrame();
    if (!parent) return;
    if (group.length > 0 && parent.group!.length < GROUP_MAX_LINKS * 4)
      parent.group!.push(...group);
    parent.longLinks += frame.longLinks;
    parent.hasDate ||= frame.hasDate;
  }

  private closeLink(): void {
    const link = this.link;
    this.link = null;
    if (!link?.url) return;
    const text = link.text.replace(/\s+/g, ' ').trim();
    const block = this.blockFrame();
    if (block && text !== '') {
      const chars = [...text].length;
      if (chars >= 2 && chars <= 12) block.group!.push({ url: link.url, text });
      else if (chars > 12) block.longLinks++;
    }
    if (link.nav) this.facts.nav.push({ url: link.url, text });
    if (!this.options.collectItems || link.furniture) return;
    if (NEXT_PAGE_TEXT.test(text)) {
      this.facts.nextPages.push(link.url);
      return;
    }
    const chars = [...text].length;
    if (chars >= 2 && chars <= 8 && !/^(更多|more)/i.test(text)) {
      this.facts.sectionLinks.push({ url: link.url, text });
    }
    if (chars < MIN_TITLE_CHARS || /^(更多|more)/i.test(text)) return;
    const inLink = fullDates(text)[0]?.date ?? listDates(text, this.options.now)[0]?.date;
    this.currentTokens().push({ link: { url: link.url, title: text, date: inLink } });
  }

  private currentTokens(): Token[] {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const tokens = this.stack[i]!.tokens;
      if (tokens) return tokens;
    }
    return this.root;
  }

  /** A block closed: pair its links with dates if it has both, else hand them to the parent. */
  private settle(tokens: Token[]): void {
    const hasLink = tokens.some((t) => 'link' in t);
    const hasDate = tokens.some((t) => 'date' in t);
    if (hasLink && hasDate) this.resolve(tokens);
    else if (tokens.length > 0) this.currentTokens().push(...tokens);
  }

  private resolve(tokens: Token[]): void {
    const dateFirst = tokens.length > 0 && 'date' in tokens[0]!;
    let pending: string | undefined;
    let last: ListItem | undefined;
    for (const token of tokens) {
      if ('date' in token) {
        if (dateFirst) pending = token.date;
        else if (last && !last.date) last.date = token.date;
        continue;
      }
      const item = token.link;
      if (dateFirst && !item.date && pending) item.date = pending;
      pending = undefined;
      last = item;
      this.facts.items.push(item);
    }
  }

  private separate(): void {
    if (this.skipDepth === 0 && this.furnitureDepth === 0 && this.mainChars < this.textLimit) {
      this.mainText.push('\n');
      this.mainChars++;
    }
  }

  private flushText(): void {
    const text = this.text;
    if (text === '') return;
    this.text = '';
    if (this.inTitle && this.facts.title.length < 500) this.facts.title += text;
    if (this.script !== null && this.script.length < 200_000) this.script += text;
    if (this.skipDepth > 0) return;
    if (/\d/.test(text) && listDates(text, this.options.now).length > 0) {
      const block = this.blockFrame();
      if (block) block.hasDate = true;
    }
    if (this.visibleChars < VISIBLE_TEXT_LIMIT) {
      this.visible.push(text, ' ');
      this.visibleChars += text.length + 1;
    }
    if (this.link) this.link.text += text;
    if (this.furnitureDepth > 0) return;
    if (this.mainChars < this.textLimit) {
      this.mainText.push(text);
      this.mainChars += text.length;
    }
    if (this.link || !this.options.collectItems || !/\d/.test(text)) return;
    const tokens = this.currentTokens();
    for (const found of listDates(text, this.options.now)) tokens.push({ date: found.date });
  }
}

/** Convenience for tests and one-off use: analyze a whole decoded page. */
export function analyzePage(html: string, options: AnalyzeOptions): PageFacts {
  const analyzer = new PageAnalyzer(options);
  analyzer.write(html);
  return analyzer.end();
}
