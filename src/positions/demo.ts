// 阵地建设's part of the demo city: every unit's positions (a website, one or two WeChat
// accounts, a board or a screen, some with owners) and, for the websites, a few weeks of nightly
// check history with the rectifications those checks opened and closed — so a newcomer's
// `npm start` shows checks, findings and tasks at once. The websites are the demo sites the
// server itself serves in demo mode (src/positions/demo-sites.ts); their host is allow-listed.
import { sql } from 'drizzle-orm';
import { type DemoCity, demoCity } from '../demo/city.js';
import type { DemoLedgerPart, DemoLoad } from '../demo/ledgers.js';
import { insertColumns } from '../demo/ledgers-load.js';
import { createRandom, type Random, seedFromString } from '../demo/random.js';
import type { Clock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { systemContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { reconcileRectifications } from '../platform/rectification.js';
import type { Finding } from '../sitecheck/types.js';
import { rectifiable, SITE_CHECK_SOURCE, summarize, withAggregateVetoes } from './checks.js';
import { defaultCadenceDays, type PositionKind } from './contract.js';
import {
  DEMO_SITES,
  type DemoSite,
  daysAgo,
  demoSite,
  demoSiteBase,
  demoSitePages,
  demoSiteUrl,
  plantedFindings,
} from './demo-sites.js';
import { beijingDay } from './service.js';
import { monitorAllowEntries, positionChecks } from './tables.js';

const DAY = 86_400_000;
/** Nights (days before today) the demo's history has a nightly check on. */
const HISTORY_NIGHTS = [22, 15, 8, 1] as const;

interface PositionRow {
  unitKey: string;
  kind: PositionKind;
  name: string;
  url: string;
  platform: string;
  accountId: string;
  ownerKey: string | null;
  interaction: boolean;
  openedOn: string;
  site?: DemoSite;
}

function hex(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
}

/** The positions of every unit (and the committee), from the seed. Pure. */
export function demoPositions(city: DemoCity, seed: number, base: string): PositionRow[] {
  const rows: PositionRow[] = [];
  const peopleKeys = new Set(city.people.map((p) => p.key));
  for (const unit of city.units) {
    if (unit.kind !== 'unit' && unit.kind !== 'committee') continue;
    const rng = createRandom(seedFromString(`positions:${seed}:${unit.key}`));
    const liaison = peopleKeys.has(`${unit.key}.liaison`) ? `${unit.key}.liaison` : null;
    const leader = peopleKeys.has(`${unit.key}.leader`) ? `${unit.key}.leader` : null;
    const opened = () => `${rng.int(2016, 2023)}-${String(rng.int(1, 12)).padStart(2, '0')}-15`;
    const site = demoSite(unit.key);
    if (site) {
      rows.push({
        unitKey: unit.key,
        kind: 'website',
        name: `${unit.name}门户网站`,
        url: demoSiteUrl(site, base),
        platform: '',
        accountId: '',
        ownerKey: liaison ?? leader,
        interaction: false,
        openedOn: opened(),
        site,
      });
    }
    const short = unit.shortName.replace(/^市/, '');
    rows.push({
      unitKey: unit.key,
      kind: 'wechat',
      name: `“江城${short}”微信公众号`,
      url: '',
      platform: '微信公众平台',
      accountId: `gh_${hex(rng, 12)}`,
      ownerKey: liaison,
      interaction: rng.next() < 0.4,
      openedOn: opened(),
    });
    if (rng.next() < 0.45) {
      rows.push({
        unitKey: unit.key,
        kind: 'wechat',
        name: `“${short}机关党建”微信公众号`,
        url: '',
        platform: '微信公众平台',
        accountId: `gh_${hex(rng, 12)}`,
        ownerKey: rng.next() < 0.5 ? leader : null,
        interaction: false,
        openedOn: opened(),
      });
    }
    const screen = rng.next() < 0.4;
    rows.push({
      unitKey: unit.key,
      kind: screen ? 'screen' : 'board',
      name: screen ? `${unit.shortName}机关大厅电子显示屏` : `${unit.shortName}理论学习宣传栏`,
      url: '',
      platform: '',
      accountId: '',
      ownerKey: rng.next() < 0.5 ? liaison : null,
      interaction: false,
      openedOn: opened(),
    });
  }
  return rows;
}

/** A fixed instant, for writing history as of the night it happened. */
const at = (ms: number): Clock => ({ now: () => new Date(ms) });

async function rows<T>(tx: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The nightly checks of one demo website over the last weeks, oldest first, each reconciling the
 * rectifications as a real check does. Before the last week the site also had an old broken
 * link, which it then fixed: that task is closed by the recheck, the others stay open.
 */
async function checkHistory(
  tx: Db,
  now: number,
  position: { id: number; unitId: number; url: string },
  site: DemoSite,
  base: string,
  rng: Random,
): Promise<number> {
  let written = 0;
  const subject = { entity: 'position', id: position.id };
  for (const night of HISTORY_NIGHTS) {
    const queuedAt = now - night * DAY;
    const day = beijingDay(new Date(queuedAt));
    // 01:30 Beijing of that day plus the nightly spread.
    const startedMs = Date.parse(`${day}T01:30:00+08:00`) + rng.int(0, 4 * 3_600) * 1_000;
    if (startedMs >= now) continue;
    const found: Finding[] = plantedFindings(site, base, day);
    if (night > 8)
      found.push({
        code: 'link-broken',
        severity: 'deduct',
        page: position.url,
        target: new URL('zwgk/2023/index.html', position.url).href,
        status: 404,
        onHomepage: true,
      });
    const pages = demoSitePages(site) + (night > 8 ? 1 : 0);
    const elapsedMs = pages * rng.int(6, 14);
    const finishedMs = startedMs + elapsedMs;
    const findings = withAggregateVetoes({
      site: position.url,
      now: day,
      pages,
      columns: [],
      findings: found,
    });
    const { counts, score } = summarize(findings);
    const columns = site.columns.map((c, i) => ({
      name: c.name,
      url: new URL(`c${i}/`, position.url).href,
      kind: c.kind,
      items: c.items,
      lastUpdated: c.items ? daysAgo(day, c.ageDays) : null,
    }));
    await tx.insert(positionChecks).values({
      positionId: position.id,
      unitId: position.unitId,
      status: 'done',
      trigger: 'schedule',
      attempts: 1,
      url: position.url,
      checkedOn: day,
      queuedAt: new Date(Date.parse(`${day}T01:30:00+08:00`)),
      startedAt: new Date(startedMs),
      finishedAt: new Date(finishedMs),
      pages,
      columns,
      findings,
      counts,
      score,
      progress: {
        pagesDone: pages,
        queued: 0,
        rate: Math.round((pages / (elapsedMs / 1_000)) * 10) / 10,
        elapsedMs,
      },
    });
    const ctx = systemContext(tx, at(finishedMs), '网站检查');
    await reconcileRectifications(ctx, {
      source: SITE_CHECK_SOURCE,
      subject,
      unitId: position.unitId,
      findings: rectifiable(findings, new Date(finishedMs)),
    });
    written++;
  }
  return written;
}

export async function loadDemoPositions({ tx, clock, unitIds, seed, options }: DemoLoad) {
  const config = loadConfig();
  const base = options.siteBase ?? demoSiteBase(config.host, config.port);
  const city = demoCity(seed);
  const list = demoPositions(city, seed, base);
  const unit = (key: string) => {
    const id = unitIds.get(key);
    if (id === undefined) throw new Error(`demo positions: unknown unit ${key}`);
    return id;
  };
  // Demo names are unique city-wide, so a name finds its person.
  const nameOfKey = new Map(city.people.map((p) => [p.key, p.name]));
  const idOfName = new Map(
    (await rows<{ id: number; name: string }>(tx, sql`select id, name from people`)).map((r) => [
      r.name,
      r.id,
    ]),
  );
  const person = (key: string | null) => (key ? (idOfName.get(nameOfKey.get(key)!) ?? null) : null);

  // Ids assigned here so the events and checks refer to them without reading them back.
  const [{ first }] = (await rows<{ first: number }>(
    tx,
    sql`select coalesce(max(id), 0)::int + 1 as first from positions`,
  )) as [{ first: number }];
  const createdAt = (r: PositionRow) => `${r.openedOn}T09:00:00+08:00`;
  await insertColumns(tx, 'positions', [
    ['id', 'int', list.map((_, i) => first + i)],
    ['unit_id', 'int', list.map((r) => unit(r.unitKey))],
    ['kind', 'text', list.map((r) => r.kind)],
    ['name', 'text', list.map((r) => r.name)],
    ['url', 'text', list.map((r) => r.url)],
    ['platform', 'text', list.map((r) => r.platform)],
    ['account_id', 'text', list.map((r) => r.accountId)],
    ['owner_person_id', 'int', list.map((r) => person(r.ownerKey))],
    ['cadence_days', 'int', list.map((r) => defaultCadenceDays[r.kind])],
    ['interaction', 'boolean', list.map((r) => r.interaction)],
    ['status', 'text', list.map(() => 'open')],
    ['status_on', 'date', list.map((r) => r.openedOn)],
    ['created_at', 'timestamptz', list.map(createdAt)],
  ]);
  if (list.length)
    await tx.execute(
      sql`select setval(pg_get_serial_sequence('positions', 'id'), ${first + list.length - 1})`,
    );
  await insertColumns(tx, 'position_events', [
    ['position_id', 'int', list.map((_, i) => first + i)],
    ['unit_id', 'int', list.map((r) => unit(r.unitKey))],
    ['kind', 'text', list.map(() => 'open')],
    ['date', 'date', list.map((r) => r.openedOn)],
    ['note', 'text', list.map(() => '')],
    ['created_at', 'timestamptz', list.map(createdAt)],
  ]);

  // The demo sites live on this server: checks may reach its (private) host.
  await tx
    .insert(monitorAllowEntries)
    .values({ entry: new URL(base).hostname, note: '演示城市：本机提供的演示网站' })
    .onConflictDoNothing();

  const now = clock.now().getTime();
  let checks = 0;
  // History for the designed sites (the other units' sites are checked from tonight on): each
  // reconciliation is a few statements per finding, too many for every unit at `npm start`.
  const designed = new Set(DEMO_SITES.map((s) => s.key));
  for (const [i, r] of list.entries()) {
    if (!r.site || !designed.has(r.site.key)) continue;
    const rng = createRandom(seedFromString(`positions:${seed}:checks:${r.unitKey}`));
    checks += await checkHistory(
      tx,
      now,
      { id: first + i, unitId: unit(r.unitKey), url: r.url },
      r.site,
      base,
      rng,
    );
  }
  return { positions: list.length, positionChecks: checks };
}

export const demo: DemoLedgerPart = {
  order: 90,
  load: loadDemoPositions,
};
