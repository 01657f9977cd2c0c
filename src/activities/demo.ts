// 载体建设's part of the demo city's ledgers (src/demo/ledgers.ts runs the parts of every
// module in order, for every unit and year). Moved here from src/demo/ledgers.ts unchanged.
import {
  beijing,
  type DemoLedgerPart,
  type Emit,
  entered,
  isoDate,
  type UnitContext,
  workday,
  type YearPlan,
} from '../demo/ledgers.js';
import { genericActivity, UNIT_ACTIVITIES } from '../demo/ledgers-text.js';
import type { Random } from '../demo/random.js';

const FL_TOTALS: Record<number, [number, number]> = { 2024: [1612, 88_400], 2025: [1754, 100_000] };

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

export const demo: DemoLedgerPart = {
  order: 30,
  unitYear: activitiesYear,
};
