// 理论武装's part of the demo city's ledgers (src/demo/ledgers.ts runs the parts of every
// module in order, for every unit and year). Moved here from src/demo/ledgers.ts unchanged.

import type { DemoUnit } from '../demo/city.js';
import {
  attendance,
  type DemoLedgerPart,
  type Emit,
  entered,
  meetingTime,
  personLabel,
  type SessionRow,
  type UnitContext,
  type YearPlan,
} from '../demo/ledgers.js';
import {
  centralGroupTitle,
  centralGroupTopics,
  chineseNumber,
  committeeTopics,
  groupMeetingTopics,
  lectureTitle,
  memberMeetingTopics,
  partyGroupTopics,
  studyPlanTitle,
  TALK_TOPICS,
  themeDayTitle,
  themeOf,
  trainingTitle,
} from '../demo/ledgers-text.js';
import type { Random } from '../demo/random.js';
import type { SessionKind } from './tables.js';

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

export const demo: DemoLedgerPart = {
  order: 20,
  unitYear: studyYear,
  committeeYear(e, ctx, plan, year, rng) {
    // The committee owes nothing as a unit, but its own branch keeps 三会一课 like any other.
    const push = (row: Omit<SessionRow, 'createdAt' | 'heldAt'>, at: number) => {
      if (at > e.now) return;
      e.ledgers.sessions.push({
        ...row,
        heldAt: new Date(at).toISOString(),
        createdAt: entered(rng, at, e.now),
      });
    };
    for (const branch of ctx.branches) branchYear(ctx, branch, plan, year, rng, push);
  },
};
