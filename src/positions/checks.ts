// Website monitoring: a check of a website position runs the site checker (src/sitecheck) as a
// job, keeps its progress on the check row while it runs, and writes the result once at the end
// — in the same transaction that opens and closes the position's rectifications (整改).
//
// The job is safe to run twice (pg-boss delivers at least once; a process killed with kill -9
// mid-check leaves its job to another): an attempt restarts the check from scratch, and only the
// first attempt to finish turns the row `done` (a conditional update on `running`), so there is
// never a second result nor a second reconciliation.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../platform/clock.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { fail } from '../platform/errors.js';
import {
  defineJob,
  defineSchedule,
  enqueue,
  findJob,
  type JobContext,
  jobsRunning,
} from '../platform/jobs.js';
import {
  defineRectificationSource,
  type FindingInput,
  openRectification,
  reconcileRectifications,
} from '../platform/rectification.js';
import { paging } from '../platform/validation.js';
import { defaultProofreader } from '../proofread/index.js';
import {
  checkSite,
  defaultCrawlLimits,
  type Finding,
  type SiteCheckReport,
  type TextChecker,
} from '../sitecheck/index.js';
import {
  type CheckStatus,
  checkStatusLabels,
  findingCodeLabels,
  severityLabels,
} from './contract.js';
import { activeWebsites, authorizePosition, beijingDay, loadPosition } from './service.js';
import { monitorAllowEntries, positionChecks, positions } from './tables.js';

export const SITE_CHECK_SOURCE = 'site-check';
export const CHECK_JOB = 'positions.site-check';
export const NIGHTLY_JOB = 'positions.nightly-checks';

/** Rectification deadlines by severity, in working days (Mon–Fri) after the check. */
export const DEADLINE_WORKING_DAYS = { veto: 3, deduct: 10 } as const;
/** Aggregate veto: this many stale (or blank) columns on one site is a single veto finding. */
export const AGGREGATE_VETO_COLUMNS = 5;
/** The nightly checks start over this window, so hosts shared by many sites are not hit at once. */
export const NIGHTLY_SPREAD_SECONDS = 4 * 3_600;
/** Progress is written at most this often (it is also the job's heartbeat). */
const PROGRESS_INTERVAL_MS = 1_000;
const CHECK_RETRY_LIMIT = 2;

defineRectificationSource(SITE_CHECK_SOURCE, {
  label: '网站检查',
  closedBy: 'recheck',
  dueDays: 14,
  codeLabels: findingCodeLabels,
});

// ------------------------------------------------------------------ pure parts

/**
 * The end of the `days`-th working day (Mon–Fri, Beijing) after `from`. Public holidays are not
 * known here; a deadline that lands on one is still a working day's grace short at most.
 */
export function addWorkingDays(from: Date, days: number): Date {
  const day = new Date(`${beijingDay(from)}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(`${day.toISOString().slice(0, 10)}T23:59:59.999+08:00`);
}

/**
 * The national indicators make many stale or blank columns one single veto on top of the per-column
 * deductions (≥ 5 columns not updated in time; ≥ 5 blank columns). The engine reports columns one
 * by one; the aggregate belongs to the monitoring of a position.
 */
export function withAggregateVetoes(report: SiteCheckReport): Finding[] {
  const findings = [...report.findings];
  const aggregate = (code: 'column-stale' | 'column-blank', as: string) => {
    const columns = report.findings.filter((f) => f.code === code);
    if (columns.length < AGGREGATE_VETO_COLUMNS) return;
    findings.unshift({
      code: as as Finding['code'],
      severity: 'veto',
      page: report.site,
      text: columns.map((c) => c.name ?? c.column ?? '').join('、'),
    });
  };
  aggregate('column-blank', 'columns-blank-many');
  aggregate('column-stale', 'columns-stale-many');
  return findings;
}

/** What a finding points at, unique within one site's findings of its code. */
function targetOf(f: Finding): string {
  if (f.code === 'link-broken' || f.code === 'site-unreachable') return f.target ?? f.page;
  if (f.code === 'column-stale' || f.code === 'column-blank') return f.column ?? f.page;
  if (f.code === 'home-stale') return f.page;
  if (f.text !== undefined && !String(f.code).startsWith('columns-'))
    return `${f.page}#${f.text}`.slice(0, 1_000);
  return '';
}

function titleOf(f: Finding): string {
  const label = findingCodeLabels[f.code] ?? f.code;
  switch (f.code) {
    case 'link-broken':
      return `${label}：${f.target}（${f.status ? `HTTP ${f.status}` : '无响应'}）`;
    case 'column-stale':
      return `${label}：「${f.name}」最近更新 ${f.lastUpdated ?? '无日期'}，超过 ${f.limitDays} 天`;
    case 'column-blank':
      return `${label}：「${f.name}」`;
    case 'home-stale':
      return `${label}：最近更新 ${f.lastUpdated ?? '无日期'}，超过 ${f.limitDays} 天`;
    case 'site-unreachable':
      return `${label}：${f.reason ?? f.target ?? ''}`;
    default:
      return f.text
        ? `${label}：「${f.text}」${f.suggestion ? `（应为「${f.suggestion}」）` : ''}`
        : label;
  }
}

/** The findings that open rectifications (veto and deduct; `info` is for a reviewer to judge). */
export function rectifiable(findings: readonly Finding[], at: Date): FindingInput[] {
  return findings
    .filter((f) => f.severity === 'veto' || f.severity === 'deduct')
    .map((f) => ({
      code: f.code,
      target: targetOf(f),
      title: titleOf(f).slice(0, 300),
      finding: { ...f },
      dueAt: addWorkingDays(at, DEADLINE_WORKING_DAYS[f.severity as 'veto' | 'deduct']),
    }));
}

/** Findings by severity and a rough score: 100 less 2 per deduction, 0 with any veto. */
export function summarize(findings: readonly Finding[]) {
  const counts = { veto: 0, deduct: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const score = counts.veto > 0 ? 0 : Math.max(0, 100 - 2 * counts.deduct);
  return { counts, score };
}

// ------------------------------------------------------------------ presenting

type CheckRow = typeof positionChecks.$inferSelect;

export function presentCheck(row: CheckRow, withFindings = true) {
  const findings = (row.findings ?? []) as (Finding & { codeLabel?: string })[];
  return {
    id: row.id,
    positionId: row.positionId,
    unitId: row.unitId,
    status: row.status,
    statusLabel: checkStatusLabels[row.status],
    trigger: row.trigger,
    url: row.url,
    checkedOn: row.checkedOn,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    pages: row.pages,
    counts: row.counts as Record<string, number>,
    score: row.score,
    progress: row.progress as Record<string, number>,
    notes: row.notes,
    error: row.error,
    ...(withFindings
      ? {
          findings: findings.map((f) => ({
            ...f,
            codeLabel: findingCodeLabels[f.code] ?? f.code,
            severityLabel: severityLabels[f.severity] ?? f.severity,
          })),
          columns: row.columns,
        }
      : {}),
  };
}

// ------------------------------------------------------------------ requests and reads

export const ACTIVE_CHECK: CheckStatus[] = ['queued', 'running'];
const FINISHED_JOB = new Set(['completed', 'failed', 'cancelled']);
export const INTERRUPTED_CHECK = '检查任务已中断，未得出结果';

/**
 * Of a position's queued/running check rows (newest first), the one whose job is still alive. The
 * others were left by a job that ended without writing them (its last attempt killed): `markFailed`
 * fails each, so none blocks the next check. Website and account checks both keep rows this way.
 */
export async function liveCheckRow<R extends { id: number; jobId: string | null }>(
  ctx: ServiceContext,
  rows: readonly R[],
  markFailed: (id: number) => Promise<unknown>,
): Promise<R | null> {
  let alive: R | null = null;
  for (const row of rows) {
    const job = row.jobId ? await findJob(ctx.tx, row.jobId) : null;
    if (!alive && job && !FINISHED_JOB.has(job.state)) {
      alive = row;
      continue;
    }
    await markFailed(row.id);
  }
  return alive;
}

/**
 * The check in progress for a position, if its job is still alive. A row left `queued`/`running`
 * by a job that ended without writing it (its last attempt killed) is marked failed here, so it
 * never blocks the next check.
 */
async function activeCheck(ctx: ServiceContext, positionId: number): Promise<CheckRow | null> {
  const rows = await ctx.tx
    .select()
    .from(positionChecks)
    .where(
      and(eq(positionChecks.positionId, positionId), inArray(positionChecks.status, ACTIVE_CHECK)),
    )
    .orderBy(desc(positionChecks.id));
  return liveCheckRow(ctx, rows, (id) =>
    ctx.tx
      .update(positionChecks)
      .set({ status: 'failed', finishedAt: ctx.clock.now(), error: INTERRUPTED_CHECK })
      .where(eq(positionChecks.id, id)),
  );
}

async function queueCheck(
  ctx: ServiceContext,
  position: { id: number; unitId: number; url: string },
  trigger: 'manual' | 'schedule',
  startAfter?: number,
) {
  const [row] = await ctx.tx
    .insert(positionChecks)
    .values({
      positionId: position.id,
      unitId: position.unitId,
      status: 'queued',
      trigger,
      requestedBy: ctx.user?.id ?? null,
      url: position.url,
      queuedAt: ctx.clock.now(),
    })
    .returning();
  const jobId = await enqueue(
    CHECK_JOB,
    { checkId: row!.id },
    {
      singletonKey: `position:${position.id}`,
      tx: ctx.tx,
      ...(startAfter ? { startAfter } : {}),
    },
  );
  if (!jobId) throw fail('CONFLICT', ['该网站已有检查在排队或进行中，请稍后再试']);
  const [queued] = await ctx.tx
    .update(positionChecks)
    .set({ jobId })
    .where(eq(positionChecks.id, row!.id))
    .returning();
  return queued!;
}

/**
 * 立即检查: queues a check of a website position (one per site at a time — while one is queued
 * or running, that one is answered). Audited as `position.check`.
 */
export async function requestCheck(ctx: ServiceContext, positionId: number) {
  const position = await authorizePosition(ctx, positionId, 'check');
  if (!jobsRunning())
    throw fail('CONFLICT', [
      '后台任务未在运行（SHOUTU_WORKERS=0 且没有 worker 进程），暂时无法检查',
    ]);
  const existing = await activeCheck(ctx, positionId);
  if (existing) return { ...presentCheck(existing, false), existing: true };
  const row = await queueCheck(ctx, position, 'manual');
  await ctx.audit({
    action: 'position.check',
    entity: 'position',
    entityId: positionId,
    unitId: position.unitId,
    after: { checkId: row.id, url: row.url },
  });
  return { ...presentCheck(row, false), existing: false };
}

/** A position's checks, newest first (404 outside the caller's scope). */
export async function listChecks(
  ctx: ServiceContext,
  positionId: number,
  query: { page?: number; pageSize?: number },
) {
  await loadPosition(ctx, positionId);
  const { limit, offset } = paging({ page: query.page ?? 1, pageSize: query.pageSize ?? 30 });
  const rows = await ctx.tx
    .select()
    .from(positionChecks)
    .where(and(eq(positionChecks.positionId, positionId), ctx.scope.filter(positionChecks.unitId)))
    .orderBy(desc(positionChecks.id))
    .limit(limit)
    .offset(offset);
  const [counted] = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(positionChecks)
    .where(eq(positionChecks.positionId, positionId));
  return { items: rows.map((r) => presentCheck(r)), total: counted?.n ?? 0 };
}

/** One check's report with its position's name (404 outside the caller's scope). */
export async function getCheck(ctx: ServiceContext, checkId: number) {
  const [row] = await ctx.tx
    .select({ check: positionChecks, positionName: positions.name })
    .from(positionChecks)
    .innerJoin(positions, eq(positions.id, positionChecks.positionId))
    .where(and(eq(positionChecks.id, checkId), ctx.scope.filter(positionChecks.unitId)));
  if (!row) throw fail('NOT_FOUND');
  return { ...presentCheck(row.check), positionName: row.positionName };
}

// ------------------------------------------------------------------ the allow-list

/** Hosts, addresses and CIDRs checks may reach although private: the env's and the committee's. */
export async function monitorAllowList(db: Db): Promise<string[]> {
  const fromEnv = (process.env.SHOUTU_MONITOR_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const rows = await db.select({ entry: monitorAllowEntries.entry }).from(monitorAllowEntries);
  return [...new Set([...fromEnv, ...rows.map((r) => r.entry.toLowerCase())])];
}

export async function listMonitorAllow(ctx: ServiceContext) {
  const rows = await ctx.tx.select().from(monitorAllowEntries).orderBy(monitorAllowEntries.id);
  const fromEnv = (process.env.SHOUTU_MONITOR_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    items: rows.map((r) => ({ id: r.id, entry: r.entry, note: r.note })),
    /** Set by the operator (SHOUTU_MONITOR_ALLOW), shown read-only. */
    fromEnvironment: fromEnv,
  };
}

export async function addMonitorAllow(
  ctx: ServiceContext,
  input: { entry: string; note?: string },
) {
  const [row] = await ctx.tx
    .insert(monitorAllowEntries)
    .values({
      entry: input.entry.toLowerCase(),
      note: input.note ?? '',
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw fail('CONFLICT', [`白名单中已有 ${input.entry}`]);
  await ctx.audit({
    action: 'monitor-allow.create',
    entity: 'monitor-allow',
    entityId: row.id,
    after: { entry: row.entry, note: row.note },
  });
  return { id: row.id, entry: row.entry, note: row.note };
}

export async function removeMonitorAllow(ctx: ServiceContext, entryId: number) {
  const [row] = await ctx.tx
    .delete(monitorAllowEntries)
    .where(eq(monitorAllowEntries.id, entryId))
    .returning();
  if (!row) throw fail('NOT_FOUND');
  await ctx.audit({
    action: 'monitor-allow.delete',
    entity: 'monitor-allow',
    entityId: row.id,
    before: { entry: row.entry, note: row.note },
  });
}

// ------------------------------------------------------------------ the jobs

let proofreader: TextChecker | undefined;
/** The proofreading engine, compiled once per process. */
function textChecker(): TextChecker {
  if (!proofreader) {
    const engine = defaultProofreader();
    proofreader = (text) => engine.check(text);
  }
  return proofreader;
}

/** Server-side crawl bound (pages); the CLI's default is larger, a nightly check need not be. */
function maxPages(): number {
  const n = Number(process.env.SHOUTU_MONITOR_MAX_PAGES);
  return Number.isInteger(n) && n > 0 ? n : 5_000;
}

/**
 * Requests in flight to the site's own host during a check: politeness towards units' servers
 * (SHOUTU_MONITOR_CONCURRENCY to change it).
 */
export function monitorConcurrency(): number {
  const n = Number(process.env.SHOUTU_MONITOR_CONCURRENCY);
  return Number.isInteger(n) && n > 0 && n <= 16 ? n : 4;
}

/** Runs one check (the job's handler, also called by tests). Safe to run twice for one check. */
export async function runCheck(
  job: Pick<
    JobContext<{ checkId: number }>,
    'data' | 'db' | 'clock' | 'signal' | 'attempt' | 'heartbeat'
  >,
) {
  const { db, clock } = job;
  const checkId = Number(job.data.checkId);
  const [row] = await db.select().from(positionChecks).where(eq(positionChecks.id, checkId));
  // Finished (by an earlier attempt) or gone with its position: nothing to do.
  if (!row || row.status === 'done' || row.status === 'failed') return { skipped: true };
  const startedAt = clock.now();
  const checkedOn = beijingDay(startedAt);
  // A fresh start: whatever an earlier attempt wrote as progress is reset.
  await db
    .update(positionChecks)
    .set({
      status: 'running',
      startedAt,
      checkedOn,
      attempts: sql`${positionChecks.attempts} + 1`,
      progress: {},
      error: '',
    })
    .where(eq(positionChecks.id, checkId));
  const limits = { maxPages: maxPages(), maxDurationMs: defaultCrawlLimits.maxDurationMs };
  let written = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const began = Date.now();
  try {
    const report = await checkSite({
      url: row.url,
      now: checkedOn,
      allowHosts: await monitorAllowList(db),
      textChecker: textChecker(),
      maxPages: limits.maxPages,
      concurrency: monitorConcurrency(),
      limits: { maxDurationMs: limits.maxDurationMs },
      signal: job.signal,
      onProgress: (p) => {
        if (Date.now() - written < PROGRESS_INTERVAL_MS) return;
        written = Date.now();
        const seconds = Math.max((Date.now() - began) / 1_000, 0.001);
        const progress = { ...p, rate: Math.round((p.pagesDone / seconds) * 10) / 10 };
        writing = writing
          .then(() =>
            db
              .update(positionChecks)
              .set({ progress })
              .where(and(eq(positionChecks.id, checkId), eq(positionChecks.status, 'running'))),
          )
          .then(() => job.heartbeat())
          .catch(() => {});
      },
    });
    await writing;
    // The engine answers a stopped crawl with what it saw so far; that is no verdict on the site.
    if (job.signal.aborted) throw new Error('检查被中止（任务取消或进程退出），将重新检查');
    const partial =
      report.pages >= limits.maxPages || Date.now() - began >= limits.maxDurationMs * 0.99;
    return await finishCheck(db, clock, checkId, report, began, partial);
  } catch (error) {
    await writing;
    const message = error instanceof Error ? error.message : String(error);
    // The last attempt records the failure; earlier ones leave the row to the retry. A check
    // stopped by its signal is left as it is: the job runs again (or was cancelled for good).
    if (!job.signal.aborted && (job.attempt >= CHECK_RETRY_LIMIT || error instanceof TypeError)) {
      await db
        .update(positionChecks)
        .set({ status: 'failed', finishedAt: clock.now(), error: message.slice(0, 1_000) })
        .where(and(eq(positionChecks.id, checkId), eq(positionChecks.status, 'running')));
      return { failed: message };
    }
    throw error;
  }
}

/** Writes the result and reconciles the rectifications, all in one transaction. */
async function finishCheck(
  db: Db,
  clock: Clock,
  checkId: number,
  report: SiteCheckReport,
  began: number,
  partial: boolean,
) {
  const findings = withAggregateVetoes(report);
  const notes = [...(report.notes ?? [])];
  if (partial)
    notes.unshift(
      `检查达到页面数（${report.pages}）或时长上限，未覆盖全站：本次只新增整改任务，不据此销号`,
    );
  const { counts, score } = summarize(findings);
  return db.transaction(async (tx) => {
    const ctx = systemContext(tx, clock, '网站检查');
    const finishedAt = clock.now();
    const seconds = Math.max((Date.now() - began) / 1_000, 0.001);
    const [done] = await tx
      .update(positionChecks)
      .set({
        status: 'done',
        finishedAt,
        pages: report.pages,
        columns: report.columns,
        findings,
        counts,
        score,
        notes,
        progress: {
          pagesDone: report.pages,
          queued: 0,
          rate: Math.round((report.pages / seconds) * 10) / 10,
          elapsedMs: Date.now() - began,
        },
      })
      .where(and(eq(positionChecks.id, checkId), eq(positionChecks.status, 'running')))
      .returning();
    // Another attempt finished first (or the row was marked failed): its result stands.
    if (!done) return { skipped: true };
    const subject = { entity: 'position', id: done.positionId };
    const open = rectifiable(findings, finishedAt);
    const unreachable = open.filter((f) => f.code === 'site-unreachable');
    if (unreachable.length || partial) {
      // A site that could not be read (or only in part) says nothing about what it did not see:
      // open what was found and leave the other tasks as they are.
      for (const f of unreachable.length ? unreachable : open)
        await openRectification(ctx, {
          ...f,
          source: SITE_CHECK_SOURCE,
          subject,
          unitId: done.unitId,
        });
      return { checkId, pages: report.pages, counts };
    }
    const result = await reconcileRectifications(ctx, {
      source: SITE_CHECK_SOURCE,
      subject,
      unitId: done.unitId,
      findings: open,
    });
    return { checkId, pages: report.pages, counts, rectifications: result };
  });
}

export const siteCheckJob = defineJob<{ checkId: number }>(CHECK_JOB, (job) => runCheck(job), {
  // One queued and one running per singleton key (`position:<id>`): one check per site.
  policy: 'stately',
  retryLimit: CHECK_RETRY_LIMIT,
  retryDelaySeconds: 10,
  heartbeatSeconds: 30,
  concurrency: 2,
  label: '网站检查',
});

/**
 * The nightly pass: a check of every active website, their starts spread evenly over
 * NIGHTLY_SPREAD_SECONDS. Sites with a check already queued or running are skipped.
 */
export async function queueNightlyChecks(db: Db, clock: Clock) {
  return db.transaction(async (tx) => {
    const ctx = systemContext(tx, clock, '网站检查');
    const sites = await activeWebsites(ctx);
    let queued = 0;
    for (const [i, site] of sites.entries()) {
      if (await activeCheck(ctx, site.id)) continue;
      const delay = Math.floor((i * NIGHTLY_SPREAD_SECONDS) / Math.max(sites.length, 1));
      await queueCheck(ctx, site, 'schedule', delay);
      queued++;
    }
    await ctx.audit({
      action: 'position.schedule',
      entity: 'position',
      after: { sites: sites.length, queued },
    });
    return { sites: sites.length, queued };
  });
}

export const nightlyJob = defineJob(NIGHTLY_JOB, (job) => queueNightlyChecks(job.db, job.clock), {
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 15 * 60,
  label: '网站夜间巡检排程',
});
/** Every night at 01:30 Beijing time, once across all serve/worker processes. */
export const nightlySchedule = defineSchedule(NIGHTLY_JOB, '30 1 * * *');
