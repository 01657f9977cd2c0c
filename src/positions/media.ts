// New-media monitoring: each account (公众号, 视频号, 微博, 抖音, other) is watched through a source
// its unit configures — a feed (RSS/Atom/JSON Feed, often a third-party bridge), an imported post
// list, or its owner's dated attestation. A check runs as a job: it reads the source, keeps the
// posts it sees, judges the account with the feed engine (src/feeds) and, in the same
// transaction that writes the result, opens and closes the account's rectifications.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  accountStatus,
  beijingDate,
  type CheckablePost,
  checkFeed,
  defaultFetchLimits,
  type FeedItem,
  type PostFinding,
  postFindings,
  postsFromRows,
} from '../feeds/index.js';
import { people } from '../org/tables.js';
import type { Clock } from '../platform/clock.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { fail } from '../platform/errors.js';
import { type ExcelColumn, readSheet, refuseIfErrors, toWorkbook } from '../platform/excel.js';
import {
  defineJob,
  defineSchedule,
  enqueue,
  type JobContext,
  jobsRunning,
} from '../platform/jobs.js';
import { defineNotificationKind, notify } from '../platform/notifications.js';
import {
  defineRectificationSource,
  type FindingInput,
  openRectification,
  reconcileRectifications,
} from '../platform/rectification.js';
import { paging } from '../platform/validation.js';
import {
  ACTIVE_CHECK,
  addWorkingDays,
  DEADLINE_WORKING_DAYS,
  INTERRUPTED_CHECK,
  liveCheckRow,
  monitorAllowList,
} from './checks.js';
import { activeStates, checkStatusLabels, type PositionKind } from './contract.js';
import {
  type AccountStateName,
  type AttestationInput,
  accountStateLabels,
  type FeedConfigInput,
  type FeedSource,
  feedFindingLabels,
  feedSourceLabels,
  mediaKinds,
} from './media-contract.js';
import { authorizePosition, loadPosition } from './service.js';
import { positionFeedChecks, positionFeeds, positionPosts, positions } from './tables.js';

export const FEED_CHECK_SOURCE = 'feed-check';
export const FEED_CHECK_JOB = 'positions.feed-check';
export const FEED_NIGHTLY_JOB = 'positions.nightly-feed-checks';
/** The notice sent when an account's source cannot be read (its state is then 'unknown'). */
export const FEED_FAILED_NOTICE = 'position.feed-failed';

defineRectificationSource(FEED_CHECK_SOURCE, {
  label: '新媒体检查',
  closedBy: 'recheck',
  dueDays: 14,
  codeLabels: feedFindingLabels,
});
defineNotificationKind(FEED_FAILED_NOTICE, { label: '监测异常', tone: 'warning' });

type PositionRow = typeof positions.$inferSelect;
type FeedCheckRow = typeof positionFeedChecks.$inferSelect;

const isMedia = (kind: PositionKind) => mediaKinds.includes(kind);

/** Loads a position the caller may edit and refuses one that is not a new-media account. */
async function editableAccount(ctx: ServiceContext, positionId: number) {
  const row = await authorizePosition(ctx, positionId, 'edit');
  if (!isMedia(row.kind)) throw fail('CONFLICT', ['只有新媒体账号可以设置更新监测']);
  return row;
}

/** A post's identity within its account: the link, or the title and Beijing day without one. */
export function postKey(post: { title: string; link?: string; publishedAt?: string }): string {
  if (post.link) return post.link.slice(0, 2_000);
  const day = post.publishedAt ? beijingDate(post.publishedAt) : '';
  return `${post.title.slice(0, 500)}|${day}`;
}

/** Stores posts, skipping those already seen; returns how many were new. */
async function storePosts(
  ctx: Pick<ServiceContext, 'tx' | 'clock' | 'user'>,
  position: { id: number; unitId: number },
  source: FeedSource,
  posts: readonly FeedItem[],
): Promise<number> {
  let added = 0;
  const rows = posts.map((p) => ({
    positionId: position.id,
    unitId: position.unitId,
    publishedAt: p.publishedAt ? new Date(p.publishedAt) : null,
    title: p.title.slice(0, 500) || '（无标题）',
    link: (p.link ?? '').slice(0, 2_000),
    summary: (p.summary ?? '').slice(0, 2_000),
    source,
    key: postKey(p),
    createdBy: ctx.user?.id ?? null,
    createdAt: ctx.clock.now(),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await ctx.tx
      .insert(positionPosts)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: positionPosts.id });
    added += inserted.length;
  }
  return added;
}

// ------------------------------------------------------------------ configuration and reads

export async function getFeedConfig(ctx: ServiceContext, positionId: number) {
  await loadPosition(ctx, positionId);
  const [row] = await ctx.tx
    .select()
    .from(positionFeeds)
    .where(and(eq(positionFeeds.positionId, positionId), ctx.scope.filter(positionFeeds.unitId)));
  return row ? presentConfig(row) : null;
}

function presentConfig(row: typeof positionFeeds.$inferSelect) {
  return {
    positionId: row.positionId,
    source: row.source,
    sourceLabel: feedSourceLabels[row.source],
    feedUrl: row.feedUrl,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Sets how the account is monitored. Audited as `position.feed`. */
export async function setFeedConfig(
  ctx: ServiceContext,
  positionId: number,
  input: FeedConfigInput,
) {
  const position = await editableAccount(ctx, positionId);
  const before = await getFeedConfig(ctx, positionId);
  const values = {
    source: input.source,
    feedUrl: input.source === 'feed' ? (input.feedUrl ?? '') : '',
    updatedBy: ctx.user?.id ?? null,
    updatedAt: ctx.clock.now(),
  };
  const [row] = await ctx.tx
    .insert(positionFeeds)
    .values({ positionId, unitId: position.unitId, ...values })
    .onConflictDoUpdate({ target: positionFeeds.positionId, set: values })
    .returning();
  const after = presentConfig(row!);
  await ctx.audit({
    action: 'position.feed',
    entity: 'position',
    entityId: positionId,
    unitId: position.unitId,
    before: before ? { source: before.source, feedUrl: before.feedUrl } : null,
    after: { source: after.source, feedUrl: after.feedUrl },
  });
  return after;
}

export function presentFeedCheck(row: FeedCheckRow) {
  const findings = (row.findings ?? []) as (FindingInput & { severity: string })[];
  return {
    id: row.id,
    positionId: row.positionId,
    unitId: row.unitId,
    status: row.status,
    statusLabel: checkStatusLabels[row.status],
    trigger: row.trigger,
    source: row.source,
    sourceLabel: feedSourceLabels[row.source],
    url: row.url,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    state: row.state,
    stateLabel: row.state ? accountStateLabels[row.state] : null,
    lastPostAt: row.lastPostAt?.toISOString() ?? null,
    daysSinceLastPost: row.daysSinceLastPost,
    longestGapDays: row.longestGapDays,
    postsPerMonth: row.postsPerMonth as Record<string, number>,
    postsSeen: row.postsSeen,
    postsNew: row.postsNew,
    findings: findings.map((f) => ({ ...f, codeLabel: feedFindingLabels[f.code] ?? f.code })),
    reasons: row.reasons,
    error: row.error,
  };
}

/** The account's monitoring: its source, its latest finished check and the recent checks. */
export async function getFeedOverview(ctx: ServiceContext, positionId: number) {
  const position = await loadPosition(ctx, positionId);
  const config = await getFeedConfig(ctx, positionId);
  const checks = await ctx.tx
    .select()
    .from(positionFeedChecks)
    .where(
      and(
        eq(positionFeedChecks.positionId, positionId),
        ctx.scope.filter(positionFeedChecks.unitId),
      ),
    )
    .orderBy(desc(positionFeedChecks.id))
    .limit(20);
  const [counted] = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(positionPosts)
    .where(eq(positionPosts.positionId, positionId));
  const latest = checks.find((c) => c.status === 'done');
  return {
    positionId,
    monitored: isMedia(position.kind),
    config,
    latest: latest ? presentFeedCheck(latest) : null,
    checks: checks.map(presentFeedCheck),
    posts: counted?.n ?? 0,
  };
}

export async function listPosts(
  ctx: ServiceContext,
  positionId: number,
  query: { page?: number; pageSize?: number },
) {
  await loadPosition(ctx, positionId);
  const { limit, offset } = paging({ page: query.page ?? 1, pageSize: query.pageSize ?? 30 });
  const where = and(
    eq(positionPosts.positionId, positionId),
    ctx.scope.filter(positionPosts.unitId),
  );
  const rows = await ctx.tx
    .select()
    .from(positionPosts)
    .where(where)
    .orderBy(sql`${positionPosts.publishedAt} desc nulls last`, desc(positionPosts.id))
    .limit(limit)
    .offset(offset);
  const [counted] = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(positionPosts)
    .where(where);
  return {
    items: rows.map((r) => ({
      id: r.id,
      positionId: r.positionId,
      unitId: r.unitId,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      title: r.title,
      link: r.link,
      source: r.source,
      sourceLabel: feedSourceLabels[r.source],
    })),
    total: counted?.n ?? 0,
  };
}

// ------------------------------------------------------------------ import and attestation

export const postColumns: ExcelColumn[] = [
  { key: 'date', header: '日期', width: 18 },
  { key: 'title', header: '标题', width: 50 },
  { key: 'link', header: '链接', width: 50 },
];

export const postTemplate = () => toWorkbook('发布清单', postColumns, []);

/**
 * Imports an account's post list (日期, 标题, 链接): all or nothing — any bad row refuses the whole
 * file, every bad row named. Posts already known (same link, or same title and day) are skipped.
 */
export async function importPosts(ctx: ServiceContext, positionId: number, file: Buffer) {
  const position = await editableAccount(ctx, positionId);
  const sheet = await readSheet(file, postColumns, 5_000);
  const headers = { date: '日期', title: '标题', link: '链接' } as const;
  const { posts, errors } = postsFromRows(
    sheet.map((r) => ({
      row: r.row,
      date: r.values.date ?? '',
      title: r.values.title ?? '',
      link: r.values.link ?? '',
    })),
  );
  refuseIfErrors(errors.map((e) => ({ row: e.row, field: headers[e.field], message: e.message })));
  if (posts.length === 0)
    throw fail('VALIDATION', ['发布清单中没有任何发布记录'], { field: 'file' });
  const added = await storePosts(ctx, position, 'import', posts);
  await ctx.audit({
    action: 'position.import-posts',
    entity: 'position',
    entityId: positionId,
    unitId: position.unitId,
    after: { rows: posts.length, imported: added },
  });
  return { imported: added, duplicates: posts.length - added };
}

/**
 * 负责人声明: the account's owner (or the liaison for them) states the account was updated on a
 * day. Kept as a post of source `attestation`; a check judges it like any post but says the
 * evidence is only the owner's word.
 */
export async function addAttestation(
  ctx: ServiceContext,
  positionId: number,
  input: AttestationInput,
) {
  const position = await editableAccount(ctx, positionId);
  const today = beijingDate(ctx.clock.now());
  if (input.date > today)
    throw fail('VALIDATION', ['字段 date：声明日期不能晚于今天'], { field: 'date' });
  const post: FeedItem = {
    title: `负责人声明：${input.note}`,
    publishedAt: new Date(`${input.date}T12:00:00+08:00`).toISOString(),
    link: '',
  };
  const [row] = await ctx.tx
    .insert(positionPosts)
    .values({
      positionId,
      unitId: position.unitId,
      publishedAt: new Date(post.publishedAt!),
      title: post.title.slice(0, 500),
      source: 'attestation',
      key: `attestation|${input.date}`,
      createdBy: ctx.user?.id ?? null,
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .returning({ id: positionPosts.id });
  if (!row) throw fail('CONFLICT', [`${input.date} 已有负责人声明`]);
  await ctx.audit({
    action: 'position.attest',
    entity: 'position',
    entityId: positionId,
    unitId: position.unitId,
    after: { date: input.date, note: input.note },
  });
  return { id: row.id, date: input.date, note: input.note };
}

// ------------------------------------------------------------------ requesting checks

/** The feed check in progress, if its job is alive (a row orphaned by a dead job is failed). */
async function activeFeedCheck(ctx: ServiceContext, positionId: number) {
  const rows = await ctx.tx
    .select()
    .from(positionFeedChecks)
    .where(
      and(
        eq(positionFeedChecks.positionId, positionId),
        inArray(positionFeedChecks.status, ACTIVE_CHECK),
      ),
    )
    .orderBy(desc(positionFeedChecks.id));
  return liveCheckRow(ctx, rows, (id) =>
    ctx.tx
      .update(positionFeedChecks)
      .set({ status: 'failed', finishedAt: ctx.clock.now(), error: INTERRUPTED_CHECK })
      .where(eq(positionFeedChecks.id, id)),
  );
}

async function queueFeedCheck(
  ctx: ServiceContext,
  position: { id: number; unitId: number },
  config: typeof positionFeeds.$inferSelect,
  trigger: 'manual' | 'schedule',
  startAfter?: number,
) {
  const [row] = await ctx.tx
    .insert(positionFeedChecks)
    .values({
      positionId: position.id,
      unitId: position.unitId,
      trigger,
      requestedBy: ctx.user?.id ?? null,
      source: config.source,
      url: config.feedUrl,
      queuedAt: ctx.clock.now(),
    })
    .returning();
  const jobId = await enqueue(
    FEED_CHECK_JOB,
    { checkId: row!.id },
    { singletonKey: `feed:${position.id}`, tx: ctx.tx, ...(startAfter ? { startAfter } : {}) },
  );
  if (!jobId) throw fail('CONFLICT', ['该账号已有检查在排队或进行中，请稍后再试']);
  const [queued] = await ctx.tx
    .update(positionFeedChecks)
    .set({ jobId })
    .where(eq(positionFeedChecks.id, row!.id))
    .returning();
  return queued!;
}

/** 立即检查 of an account: queues a feed check (one at a time per account). */
export async function requestFeedCheck(ctx: ServiceContext, positionId: number) {
  const position = await editableAccount(ctx, positionId);
  const [config] = await ctx.tx
    .select()
    .from(positionFeeds)
    .where(eq(positionFeeds.positionId, positionId));
  if (!config) throw fail('CONFLICT', ['请先设置该账号的监测方式（订阅源、发布清单或负责人声明）']);
  if (!jobsRunning())
    throw fail('CONFLICT', [
      '后台任务未在运行（SHOUTU_WORKERS=0 且没有 worker 进程），暂时无法检查',
    ]);
  const existing = await activeFeedCheck(ctx, positionId);
  if (existing) return { ...presentFeedCheck(existing), existing: true };
  const row = await queueFeedCheck(ctx, position, config, 'manual');
  await ctx.audit({
    action: 'position.feed-check',
    entity: 'position',
    entityId: positionId,
    unitId: position.unitId,
    after: { checkId: row.id, source: row.source, url: row.url },
  });
  return { ...presentFeedCheck(row), existing: false };
}

// ------------------------------------------------------------------ the check

const STATE_FINDINGS: Partial<Record<AccountStateName, { code: string; title: string }>> = {
  stale: { code: 'account-stale', title: '新媒体账号未按期更新' },
  zombie: { code: 'account-zombie', title: '僵尸号：长期未更新' },
};

function textFindingInput(f: PostFinding, at: Date): FindingInput & { severity: string } {
  const label = feedFindingLabels[f.code] ?? f.code;
  return {
    code: f.code,
    target: `${f.link || f.postTitle}#${f.text}`.slice(0, 1_000),
    title:
      `${label}：「${f.text}」${f.suggestion ? `（应为「${f.suggestion}」）` : ''}，见「${f.postTitle.slice(0, 60)}」`.slice(
        0,
        300,
      ),
    finding: { ...f },
    dueAt: addWorkingDays(at, DEADLINE_WORKING_DAYS.deduct),
    severity: 'deduct',
  };
}

/** What a finished check opens: the state's veto, a missing interaction channel, text findings. */
export function feedFindings(
  position: Pick<PositionRow, 'interaction'>,
  state: AccountStateName,
  reasons: readonly string[],
  textFindings: readonly PostFinding[],
  at: Date,
): (FindingInput & { severity: string })[] {
  const out: (FindingInput & { severity: string })[] = [];
  const stateFinding = STATE_FINDINGS[state];
  if (stateFinding)
    out.push({
      code: stateFinding.code,
      target: '',
      title: `${stateFinding.title}：${reasons[0] ?? ''}`.slice(0, 300),
      finding: { state, reason: reasons[0] ?? '' },
      dueAt: addWorkingDays(at, DEADLINE_WORKING_DAYS.veto),
      severity: 'veto',
    });
  if (!position.interaction)
    out.push({
      code: 'interaction-missing',
      target: '',
      title: '账号未开设可用的互动栏目（留言、评论或私信），应开设并安排专人管理',
      finding: {},
      dueAt: addWorkingDays(at, DEADLINE_WORKING_DAYS.deduct),
      severity: 'deduct',
    });
  const seen = new Set<string>();
  for (const f of textFindings) {
    const input = textFindingInput(f, at);
    if (seen.has(`${input.code}|${input.target}`)) continue;
    seen.add(`${input.code}|${input.target}`);
    out.push(input);
  }
  return out;
}

/** Runs one account check (the job's handler; tests call it too). Safe to run twice. */
export async function runFeedCheck(
  job: Pick<JobContext<{ checkId: number }>, 'data' | 'db' | 'clock' | 'signal'>,
) {
  const { db, clock } = job;
  const checkId = Number(job.data.checkId);
  const [row] = await db
    .select()
    .from(positionFeedChecks)
    .where(eq(positionFeedChecks.id, checkId));
  if (!row || row.status === 'done' || row.status === 'failed') return { skipped: true };
  await db
    .update(positionFeedChecks)
    .set({ status: 'running', startedAt: clock.now(), error: '' })
    .where(eq(positionFeedChecks.id, checkId));
  // The fetch happens outside any transaction: a slow bridge holds no lock.
  let fetched: { posts: FeedItem[] } | { failed: string } | null = null;
  if (row.source === 'feed') {
    const result = await checkFeed(row.url, {
      addressPolicy: { allowPrivate: false, allowHosts: await monitorAllowList(db) },
      timeoutMs: defaultFetchLimits.timeoutMs,
      signal: job.signal,
    });
    if (job.signal.aborted) throw new Error('检查被中止，将重新检查');
    fetched = result.ok ? { posts: result.feed.items } : { failed: result.reason };
  }
  return db.transaction((tx) => finishFeedCheck(tx, clock, row, fetched));
}

async function finishFeedCheck(
  tx: Db,
  clock: Clock,
  row: FeedCheckRow,
  fetched: { posts: FeedItem[] } | { failed: string } | null,
) {
  const ctx = systemContext(tx, clock, '新媒体检查');
  const now = clock.now();
  const [position] = await tx.select().from(positions).where(eq(positions.id, row.positionId));
  if (!position) return { skipped: true };
  let postsNew = 0;
  let postsSeen = 0;
  let checked: CheckablePost[] = [];
  const failed = fetched && 'failed' in fetched ? fetched.failed : undefined;
  if (fetched && 'posts' in fetched) {
    postsSeen = fetched.posts.length;
    postsNew = await storePosts(ctx, position, 'feed', fetched.posts);
    checked = fetched.posts;
  }
  const stored = await tx
    .select()
    .from(positionPosts)
    .where(eq(positionPosts.positionId, position.id));
  if (!fetched) {
    // An imported list or attestations: the text findings are those of the posts of that source.
    const own = stored.filter((p) => p.source === row.source);
    postsSeen = own.length;
    checked = own.map((p) => ({
      title: p.title,
      ...(p.summary ? { summary: p.summary } : {}),
      ...(p.link ? { link: p.link } : {}),
      ...(p.publishedAt ? { publishedAt: p.publishedAt.toISOString() } : {}),
    }));
    if (row.source === 'attestation') checked = [];
  }
  const status = accountStatus(
    stored.map((p) => ({
      title: p.title,
      ...(p.publishedAt ? { publishedAt: p.publishedAt.toISOString() } : {}),
    })),
    {
      now,
      cadenceDays: position.cadenceDays,
      source: row.source,
      ...(failed !== undefined ? { fetchFailed: failed } : {}),
    },
  );
  const texts = failed === undefined ? postFindings(checked) : [];
  const findings = feedFindings(position, status.state, status.reasons, texts, now);
  const [done] = await tx
    .update(positionFeedChecks)
    .set({
      status: 'done',
      finishedAt: now,
      state: status.state,
      lastPostAt: status.lastPostAt ? new Date(status.lastPostAt) : null,
      daysSinceLastPost: status.daysSinceLastPost,
      longestGapDays: status.longestGapDays,
      postsPerMonth: status.postsPerMonth,
      postsSeen,
      postsNew,
      findings,
      reasons: status.reasons,
      error: failed ?? '',
    })
    .where(and(eq(positionFeedChecks.id, row.id), eq(positionFeedChecks.status, 'running')))
    .returning();
  if (!done) return { skipped: true };
  const subject = { entity: 'position', id: position.id };
  const open = findings.map(({ severity: _s, ...f }) => f);
  if (status.state === 'unknown') {
    // Nothing is known about the account's updates: open what does not depend on them (the
    // interaction channel), close nothing, and ask the people in charge to look.
    for (const f of open.filter((o) => o.code === 'interaction-missing'))
      await openRectification(ctx, {
        ...f,
        source: FEED_CHECK_SOURCE,
        subject,
        unitId: position.unitId,
      });
    await notifyOwner(ctx, position, status.reasons[0] ?? '无法判断更新情况', done.id);
    return { checkId: done.id, state: status.state };
  }
  const rectifications = await reconcileRectifications(ctx, {
    source: FEED_CHECK_SOURCE,
    subject,
    unitId: position.unitId,
    findings: open,
  });
  return { checkId: done.id, state: status.state, rectifications };
}

/** Tells the account's owner (if they have an account) and the unit's liaisons to look. */
async function notifyOwner(
  ctx: ServiceContext,
  position: PositionRow,
  reason: string,
  checkId: number,
) {
  const userIds: number[] = [];
  if (position.ownerPersonId) {
    const [owner] = await ctx.tx
      .select({ userId: people.userId })
      .from(people)
      .where(eq(people.id, position.ownerPersonId));
    if (owner?.userId) userIds.push(owner.userId);
  }
  await notify(
    ctx,
    { roles: ['unit_liaison'], unitId: position.unitId, userIds },
    FEED_FAILED_NOTICE,
    {
      entity: 'position',
      id: position.id,
      unitId: position.unitId,
      title: `【监测异常】「${position.name}」无法判断更新情况`,
      body: `${reason}。请检查订阅源地址或改用导入发布清单、负责人声明。`,
      link: `/positions/${position.id}`,
      // Once a day per account however often it is checked.
      period: `${beijingDate(ctx.clock.now())}`,
    },
  );
  return checkId;
}

export const feedCheckJob = defineJob<{ checkId: number }>(
  FEED_CHECK_JOB,
  (job) => runFeedCheck(job),
  {
    policy: 'stately',
    retryLimit: 1,
    retryDelaySeconds: 10,
    expireInSeconds: 5 * 60,
    concurrency: 2,
    label: '新媒体账号检查',
  },
);

/** The nightly pass: a check of every active account with a monitoring source, spread out. */
export async function queueNightlyFeedChecks(db: Db, clock: Clock) {
  return db.transaction(async (tx) => {
    const ctx = systemContext(tx, clock, '新媒体检查');
    const accounts = await tx
      .select({ position: positions, config: positionFeeds })
      .from(positions)
      .innerJoin(positionFeeds, eq(positionFeeds.positionId, positions.id))
      .where(
        and(inArray(positions.kind, [...mediaKinds]), inArray(positions.status, [...activeStates])),
      )
      .orderBy(positions.id);
    let queued = 0;
    for (const [i, { position, config }] of accounts.entries()) {
      if (await activeFeedCheck(ctx, position.id)) continue;
      const delay = Math.floor((i * 3_600) / Math.max(accounts.length, 1));
      await queueFeedCheck(ctx, position, config, 'schedule', delay);
      queued++;
    }
    await ctx.audit({
      action: 'position.feed-schedule',
      entity: 'position',
      after: { accounts: accounts.length, queued },
    });
    return { accounts: accounts.length, queued };
  });
}

export const nightlyFeedJob = defineJob(
  FEED_NIGHTLY_JOB,
  (job) => queueNightlyFeedChecks(job.db, job.clock),
  {
    policy: 'stately',
    retryLimit: 2,
    expireInSeconds: 15 * 60,
    label: '新媒体夜间巡检排程',
  },
);
/** Every night at 02:30 Beijing time (after the website pass has started). */
export const nightlyFeedSchedule = defineSchedule(FEED_NIGHTLY_JOB, '30 2 * * *');
