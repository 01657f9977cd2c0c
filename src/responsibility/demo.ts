// 责任制's part of the demo city's ledgers (src/demo/ledgers.ts runs the parts of every
// module in order, for every unit and year). Moved here from src/demo/ledgers.ts unchanged.
import {
  beijing,
  beijingDate,
  type DemoLedgerPart,
  type Emit,
  entered,
  LEDGER_FIRST_YEAR,
  meetingTime,
  type UnitContext,
  workday,
  type YearPlan,
} from '../demo/ledgers.js';
import {
  analysisTitle,
  analysisTopics,
  FIELDS,
  minutes,
  reportTitle,
  specialStudyTitle,
  specialStudyTopics,
} from '../demo/ledgers-text.js';
import { createRandom, type Random, seedFromString } from '../demo/random.js';

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

export const demo: DemoLedgerPart = {
  order: 10,
  unit: leadingGroup,
  unitYear: responsibilityYear,
};
