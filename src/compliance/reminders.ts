/**
 * Reminders: compliance's producer of platform notifications (platform/notifications.ts). A
 * unit's liaisons and leaders are told when a requirement is unmet and due within 14 days (or
 * within its own longer due-soon window), and when it is overdue; the committee's admins get one
 * city-wide notice per requirement, period and kind listing the units concerned. Each notice is
 * deduplicated per (kind, requirement, unit or city, period) and recipient, so running the job
 * again — on every node, every hour, after a restart — sends nothing twice.
 *
 * "Overdue" means every unmet item whose deadline fell in the current Beijing year, however long
 * ago: an item that was already more than two weeks late when reminders first ran (a new
 * deployment, an imported history, the demo city) is still outstanding and must be told once.
 */
import type { FastifyInstance } from 'fastify';
import { type CadenceResult, DAY_MS } from '../cadence/index.js';
import type { Clock } from '../platform/clock.js';
import { systemContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { defineJob, defineSchedule, enqueue, jobsRunning, waitForJob } from '../platform/jobs.js';
import {
  defineNotificationKind,
  type NotificationRequest,
  notifyMany,
} from '../platform/notifications.js';
import { beijingYear, cachedYear, yearBounds } from './compute.js';
import { requirementNames } from './service.js';

/** Unmet requirements due within this many days are reminded (or earlier, by a rule's own window). */
export const REMINDER_WINDOW_DAYS = 14;
/** The committee's notice names at most this many units; the rest are counted. */
const DIGEST_UNIT_NAMES = 10;

defineNotificationKind('due-soon', { label: '临期', tone: 'warning' });
defineNotificationKind('overdue', { label: '逾期', tone: 'error' });

type ReminderKind = 'due-soon' | 'overdue';

export interface ReminderRun {
  /** Unmet results due soon or overdue this year. */
  candidates: number;
  /** Notices written this run (0 when every candidate was already notified). */
  created: number;
}

/** Whether a result is reminded now, and as what. */
function reminderKind(
  result: CadenceResult,
  now: number,
  overdueSince: number,
): ReminderKind | null {
  // The deadline is the Beijing midnight after the due date.
  const deadline = Date.parse(`${result.dueDate}T00:00:00+08:00`) + DAY_MS;
  if (result.status === 'due-soon') return 'due-soon';
  // Rules with a shorter due-soon window (monthly meetings: 7 days) still get the 14-day notice.
  if (result.status === 'not-yet-due' && deadline - now <= REMINDER_WINDOW_DAYS * DAY_MS) {
    return 'due-soon';
  }
  if (result.status === 'overdue' && deadline >= overdueSince) return 'overdue';
  return null;
}

/**
 * One reminder pass over the whole tree as of `clock.now()`, written in one transaction. The
 * previous year is evaluated too: its items due on 31 December or 31 January fall due in this
 * year.
 */
export async function runReminders(db: Db, clock: Clock): Promise<ReminderRun> {
  const now = clock.now();
  const year = beijingYear(now);
  const overdueSince = yearBounds(year).start.getTime();

  let candidates = 0;
  const requests: NotificationRequest[] = [];
  for (const y of [year - 1, year]) {
    // Shared with the dashboards: a pass at start-up warms the city view's cache.
    const { computation } = await cachedYear(db, y, now);
    const names = requirementNames(computation.requirements);
    const digests = new Map<
      string,
      { kind: ReminderKind; result: CadenceResult; units: string[] }
    >();
    for (const result of computation.results) {
      const kind = reminderKind(result, now.getTime(), overdueSince);
      if (!kind) continue;
      candidates++;
      const unit = computation.unitById.get(result.unitId)!;
      const name = names.get(result.requirementId) ?? result.requirementId;
      const title =
        kind === 'due-soon'
          ? `【临期】${unit.name}：${name}（${result.periodKey}）将于 ${result.dueDate} 截止`
          : `【逾期】${unit.name}：${name}（${result.periodKey}）已于 ${result.dueDate} 截止`;
      // A branch's reminders also reach the liaison and leader of the unit that owns it: they
      // hold their roles over it.
      requests.push({
        recipients: { roles: ['unit_liaison', 'unit_leader'], unitId: unit.id },
        kind,
        record: {
          entity: 'requirement',
          id: result.requirementId,
          unitId: unit.id,
          period: `${unit.id}/${result.periodKey}`,
          title,
          body: `要求 ${result.required} 次，已完成 ${result.count} 次。请及时补充台账记录。`,
          link: `/compliance/unit/${unit.ownerId}?year=${y}`,
        },
      });
      const key = `${kind}|${result.requirementId}|${result.periodKey}`;
      const digest = digests.get(key) ?? { kind, result, units: [] };
      digest.units.push(unit.shortName || unit.name);
      digests.set(key, digest);
    }
    for (const { kind, result, units } of digests.values()) {
      const name = names.get(result.requirementId) ?? result.requirementId;
      const shown = units.slice(0, DIGEST_UNIT_NAMES).join('、');
      const more = units.length > DIGEST_UNIT_NAMES ? ` 等 ${units.length} 个单位` : '';
      requests.push({
        recipients: { roles: ['committee_admin'] },
        kind,
        record: {
          entity: 'requirement',
          id: result.requirementId,
          unitId: null,
          period: `city/${result.periodKey}`,
          title:
            kind === 'due-soon'
              ? `【临期】${name}（${result.periodKey}）：${units.length} 个单位尚未完成，${result.dueDate} 截止`
              : `【逾期】${name}（${result.periodKey}）：${units.length} 个单位未按期完成（${result.dueDate} 截止）`,
          body: `${shown}${more}。`,
          link: `/compliance?year=${y}`,
        },
      });
    }
  }
  const { created } = await db.transaction((tx) =>
    notifyMany(systemContext(tx, clock, '系统'), requests),
  );
  return { candidates, created };
}

/** The hourly reminder pass, as a job: stately, so at most one is queued and one runs city-wide. */
export const REMINDER_JOB = 'compliance.reminders';
export const reminderJob = defineJob(REMINDER_JOB, (job) => runReminders(job.db, job.clock), {
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 15 * 60,
  label: '考核提醒',
});
/** Every hour on the hour (Beijing time), once across all serve/worker processes. */
export const reminderSchedule = defineSchedule(REMINDER_JOB, '0 * * * *');

const startupRuns = new WeakMap<FastifyInstance, Promise<unknown>>();

/** The start-up pass an app enqueued (resolved when none or when done), for benchmarks. */
export function reminderRunOf(app: FastifyInstance): Promise<unknown> {
  return startupRuns.get(app) ?? Promise.resolve();
}

/**
 * When the server starts listening and this process runs the job queue, one reminder pass is
 * enqueued at once (it also warms the city view's cache); the hourly schedule does the rest.
 * `inject`-only apps (tests) never listen, so they never run it by surprise.
 */
export function scheduleReminders(app: FastifyInstance, services: { db: Db; clock: Clock }) {
  app.addHook('onListen', async () => {
    if (!jobsRunning()) return;
    const run = enqueue(REMINDER_JOB, {})
      .then((id) => (id ? waitForJob(services.db, id, 10 * 60_000) : null))
      .catch((error: unknown) => app.log.error({ err: error }, '提醒任务失败'));
    startupRuns.set(app, run);
  });
}
