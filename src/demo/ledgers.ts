import type { ActivityType } from '../activities/tables.js';
import type { MemberDuty, ResponsibilityKind } from '../responsibility/tables.js';
import type { AttendanceStatus, SessionKind } from '../study/tables.js';
import { COMMITTEE_KEY, type DemoCity, type DemoPerson, type DemoUnit } from './city.js';
import {
  analysisTitle,
  analysisTopics,
  centralGroupTitle,
  centralGroupTopics,
  chineseNumber,
  committeeTopics,
  FIELDS,
  genericActivity,
  groupMeetingTopics,
  lectureTitle,
  memberMeetingTopics,
  minutes,
  partyGroupTopics,
  reportTitle,
  specialStudyTitle,
  specialStudyTopics,
  studyPlanTitle,
  TALK_TOPICS,
  themeDayTitle,
  themeOf,
  trainingTitle,
  UNIT_ACTIVITIES,
} from './ledgers-text.js';
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
const FL_TOTALS: Record<number, [number, number]> = { 2024: [1612, 88_400], 2025: [1754, 100_000] };

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
const isoDate = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

/** A working day (Mon–Fri) of the month between two days, drawn at random. */
function workday(rng: Random, year: number, month: number, from = 1, to = 31): number {
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
function beijing(year: number, month: number, day: number, hour: number, minute: number): number {
  return Date.UTC(year, month - 1, day, hour - 8, minute);
}
/** A meeting time on a working day: 9:00, 9:30, 10:00, 14:30, 15:00 or 15:30. */
function meetingTime(rng: Random, year: number, month: number, from = 1, to = 31): number {
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
function beijingDate(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ units

interface UnitContext {
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
interface YearPlan {
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

interface Emit {
  ledgers: DemoLedgers;
  now: number;
}

/** When a record was entered: a day or three after the event, never after "now". */
function entered(rng: Random, at: number, now: number): string {
  return new Date(Math.min(at + rng.int(2, 72) * HOUR, now)).toISOString();
}

function attendance(
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

function personLabel(p: DemoPerson): string {
  return `${p.name}（${p.title}）`;
}

function responsibilityYear(e: Emit, ctx: UnitContext, plan: YearPlan, year: number, rng: Random) {
  const { ledgers, now } = e;
  const key = ctx.unit.key;
  const partyBody = ctx.body === '党组' || ctx.body === '党委';
  // 中共江城市交通局党组 reports; organs without a party group report under their own name.
  const reporting = partyBody ? `中共${ctx.unit.name}${ctx.body}` : ctx.unit.name;
  // Responsibility assignments (entered when the year's letters are prepared).
  const assignedAt = meetingTime(rng, year, 1, 5, 20);
  if (assignedAt <= now) {
    const createdAt = entered(rng, assignedAt, now);
    ledgers.assignments.push({
      unitKey: key,
      year,
      kind: 'main',
      personKey: null,
      holder: partyBody ? ctx.body : '领导班子',
      fields: '全面领导本单位意识形态工作，履行主体责任',
      createdAt,
    });
    ledgers.assignments.push({
      unitKey: key,
      year,
      kind: 'first',
      personKey: ctx.leader.key,
      holder: ctx.leader.title,
      fields: FIELDS[0]!,
      createdAt,
    });
    ctx.leadership.slice(1).forEach((p, i) => {
      ledgers.assignments.push({
        unitKey: key,
        year,
        kind: i === 0 ? 'direct' : 'dual',
        personKey: p.key,
        holder: p.title,
        fields: FIELDS[1 + (i % (FIELDS.length - 1))]!,
        createdAt,
      });
    });
  }

  // Letters: signed between January and March; a lapse leaves some members' letters pending.
  const pending = new Set(
    plan.pendingLetters
      ? rng
          .shuffle(ctx.groupMembers.slice(1))
          .slice(0, plan.pendingLetters)
          .map((m) => m.key)
      : [],
  );
  const signatories = [...ctx.groupMembers];
  if (plan.exemplary && key !== 'lsj') {
    // 层层签订: exemplary units also sign with the heads of their sections.
    for (const p of ctx.staff) {
      if (p.key.includes('-ks') && !signatories.some((s) => s.key === p.key))
        signatories.push({ key: p.key, name: p.name });
    }
  }
  const preparedAt = beijing(year, 1, 2, 9, 0);
  if (preparedAt <= now) {
    signatories.forEach((m, i) => {
      const signedAt = meetingTime(rng, year, rng.int(1, 3), 3, 28);
      const signed = !pending.has(m.key) && signedAt <= now;
      const layer =
        i === 0
          ? '与市直机关工委签订'
          : i < ctx.leadership.length
            ? `与${ctx.body}书记签订`
            : '与分管领导签订';
      ledgers.letters.push({
        unitKey: key,
        year,
        personKey: m.key,
        status: signed ? 'signed' : 'pending',
        signedOn: signed ? beijingDate(signedAt) : null,
        note: signed ? layer : '尚未签订，已督促',
        createdAt: entered(rng, signed ? signedAt : preparedAt, now),
      });
    });
  }

  // Special study and analysis meetings, one or two each half-year.
  const participants = () => {
    const present = ctx.leadership.filter((_, i) => i === 0 || rng.next() > 0.1).map((p) => p.name);
    if (ctx.liaison) present.push(`${ctx.liaison.name}（列席）`);
    return present;
  };
  for (const half of [1, 2]) {
    const months = half === 1 ? [2, 3, 4, 5, 6] : [7, 8, 9, 10, 11, 12];
    if (!plan.skipSpecial.has(half)) {
      const count = plan.exemplary && rng.next() < 0.4 ? 2 : 1;
      for (const month of rng
        .shuffle(months)
        .slice(0, count)
        .sort((a, b) => a - b)) {
        const at = meetingTime(rng, year, month);
        if (at > now) continue;
        ledgers.meetings.push({
          unitKey: key,
          kind: 'special-study',
          heldAt: new Date(at).toISOString(),
          title: specialStudyTitle(rng, ctx.body, year, half),
          participants: participants(),
          topics: specialStudyTopics(rng, year, month),
          minutes: minutes(rng),
          createdAt: entered(rng, at, now),
        });
      }
    }
    if (!plan.skipAnalysis.has(half)) {
      const count = plan.exemplary && rng.next() < 0.5 ? 2 : 1;
      for (const month of rng
        .shuffle(months)
        .slice(0, count)
        .sort((a, b) => a - b)) {
        const at = meetingTime(rng, year, month);
        if (at > now) continue;
        ledgers.meetings.push({
          unitKey: key,
          kind: 'analysis',
          heldAt: new Date(at).toISOString(),
          title: analysisTitle(rng, year, half),
          participants: participants(),
          topics: analysisTopics(rng),
          minutes: minutes(rng),
          createdAt: entered(rng, at, now),
        });
      }
    }
  }

  // The yearly report, submitted in January of the next year.
  if (!plan.noReport) {
    const at = meetingTime(rng, year + 1, 1, 6, 28);
    if (at <= now) {
      ledgers.reports.push({
        unitKey: key,
        year,
        title: reportTitle(reporting, year),
        submittedOn: beijingDate(at),
        createdAt: entered(rng, at, now),
      });
    }
  }
}

function studyYear(e: Emit, ctx: UnitContext, plan: YearPlan, year: number, rng: Random) {
  const { ledgers, now } = e;
  const key = ctx.unit.key;
  const weak = !plan.exemplary && (plan.noTraining || plan.skipCentral.size > 0);
  const push = (row: Omit<SessionRow, 'createdAt' | 'heldAt'>, at: number) => {
    if (at > now) return;
    ledgers.sessions.push({
      ...row,
      heldAt: new Date(at).toISOString(),
      createdAt: entered(rng, at, now),
    });
  };
  const planAt = meetingTime(rng, year, rng.int(1, 2), 5, 25);
  if (planAt <= now) {
    ledgers.plans.push({
      unitKey: key,
      year,
      title: studyPlanTitle(`${ctx.unit.shortName}${ctx.body.length <= 2 ? ctx.body : ''}`, year),
      createdAt: entered(rng, planAt, now),
    });
  }

  // Central-group study: once a quarter, exemplary units more often.
  let central = 0;
  for (let q = 1; q <= 4; q++) {
    if (plan.skipCentral.has(q)) continue;
    const count = plan.exemplary ? rng.int(1, 3) : rng.next() < 0.2 ? 2 : 1;
    const months = rng
      .shuffle([3 * q - 2, 3 * q - 1, 3 * q])
      .slice(0, count)
      .sort((a, b) => a - b);
    for (const month of months) {
      const at = meetingTime(rng, year, month);
      if (at <= now) central++;
      push(
        {
          unitKey: key,
          kind: 'central-group',
          title: centralGroupTitle(rng, ctx.body.length <= 2 ? ctx.body : '', year, central),
          topics: centralGroupTopics(rng, year, month),
          firstTopic: null,
          lecturerKey: null,
          lecturerName: '',
          attendance: attendance(rng, ctx.leadership, weak),
        },
        at,
      );
    }
  }

  // Party-group meetings: most months, sometimes twice; a breach quarter has one without the
  // first topic.
  let meetingNo = 0;
  const breachMonth = new Map<number, number>();
  for (const q of plan.firstTopicBreach) breachMonth.set(q, 3 * q - 2 + rng.int(0, 2));
  for (let month = 1; month <= 12; month++) {
    const count =
      breachMonth.get(Math.ceil(month / 3)) === month
        ? rng.int(1, 2)
        : rng.next() < 0.15
          ? 0
          : rng.next() < 0.3
            ? 2
            : 1;
    const breachIndex = breachMonth.get(Math.ceil(month / 3)) === month ? 0 : -1;
    const times = Array.from({ length: count }, (_, i) =>
      meetingTime(rng, year, month, i === 0 ? 1 : 16, i === 0 ? 15 : 31),
    );
    times.forEach((at, i) => {
      if (at <= now) meetingNo++;
      const firstTopic = i !== breachIndex;
      push(
        {
          unitKey: key,
          kind: 'party-group',
          title: `${year}年第${chineseNumber(Math.max(1, meetingNo))}次${ctx.meetingName}`,
          topics: partyGroupTopics(rng, year, month, firstTopic),
          firstTopic,
          lecturerKey: null,
          lecturerName: '',
          attendance: attendance(rng, ctx.leadership, weak),
        },
        at,
      );
    });
  }

  // Talks (谈心谈话) between the leader or a member and a colleague.
  const talkers = ctx.staff.filter((p) => !ctx.leadership.includes(p));
  for (let i = rng.int(2, 4); i > 0 && talkers.length; i--) {
    const talker = rng.pick(ctx.leadership);
    const colleague = rng.pick(talkers);
    const at = meetingTime(rng, year, rng.int(1, 12));
    push(
      {
        unitKey: key,
        kind: 'talk',
        title: `${talker.name}与${colleague.name}谈心谈话`,
        topics: rng.pick(TALK_TOPICS),
        firstTopic: null,
        lecturerKey: null,
        lecturerName: '',
        attendance: [
          [talker.key, 'present'],
          [colleague.key, 'present'],
        ],
      },
      at,
    );
  }

  // Training of ideology staff: once or twice a year unless the unit neglects it.
  if (!plan.noTraining) {
    const trainees = [
      ...(ctx.liaison ? [ctx.liaison] : []),
      ...ctx.staff.filter((p) => p.key.endsWith('.editor') || p.key.endsWith('.duty')),
    ];
    for (let i = plan.exemplary ? 2 : 1; i > 0; i--) {
      const at = meetingTime(rng, year, rng.int(3, 11));
      push(
        {
          unitKey: key,
          kind: 'training',
          title: trainingTitle(rng, year),
          topics: '意识形态工作责任制要求；宣传阵地管理；网络舆情监测与处置',
          firstTopic: null,
          lecturerKey: null,
          lecturerName: rng.pick(['市委宣传部', '市委网信办', '市委党校', '市直机关工委']),
          attendance: attendance(rng, trainees, false),
        },
        at,
      );
    }
  }

  for (const branch of ctx.branches) branchYear(ctx, branch, plan, year, rng, push);
}

function branchYear(
  ctx: UnitContext,
  branch: DemoUnit,
  plan: YearPlan,
  year: number,
  rng: Random,
  push: (row: Omit<SessionRow, 'createdAt' | 'heldAt'>, at: number) => void,
) {
  const lapses = plan.branches.get(branch.key);
  const members = ctx.branchMembers.get(branch.key) ?? [];
  const retired = !ctx.branchMembers.has(branch.key);
  const weak = lapses !== undefined;
  const roll = () => attendance(rng, members, weak);
  // Registers are kept where they matter for the record: meetings of all members, lectures and
  // the branch committee (its first three members). Theme days and group study keep no roll,
  // which also keeps the demo load fast.
  const rollOf = (kind: SessionKind): SessionRow['attendance'] =>
    kind === 'theme-day' || kind === 'group-meeting'
      ? []
      : kind === 'committee-meeting'
        ? attendance(rng, members.slice(0, 3), weak)
        : roll();
  const session = (kind: SessionKind, title: string, topics: string, at: number) =>
    push(
      {
        unitKey: branch.key,
        kind,
        title,
        topics,
        firstTopic: null,
        lecturerKey: null,
        lecturerName: '',
        attendance: rollOf(kind),
      },
      at,
    );
  for (let month = 1; month <= 12; month++) {
    const quarter = Math.ceil(month / 3);
    // 支委会 early in the month, 主题党日 mid-month, 党小组会 after it.
    if (!lapses?.committee.has(month))
      session(
        'committee-meeting',
        `${branch.shortName}${month}月支委会`,
        committeeTopics(rng),
        meetingTime(rng, year, month, 1, 10),
      );
    if (!lapses?.theme.has(month))
      session(
        'theme-day',
        themeDayTitle(rng, month),
        `${branch.shortName}全体党员参加`,
        meetingTime(rng, year, month, 8, 22),
      );
    if (!lapses?.group.has(month))
      session(
        'group-meeting',
        `党小组学习会（${month}月）`,
        groupMeetingTopics(rng, year, month),
        meetingTime(rng, year, month, 12, 28),
      );
    if (month % 3 === 2 && !lapses?.member.has(quarter))
      session(
        'member-meeting',
        `${branch.shortName}第${chineseNumber(quarter)}季度党员大会`,
        memberMeetingTopics(rng, year, month),
        meetingTime(rng, year, month + rng.int(-1, 1)),
      );
    if (month % 3 === 0 && !lapses?.lecture.has(quarter)) {
      // The main leader lectures the first branch most often; members take the others.
      const lecturer =
        branch.sort === 1 && rng.next() < 0.6
          ? ctx.leader
          : rng.pick(ctx.leadership.length > 1 ? ctx.leadership.slice(1) : ctx.leadership);
      const invited = retired && rng.next() < 0.4;
      push(
        {
          unitKey: branch.key,
          kind: 'party-lecture',
          title: lectureTitle(rng),
          topics: `围绕${themeOf(rng, year, month)}，联系本单位实际讲授`,
          firstTopic: null,
          lecturerKey: invited ? null : lecturer.key,
          lecturerName: invited ? '市委党校教师' : personLabel(lecturer),
          attendance: roll(),
        },
        meetingTime(rng, year, month - rng.int(0, 2)),
      );
    }
  }
  if (!lapses?.noLife) {
    session(
      'life-meeting',
      `${year - 1}年度组织生活会和民主评议党员`,
      '对照检查、相互批评，开展民主评议党员',
      meetingTime(rng, year, rng.int(1, 2), 10, 28),
    );
  }
  if (year === 2025 && !lapses) {
    // An extra 主题党日 in September: the 80th anniversary of the victory.
    session(
      'theme-day',
      '9月主题党日：纪念抗战胜利80周年主题学习',
      '观看纪录片，交流学习体会',
      meetingTime(rng, year, 9, 1, 5),
    );
  }
}

function activitiesYear(e: Emit, ctx: UnitContext, plan: YearPlan, year: number, rng: Random) {
  const { ledgers, now } = e;
  const key = ctx.unit.key;
  if (key === 'fl' && FL_TOTALS[year]) return womenFederationYear(e, year, rng);
  const ideas = UNIT_ACTIVITIES[key] ?? [];
  for (let q = 1; q <= 4; q++) {
    if (plan.skipActivities.has(q)) continue;
    const count = plan.exemplary ? rng.int(2, 4) : rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const idea = ideas.length && rng.next() < 0.65 ? rng.pick(ideas) : genericActivity(rng);
      const month = 3 * q - 2 + rng.int(0, 2);
      const day = workday(rng, year, month);
      const at = beijing(year, month, day, 9, 0);
      if (at > now) continue;
      const sessions = idea.type === 'lecture' ? rng.int(1, 12) : rng.int(1, 4);
      const participants = sessions * rng.int(8, 40);
      ledgers.activities.push({
        unitKey: key,
        type: idea.type,
        title: idea.title,
        heldOn: isoDate(year, month, day),
        sessions,
        participants,
        beneficiaries: idea.type === 'other' ? 0 : participants + sessions * rng.int(0, 120),
        brandProject: idea.brand ?? '',
        note: '',
        createdAt: entered(rng, at, now),
      });
    }
  }
}

/** Scales integers to sum to `target` exactly, keeping each at least 1. */
function scaleTo(values: number[], target: number): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  const scaled = values.map((v) => Math.max(1, Math.round((v * target) / total)));
  let diff = target - scaled.reduce((a, b) => a + b, 0);
  // Settle the rounding on the largest entries, one unit at a time.
  const order = scaled.map((_, i) => i).sort((a, b) => scaled[b]! - scaled[a]! || a - b);
  for (let i = 0; diff !== 0; i = (i + 1) % order.length) {
    const j = order[i]!;
    if (diff > 0) {
      scaled[j]!++;
      diff--;
    } else if (scaled[j]! > 1) {
      scaled[j]!--;
      diff++;
    }
  }
  return scaled;
}

/**
 * 市妇联: campaigns of many sessions every month. A full year's totals are exact (2025: 1,754
 * sessions, beneficiaries within 200 of 100,000); the current year runs at a similar pace.
 */
function womenFederationYear(e: Emit, year: number, rng: Random) {
  const { ledgers, now } = e;
  const ideas = UNIT_ACTIVITIES.fl!;
  const planned: { idea: (typeof ideas)[number]; month: number; day: number }[] = [];
  for (let month = 1; month <= 12; month++) {
    for (const idea of rng.shuffle(ideas).slice(0, rng.int(2, 4))) {
      planned.push({ idea, month, day: workday(rng, year, month) });
    }
  }
  const [sessionTarget, around] = FL_TOTALS[year]!;
  const sessions = scaleTo(
    planned.map((p) => (p.idea.type === 'lecture' ? rng.int(30, 90) : rng.int(5, 30))),
    sessionTarget,
  );
  const beneficiaryTarget = around - 150 + rng.int(0, 300);
  const beneficiaries = scaleTo(
    sessions.map((s) => s * rng.int(40, 75)),
    beneficiaryTarget,
  );
  planned.forEach((p, i) => {
    const at = beijing(year, p.month, p.day, 9, 0);
    if (at > now) return;
    ledgers.activities.push({
      unitKey: 'fl',
      type: p.idea.type,
      title: `${p.idea.title}（${p.month}月）`,
      heldOn: isoDate(year, p.month, p.day),
      sessions: sessions[i]!,
      participants: sessions[i]! * rng.int(2, 6),
      beneficiaries: beneficiaries[i]!,
      brandProject: p.idea.brand ?? '',
      note: p.idea.type === 'volunteer' ? '重点关注困难、留守、流动妇女儿童家庭' : '',
      createdAt: entered(rng, at, now),
    });
  });
}

function leadingGroup(e: Emit, ctx: UnitContext, seed: number) {
  const rng = createRandom(seedFromString(`ledgers:${seed}:group:${ctx.unit.key}`));
  // 市委编办 and 市交通局 adjusted their groups promptly after personnel changes (the survey).
  const adjusted =
    ctx.unit.key === 'bb' || ctx.unit.key === 'jtj'
      ? beijing(2025, rng.int(3, 9), workday(rng, 2025, 6), 10, 0)
      : beijing(LEDGER_FIRST_YEAR - rng.int(0, 2), rng.int(1, 6), 10, 10, 0);
  const at = Math.min(adjusted, e.now);
  e.ledgers.leadingGroups.push({
    unitKey: ctx.unit.key,
    name: `${ctx.unit.shortName}意识形态工作领导小组`,
    adjustedOn: beijingDate(at),
    note:
      ctx.unit.key === 'bb' || ctx.unit.key === 'jtj'
        ? '因班子成员调整，及时调整领导小组组成'
        : '领导小组办公室设在办公室，负责日常工作',
    createdAt: new Date(at).toISOString(),
    members: ctx.groupMembers.map((m, i) => ({
      personKey: m.key,
      duty: i === 0 ? 'leader' : i === 1 ? 'deputy' : 'member',
      sort: i + 1,
    })),
  });
}

/**
 * The demo ledgers for `city` from the first demo year up to `now` (records after it are not
 * generated). Same city, seed and now → deep-equal result.
 */
export function demoLedgers(city: DemoCity, seed: number, now: Date): DemoLedgers {
  const nowMs = now.getTime();
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
    if (!isCommittee) leadingGroup(e, ctx, seed);
    for (let year = LEDGER_FIRST_YEAR; year <= currentYear; year++) {
      const lastMonth = year === currentYear ? currentMonth : 12;
      const plan = yearPlan(ctx, year, currentYear, lastMonth, seed);
      const rng = createRandom(seedFromString(`ledgers:${seed}:${ctx.unit.key}:${year}`));
      if (isCommittee) {
        // The committee owes nothing as a unit, but its own branch keeps 三会一课 like any other.
        const push = (row: Omit<SessionRow, 'createdAt' | 'heldAt'>, at: number) => {
          if (at > nowMs) return;
          ledgers.sessions.push({
            ...row,
            heldAt: new Date(at).toISOString(),
            createdAt: entered(rng, at, nowMs),
          });
        };
        for (const branch of ctx.branches) branchYear(ctx, branch, plan, year, rng, push);
        continue;
      }
      responsibilityYear(e, ctx, plan, year, rng);
      studyYear(e, ctx, plan, year, rng);
      activitiesYear(e, ctx, plan, year, rng);
    }
  }
  for (const list of [ledgers.meetings, ledgers.sessions]) list.sort(byTime);
  ledgers.activities.sort((a, b) => compare(a.heldOn, b.heldOn));
  return ledgers;
}

// Plain code-unit order: ISO instants sort correctly and it is far cheaper than localeCompare.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: { heldAt: string }, b: { heldAt: string }) => compare(a.heldAt, b.heldAt);
