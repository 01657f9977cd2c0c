/**
 * What government CMS templates say only inside inline scripts: list pages that a pager script
 * writes (TRS WCM's createPageHTML, the pageCount/"index_" pattern of other CMSs, Jcms's jpage data
 * proxy), list records kept in a Jcms datastore, and a root page's forward to the portal. Pure.
 */

/** Pages numbered beyond this are not followed (a pager saying 10,000 pages is a template bug). */
const MAX_SCRIPT_PAGES = 500;

/** The value of `name` when the script assigns it a number (`var countPage = 12;`, `countPage: 12`). */
function numberVariable(script: string, name: string): number | undefined {
  const escaped = name.replace(/[$]/g, '\\$');
  const m = new RegExp(`(?:^|[^\\w$.])${escaped}\\s*[=:]\\s*["']?(\\d+)`).exec(script);
  return m ? Number(m[1]) : undefined;
}

function stringVariable(script: string, name: string): string | undefined {
  const escaped = name.replace(/[$]/g, '\\$');
  const m = new RegExp(`(?:^|[^\\w$.])${escaped}\\s*[=:]\\s*(["'])([^"']*)\\1`).exec(script);
  return m?.[2];
}

/** An argument: a number or string literal, or a variable the script assigns one to. */
function argument(script: string, raw: string): string | undefined {
  const arg = raw.trim();
  const literal = /^(["'])(.*)\1$/.exec(arg);
  if (literal) return literal[2];
  if (/^\d+$/.test(arg)) return arg;
  if (/^[A-Za-z_$][\w$]*$/.test(arg)) {
    return numberVariable(script, arg)?.toString() ?? stringVariable(script, arg);
  }
  return undefined;
}

function splitArguments(args: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of args) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

function numbered(base: URL, name: string, ext: string, from: number, to: number): string[] {
  const pages: string[] = [];
  const last = Math.min(to, from + MAX_SCRIPT_PAGES - 1);
  for (let k = from; k <= last; k++) {
    try {
      pages.push(new URL(`${name}_${k}.${ext}`, base).href);
    } catch {
      return pages;
    }
  }
  return pages;
}

export interface ScriptPages {
  /** pages the page's own pager names for certain (a missing one is a broken pager link) */
  pages: string[];
  /** pages inferred from a CMS pattern: crawled when present, never reported when absent */
  probes: string[];
}

/**
 * The list pages an inline script's pager leads to.
 * - TRS WCM: `createPageHTML(count, current, "index", "html")` (also with a leading element id
 *   and a trailing record total): page 0 is index.html, page k is index_k.html.
 * - Other CMSs (博思, 海峡 and the like): a page count variable (pageCount, totalPage, countPage…)
 *   next to a "index_"/"list_" name literal and an extension literal; numbered from 1.
 * - Jcms: the jpage data proxy of a datastore, `…dataproxy.jsp?…&startrecord=S&endrecord=E&perpage=P`.
 */
export function scriptPages(script: string, base: URL): ScriptPages {
  const result: ScriptPages = { pages: [], probes: [] };
  if (script.length > 200_000) return result;
  const call = /createPageHTML\s*\(([^()]*)\)/g;
  for (let m = call.exec(script); m; m = call.exec(script)) {
    const args = splitArguments(m[1]!).map((a) => a.trim());
    // The function's own definition has parameter names, not values: argument() rejects it.
    const values = args.map((a) => argument(script, a));
    const firstNumber = values.findIndex((v, i) => v !== undefined && /^\d+$/.test(v) && i < 2);
    if (firstNumber < 0) continue;
    const count = Number(values[firstNumber]);
    const name = values[firstNumber + 2];
    const ext = values[firstNumber + 3];
    if (!name || !ext || !/^[\w.-]+$/.test(ext) || /[\s<>"']/.test(name)) continue;
    result.pages.push(...numbered(base, name, ext.replace(/^\./, ''), 1, count - 1));
  }
  if (result.pages.length === 0 && !/createPageHTML/.test(script)) {
    const count =
      /(?:^|[^\w$.])(pageCount|pagecount|countPage|totalPage|totalPages|pageTotal|page_count|total_page)\s*[=:]\s*["']?(\d+)/.exec(
        script,
      );
    const name = /["'](index|list|page|default|more)_["']/.exec(script)?.[1];
    const ext = /["']\.?(s?html?|jsp|aspx?|php)["']/.exec(script)?.[1];
    if (count && name && ext) {
      result.probes.push(...numbered(base, name, ext, 1, Number(count[2]) - 1));
    }
  }
  result.probes.push(...jcmsProxyPages(script, base));
  return result;
}

/** The record groups of a Jcms list beyond those embedded in the page. */
function jcmsProxyPages(script: string, base: URL): string[] {
  if (!/dataproxy\.jsp/.test(script)) return [];
  const proxy = /(["'])([^"']*dataproxy\.jsp[^"']*)\1/.exec(script)?.[2];
  const total = numberVariable(script, 'totalRecord') ?? numberVariable(script, 'totalrecord');
  const perPage = numberVariable(script, 'perPage') ?? numberVariable(script, 'perpage') ?? 15;
  const groupSize = numberVariable(script, 'groupSize') ?? 3;
  if (!proxy || !total || perPage <= 0) return [];
  const group = perPage * groupSize;
  const pages: string[] = [];
  for (let start = group + 1; start <= total && pages.length < MAX_SCRIPT_PAGES; start += group) {
    const end = Math.min(total, start + group - 1);
    try {
      const url = new URL(proxy.replace(/&amp;/g, '&'), base);
      url.searchParams.set('startrecord', String(start));
      url.searchParams.set('endrecord', String(end));
      url.searchParams.set('perpage', String(perPage));
      pages.push(url.href);
    } catch {
      break;
    }
  }
  return pages;
}

/** The HTML of the records of a Jcms datastore (`<record><![CDATA[<li>…</li>]]></record>`). */
export function datastoreRecords(script: string): string | undefined {
  if (!/<record[\s>]/i.test(script)) return undefined;
  const parts: string[] = [];
  const record = /<record(?:\s[^>]*)?>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([\s\S]*?))\s*<\/record>/gi;
  for (let m = record.exec(script); m && parts.length < 2000; m = record.exec(script)) {
    parts.push(m[1] ?? m[2] ?? '');
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/**
 * Where a script sends the browser at once: `location.href = "…"`, `window.location = '…'`,
 * `location.replace("…")`. Reads of location.href (share buttons, QR codes) and computed targets
 * are not forwards.
 */
export function scriptForward(script: string): string | undefined {
  const assign =
    /(?:^|[;{}\s(])(?:(?:window|self|top|document)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*(["'])([^"'\s]+)\1/.exec(
      script,
    );
  if (assign) return assign[2];
  const call =
    /(?:^|[;{}\s(])(?:(?:window|self|top|document)\s*\.\s*)?location\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"'\s]+)\1\s*\)/.exec(
      script,
    );
  return call?.[2];
}
