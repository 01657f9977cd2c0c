import type { ActivityType } from '../activities/tables.js';
import { loadManifests } from '../modules.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';
import type { MemberDuty, ResponsibilityKind } from '../responsibility/tables.js';
import type { AttendanceStatus, SessionKind } from '../study/tables.js';
import { COMMITTEE_KEY, type DemoCity, type DemoPerson, type DemoUnit } from './city.js';
import { personName, phoneNumber } from './names.js';
import { createRandom, type Random, seedFromString } from './random.js';

/**
 * The demo city's ledgers as pure data: two full years (2024, 2025) and the current year up to
 * "now", generated from the seed so the same seed and clock give identical rows. No I/O here —
 * src/demo/ledgers-load.ts turns this into rows.
 *
 * The shape follows the 2023 survey the product is built on, and is fixed whatever the seed:
 *   - exemplary units meet every requirement every year (市粮食和物资储备局 signs 14 letters a
 *     year, 市妇联 runs 1,754 activity sessions reaching about 100,000 women in 2025, …);
 *   - in 2025 named units fail named requirements, at least three in each requirement group
 *     (no special study in a half-year, no analysis meeting, no yearly report, unsigned letters,
 *     party-group meetings without the first topic, missing branch meetings, no training of
 *     ideology staff — the survey's second problem —, quarters without activities);
 *   - 市交通局 meets every responsibility requirement of 2025 except the special study of the
 *     second half-year (a browser test records that meeting and watches the cell turn met).
 * Other units draw a few lapses from the seed, so rankings spread and each year differs.
 */

export const LEDGER_FIRST_YEAR = 2024;

/** Meets every requirement in every year, whatever the seed. */
const EXEMPLARY = new Set([
  'lsj',
  'fl',
  'xcb',
  'wxb',
  'bb',
  'xczxj',
  'rd',
  'kjj',
  'njzx',
  'wl',
  'cl',
  'gj',
  'lyzx',
  COMMITTEE_KEY,
]);

type Lapse =
  | 'special-study'
  | 'special-study-h2'
  | 'analysis'
  | 'report'
  | 'letters'
  | 'first-topic'
  | 'central'
  | 'training'
  | 'committee-months'
  | 'group-months'
  | 'theme-months'
  | 'member-quarter'
  | 'lecture-quarter'
  | 'life'
  | 'activities';

const RANDOM_LAPSES: readonly Lapse[] = [
  'special-study',
  'analysis',
  'report',
  'letters',
  'first-topic',
  'central',
  'training',
  'committee-months',
  'group-months',
  'theme-months',
  'member-quarter',
  'lecture-quarter',
  'activities',
  'activities',
  'training',
];

/** 2025: the failures the demo's dashboards, rankings and tests rely on. */
const FAILURES_2025: Record<string, Lapse[]> = {
  jtj: ['special-study-h2'],
  tyj: ['special-study', 'report', 'activities'],
  rfb: ['special-study', 'activities', 'training'],
  gsl: ['analysis'],
  ql: ['analysis', 'letters'],
  ct: ['analysis', 'committee-months'],
  hsz: ['report', 'lecture-quarter'],
  sw: ['report', 'activities'],
  jttz: ['letters'],
  szs: ['letters', 'training'],
  zrj: ['letters'],
  zjj: ['first-topic'],
  cgj: ['first-topic', 'group-months'],
  jgswj: ['committee-months'],
  tjj: ['committee-months', 'activities'],
  dag: ['training', 'activities'],
  tsg: ['training'],
  gjj: ['training', 'activities'],
  kx: ['training', 'theme-months'],
  skl: ['central'],
  sjj: ['activities'],
};

/** The current year's laggards (on top of the seed's random lapses). */
const FAILURES_CURRENT: Record<string, Lapse[]> = {
  tyj: ['special-study', 'activities'],
  rfb: ['training', 'analysis'],
  hsz: ['letters', 'committee-months'],
  dag: ['activities', 'theme-months'],
  sw: ['first-topic'],
  gjj: ['letters'],
  ct: ['central', 'group-months'],
  tjj: ['activities'],
};

/** 市粮食和物资储备局: 14 letters a year, party group down to the sections (层层签订). */
const LSJ_LETTERS = 14;
const LSJ_EXTRA_TITLES = [
  '机关党委专职副书记',
  '一级调研员',
  '市粮食储备中心主任',
  '市粮油质量监测中心主任',
  '市军粮供应站站长',
  '市物资储备中心主任',
  '机关纪委书记',
  '二级调研员',
];

/** 市妇联's activity totals per year: [sessions, beneficiaries around]. 2025 is the survey's. */

export interface LedgerPerson {
  key: string;
  name: string;
  unitKey: string;
  title: string;
  phone: string;
  leadingGroup: boolean;
}
export interface LeadingGroupRow {
  unitKey: string;
  name: string;
  adjustedOn: string;
  note: string;
  createdAt: string;
  members: { personKey: string; duty: MemberDuty; sort: number }[];
}
export interface AssignmentRow {
  unitKey: string;
  year: number;
  kind: ResponsibilityKind;
  personKey: string | null;
  holder: string;
  fields: string;
  createdAt: string;
}
export interface LetterRow {
  unitKey: string;
  year: number;
  personKey: string;
  status: 'pending' | 'signed';
  signedOn: string | null;
  note: string;
  createdAt: string;
}
export interface MeetingRow {
  unitKey: string;
  kind: 'special-study' | 'analysis';
  heldAt: string;
  title: string;
  participants: string[];
  topics: string;
  minutes: string;
  createdAt: string;
}
export interface ReportRow {
  unitKey: string;
  year: number;
  title: string;
  submittedOn: string;
  createdAt: string;
}
export interface PlanRow {
  unitKey: string;
  year: number;
  title: string;
  createdAt: string;
}
export interface SessionRow {
  unitKey: string;
  kind: SessionKind;
  heldAt: string;
  title: string;
  topics: string;
  firstTopic: boolean | null;
  lecturerKey: string | null;
  lecturerName: string;
  createdAt: string;
  attendance: [personKey: string, status: AttendanceStatus][];
}
export interface ActivityRow {
  unitKey: string;
  type: ActivityType;
  title: string;
  heldOn: string;
  sessions: number;
  participants: number;
  beneficiaries: number;
  brandProject: string;
  note: string;
  createdAt: string;
}

export interface DemoLedgers {
  /** People the ledgers need beyond the org chart (市粮食和物资储备局's letter signatories). */
  extraPeople: LedgerPerson[];
  leadingGroups: LeadingGroupRow[];
  assignments: AssignmentRow[];
  letters: LetterRow[];
  meetings: MeetingRow[];
  reports: ReportRow[];
  plans: PlanRow[];
  sessions: SessionRow[];
  activities: ActivityRow[];
}

// ------------------------------------------------------------------ calendar (Beijing time)

const HOUR = 3_600_000;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
const pad2 = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

/** A working day (Mon–Fri) of the month between two days, drawn at random. */
export function workday(rng: Random, year: number, month: number, from = 1, to = 31): number {
  const last = Math.min(to, daysIn(year, month));
  const first = Math.min(from, last);
  const day = rng.int(first, last);
  for (const d of [day, day + 1, day + 2, day - 1, day - 2]) {
    if (d < first || d > last) continue;
    const weekday = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return d;
  }
  return day;
}

/** Beijing wall time → epoch ms. */
export function beijing(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  return Date.UTC(year, month - 1, day, hour - 8, minute);
}
/** A meeting time on a working day: 9:00, 9:30, 10:00, 14:30, 15:00 or 15:30. */
export function meetingTime(rng: Random, year: number, month: number, from = 1, to = 31): number {
  const day = workday(rng, year, month, from, to);
  const [h, m] = rng.pick([
    [9, 0],
    [9, 30],
    [10, 0],
    [14, 30],
    [15, 0],
    [15, 30],
  ] as const);
  return beijing(year, month, day, h, m);
}
/** The Beijing calendar date of an instant. */
export function beijingDate(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ units

export interface UnitContext {
  unit: DemoUnit;
  branches: DemoUnit[];
  /** People of the unit and its departments, in register order. */
  staff: DemoPerson[];
  leader: DemoPerson;
  /** Leader first, then the other leading-group members. */
  leadership: DemoPerson[];
  liaison: DemoPerson | undefined;
  /** Leading-group members (people or extra people keys) with their names. */
  groupMembers: { key: string; name: string }[];
  /** The deciding body: 党组 / 党委 / 部务会 … */
  body: string;
  /** What its regular meeting is called: 党组会议 / 党委会议 / 部务会议 … */
  meetingName: string;
  /** Working branches' members (the retired cadres' branch has no register here). */
  branchMembers: Map<string, DemoPerson[]>;
}

function bodyOf(unit: DemoUnit, leader: DemoPerson): { body: string; meetingName: string } {
  if (leader.title.includes('党组')) return { body: '党组', meetingName: '党组会议' };
  if (leader.title.includes('党委')) return { body: '党委', meetingName: '党委会议' };
  if (unit.key === COMMITTEE_KEY) return { body: '工委', meetingName: '工委会议' };
  if (unit.shortName.endsWith('部')) return { body: '部务会', meetingName: '部务会议' };
  if (unit.key === 'tsw') return { body: '团市委书记处', meetingName: '书记处会议' };
  return { body: '室务会', meetingName: '室务会议' };
}

function contexts(city: DemoCity, extra: LedgerPerson[]): UnitContext[] {
  const children = new Map<string, DemoUnit[]>();
  for (const u of city.units) {
    if (!u.parentKey) continue;
    const list = children.get(u.parentKey) ?? [];
    list.push(u);
    children.set(u.parentKey, list);
  }
  const peopleOf = new Map<string, DemoPerson[]>();
  for (const p of city.people) {
    const list = peopleOf.get(p.unitKey) ?? [];
    list.push(p);
    peopleOf.set(p.unitKey, list);
  }
  const owners = city.units.filter((u) => u.kind === 'unit' || u.kind === 'committee');
  return owners.map((unit) => {
    const kids = children.get(unit.key) ?? [];
    const branches = kids.filter((k) => k.kind === 'branch');
    const departments = kids.filter((k) => k.kind === 'department');
    const own = peopleOf.get(unit.key) ?? [];
    const staff = [...own, ...departments.flatMap((d) => peopleOf.get(d.key) ?? [])];
    const leader = own.find((p) => p.key === `${unit.key}.leader`)!;
    const leadership = [leader, ...own.filter((p) => p.leadingGroup && p !== leader)];
    const liaison = own.find((p) => p.key === `${unit.key}.liaison`);
    let groupMembers = leadership.map((p) => ({ key: p.key, name: p.name }));
    if (unit.key === 'lsj') {
      // Party group, the liaison, every section head, then the heads of the bureau's centres.
      const sectionHeads = departments.flatMap((d) => peopleOf.get(d.key) ?? []);
      groupMembers = [
        ...groupMembers,
        ...(liaison ? [liaison] : []),
        ...sectionHeads,
        ...extra.filter((p) => p.unitKey === 'lsj'),
      ].map((p) => ({ key: p.key, name: p.name }));
    }
    const working = branches.filter((b) => !b.shortName.includes('离退休'));
    const branchMembers = new Map<string, DemoPerson[]>();
    working.forEach((b, i) => {
      branchMembers.set(
        b.key,
        staff.filter((_, j) => j % working.length === i),
      );
    });
    return {
      unit,
      branches,
      staff,
      leader,
      leadership,
      liaison,
      groupMembers,
      ...bodyOf(unit, leader),
      branchMembers,
    };
  });
}

/** People 市粮食和物资储备局 needs so that its 14 letters have 14 signatories. */
function lsjExtraPeople(city: DemoCity, seed: number): LedgerPerson[] {
  const lsjDepartments = new Set(
    city.units.filter((u) => u.parentKey === 'lsj' && u.kind === 'department').map((u) => u.key),
  );
  const have = city.people.filter(
    (p) =>
      (p.unitKey === 'lsj' && (p.leadingGroup || p.key === 'lsj.liaison')) ||
      lsjDepartments.has(p.unitKey),
  ).length;
  const rng = createRandom(seedFromString(`ledgers:${seed}:people`));
  const names = new Set(city.people.map((p) => p.name));
  const phones = new Set(city.people.map((p) => p.phone));
  return LSJ_EXTRA_TITLES.slice(0, Math.max(0, LSJ_LETTERS - have)).map((title, i) => ({
    key: `lsj.extra${i + 1}`,
    name: personName(rng, names),
    unitKey: 'lsj',
    title,
    phone: phoneNumber(rng, phones),
    leadingGroup: true,
  }));
}

// ------------------------------------------------------------------ plans (which lapses a year has)

interface BranchLapses {
  committee: Set<number>;
  group: Set<number>;
  theme: Set<number>;
  member: Set<number>;
  lecture: Set<number>;
  noLife: boolean;
}
export interface YearPlan {
  exemplary: boolean;
  skipSpecial: Set<number>;
  skipAnalysis: Set<number>;
  noReport: boolean;
  pendingLetters: number;
  firstTopicBreach: Set<number>;
  skipCentral: Set<number>;
  noTraining: boolean;
  skipActivities: Set<number>;
  branches: Map<string, BranchLapses>;
}

function emptyPlan(exemplary: boolean): YearPlan {
  return {
    exemplary,
    skipSpecial: new Set(),
    skipAnalysis: new Set(),
    noReport: false,
    pendingLetters: 0,
    firstTopicBreach: new Set(),
    skipCentral: new Set(),
    noTraining: false,
    skipActivities: new Set(),
    branches: new Map(),
  };
}

function branchLapses(plan: YearPlan, branchKey: string): BranchLapses {
  let lapses = plan.branches.get(branchKey);
  if (!lapses) {
    lapses = {
      committee: new Set(),
      group: new Set(),
      theme: new Set(),
      member: new Set(),
      lecture: new Set(),
      noLife: false,
    };
    plan.branches.set(branchKey, lapses);
  }
  return lapses;
}

/** Some distinct months of the year (the months already past when the year is the current one). */
function someMonths(rng: Random, count: number, lastMonth: number): number[] {
  const months = Array.from({ length: lastMonth }, (_, i) => i + 1);
  return rng.shuffle(months).slice(0, Math.min(count, months.length));
}

function applyLapse(
  plan: YearPlan,
  lapse: Lapse,
  rng: Random,
  ctx: UnitContext,
  lastMonth: number,
): void {
  const lastQuarter = Math.ceil(lastMonth / 3);
  const lastHalf = Math.ceil(lastMonth / 6);
  const branch = ctx.branches.length ? rng.pick(ctx.branches) : undefined;
  switch (lapse) {
    case 'special-study':
      plan.skipSpecial.add(rng.int(1, lastHalf));
      return;
    case 'special-study-h2':
      plan.skipSpecial.add(2);
      return;
    case 'analysis':
      plan.skipAnalysis.add(rng.int(1, lastHalf));
      return;
    case 'report':
      plan.noReport = true;
      return;
    case 'letters':
      plan.pendingLetters = Math.min(Math.max(1, ctx.groupMembers.length - 1), rng.int(1, 2));
      return;
    case 'first-topic':
      plan.firstTopicBreach.add(rng.int(1, lastQuarter));
      return;
    case 'central':
      plan.skipCentral.add(rng.int(1, lastQuarter));
      return;
    case 'training':
      plan.noTraining = true;
      return;
    case 'activities':
      for (const q of rng.shuffle([1, 2, 3, 4].filter((q) => q <= lastQuarter)).slice(0, 2))
        plan.skipActivities.add(q);
      return;
  }
  if (!branch) return;
  const b = branchLapses(plan, branch.key);
  switch (lapse) {
    case 'committee-months':
      for (const m of someMonths(rng, rng.int(2, 4), lastMonth)) b.committee.add(m);
      return;
    case 'group-months':
      for (const m of someMonths(rng, rng.int(1, 3), lastMonth)) b.group.add(m);
      return;
    case 'theme-months':
      for (const m of someMonths(rng, rng.int(1, 2), lastMonth)) b.theme.add(m);
      return;
    case 'member-quarter':
      b.member.add(rng.int(1, lastQuarter));
      return;
    case 'lecture-quarter':
      b.lecture.add(rng.int(1, lastQuarter));
      return;
    case 'life':
      b.noLife = true;
      return;
  }
}

function yearPlan(
  ctx: UnitContext,
  year: number,
  currentYear: number,
  lastMonth: number,
  seed: number,
): YearPlan {
  const key = ctx.unit.key;
  const plan = emptyPlan(EXEMPLARY.has(key));
  if (plan.exemplary) return plan;
  const rng = createRandom(seedFromString(`ledgers:${seed}:plan:${key}:${year}`));
  const explicit =
    year === 2025 ? FAILURES_2025[key] : year === currentYear ? FAILURES_CURRENT[key] : undefined;
  // 市交通局 this year and in 2025 shows exactly what the dashboards and browser test expect.
  const quiet = key === 'jtj' && (year === 2025 || year === currentYear);
  let lapses: Lapse[] = explicit ? [...explicit] : [];
  if (!explicit && !quiet) {
    // Earlier years were patchier; the city improves year on year.
    const odds = year <= 2024 ? [0.35, 0.7] : year === 2025 ? [0.55, 0.9] : [0.6, 0.92];
    const u = rng.next();
    const count = u < odds[0]! ? 0 : u < odds[1]! ? 1 : 2;
    lapses = Array.from({ length: count }, () => rng.pick(RANDOM_LAPSES));
  }
  for (const lapse of lapses) applyLapse(plan, lapse, rng, ctx, lastMonth);
  return plan;
}

// ------------------------------------------------------------------ generation

export interface Emit {
  ledgers: DemoLedgers;
  now: number;
}

/** When a record was entered: a day or three after the event, never after "now". */
export function entered(rng: Random, at: number, now: number): string {
  return new Date(Math.min(at + rng.int(2, 72) * HOUR, now)).toISOString();
}

export function attendance(
  rng: Random,
  people: readonly { key: string }[],
  weak: boolean,
): [string, AttendanceStatus][] {
  return people.map((p, i) => {
    const u = rng.next();
    // The first person listed chairs the meeting and is always there.
    if (i === 0) return [p.key, 'present'];
    if (u < (weak ? 0.06 : 0.015)) return [p.key, 'absent'];
    if (u < (weak ? 0.16 : 0.08)) return [p.key, 'excused'];
    return [p.key, 'present'];
  });
}

export function personLabel(p: DemoPerson): string {
  return `${p.name}（${p.title}）`;
}

/**
 * The demo ledgers for `city` from the first demo year up to `now` (records after it are not
 * generated). Same city, seed and now → deep-equal result.
 */
export function demoLedgers(
  city: DemoCity,
  seed: number,
  now: Date,
  parts: readonly DemoLedgerPart[],
): DemoLedgers {
  const nowMs = now.getTime();
  const ordered = [...parts].sort((a, b) => a.order - b.order);
  const extraPeople = lsjExtraPeople(city, seed);
  const ledgers: DemoLedgers = {
    extraPeople,
    leadingGroups: [],
    assignments: [],
    letters: [],
    meetings: [],
    reports: [],
    plans: [],
    sessions: [],
    activities: [],
  };
  const e: Emit = { ledgers, now: nowMs };
  const today = beijingDate(nowMs);
  const currentYear = Number(today.slice(0, 4));
  const currentMonth = Number(today.slice(5, 7));
  for (const ctx of contexts(city, extraPeople)) {
    const isCommittee = ctx.unit.kind === 'committee';
    if (!isCommittee) for (const part of ordered) part.unit?.(e, ctx, seed);
    for (let year = LEDGER_FIRST_YEAR; year <= currentYear; year++) {
      const lastMonth = year === currentYear ? currentMonth : 12;
      const plan = yearPlan(ctx, year, currentYear, lastMonth, seed);
      const rng = createRandom(seedFromString(`ledgers:${seed}:${ctx.unit.key}:${year}`));
      for (const part of ordered) {
        if (isCommittee) part.committeeYear?.(e, ctx, plan, year, rng);
        else part.unitYear?.(e, ctx, plan, year, rng);
      }
    }
  }
  for (const list of [ledgers.meetings, ledgers.sessions]) list.sort(byTime);
  ledgers.activities.sort((a, b) => compare(a.heldOn, b.heldOn));
  return ledgers;
}

/**
 * One domain's part of the demo ledgers, in `src/<domain>/demo.ts` and named by its manifest's
 * `demo`. Every part draws from the same generator for a unit and year, in `order`: the rows
 * depend on it, so a part's order never changes once the demo city has been published.
 */
export interface DemoLedgerPart {
  order: number;
  /** Once per unit (not the committee), before its years. */
  unit?(e: Emit, ctx: UnitContext, seed: number): void;
  /** Each year of a unit up to now. */
  unitYear?(e: Emit, ctx: UnitContext, plan: YearPlan, year: number, rng: Random): void;
  /** Each year of the committee, which owes nothing as a unit (its branches still meet). */
  committeeYear?(e: Emit, ctx: UnitContext, plan: YearPlan, year: number, rng: Random): void;
  /**
   * A domain whose rows do not fit the shared ledgers (positions and their check history) loads
   * them itself, after the shared ledgers, from its own generator (so it never shifts the others'
   * draws). Returns its counts for the `demo.ledgers` audit entry.
   */
  load?(load: DemoLoad): Promise<Record<string, number>>;
}

/** What a part's own loader gets. */
export interface DemoLoad {
  tx: Db;
  clock: Clock;
  unitIds: ReadonlyMap<string, number>;
  seed: number;
  options: DemoLoadOptions;
}

export interface DemoLoadOptions {
  /** Where this server answers (e.g. http://127.0.0.1:8080), for the demo sites' positions. */
  siteBase?: string;
}

/** The parts of every module that declares one, from the manifests. */
export async function demoLedgerParts(): Promise<DemoLedgerPart[]> {
  const parts: DemoLedgerPart[] = [];
  for (const manifest of await loadManifests()) {
    if (!manifest.demo) continue;
    const { demo } = (await manifest.demo()) as { demo: DemoLedgerPart };
    parts.push(demo);
  }
  return parts;
}

// Plain code-unit order: ISO instants sort correctly and it is far cheaper than localeCompare.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: { heldAt: string }, b: { heldAt: string }) => compare(a.heldAt, b.heldAt);
