import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from '../org/tables.js';
import { units, users } from '../platform/tables.js';
import { checkStatuses, positionEventKinds, positionKinds } from './contract.js';
import { lectureKinds, lectureStatuses } from './lecture-contract.js';
import { accountStates, feedSources } from './media-contract.js';

export {
  type CheckStatus,
  checkStatuses,
  type PositionEventKind,
  type PositionKind,
  positionEventKinds,
  positionKinds,
} from './contract.js';

/** A channel a unit runs (阵地): a website, an account, a publication, a screen, a lecture series. */
export const positions = pgTable(
  'positions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: positionKinds }).notNull(),
    name: text('name').notNull(),
    url: text('url').notNull().default(''),
    /** The platform an account lives on (e.g. 微信公众平台); '' for the kind's usual one. */
    platform: text('platform').notNull().default(''),
    /** The account's id on its platform (原始 ID, 微博号…). */
    accountId: text('account_id').notNull().default(''),
    ownerPersonId: integer('owner_person_id').references(() => people.id),
    /** Expected update cadence in days (per kind by default, set per position). */
    cadenceDays: integer('cadence_days').notNull(),
    /** Accounts: whether readers can write in (留言/评论), which needs moderation. */
    interaction: boolean('interaction').notNull().default(false),
    note: text('note').notNull().default(''),
    /** The latest lifecycle event's kind (kept here so lists filter without a join). */
    status: text('status', { enum: positionEventKinds }).notNull().default('open'),
    statusOn: date('status_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('positions_unit_kind_idx').on(t.unitId, t.kind)],
);

/** The dated lifecycle of a position: 开设, 变更, 停更公告, 关停, 注销. */
export const positionEvents = pgTable(
  'position_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: positionEventKinds }).notNull(),
    date: date('date').notNull(),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('position_events_position_idx').on(t.positionId, t.date)],
);

/**
 * One website check: queued by a person or the nightly schedule, run by a job. Progress is
 * written while it runs; the result (pages, findings, counts) is written once, in the same
 * transaction that reconciles the rectifications, so a killed attempt leaves no half result.
 */
export const positionChecks = pgTable(
  'position_checks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: checkStatuses }).notNull().default('queued'),
    /** `manual` (立即检查) or `schedule` (nightly). */
    trigger: text('trigger').notNull().default('manual'),
    requestedBy: integer('requested_by').references(() => users.id),
    jobId: text('job_id'),
    /** Attempts the job made (a retried attempt restarts the check from scratch). */
    attempts: integer('attempts').notNull().default(0),
    url: text('url').notNull(),
    /** The day every age rule counted from (Beijing date when the attempt started). */
    checkedOn: date('checked_on'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    pages: integer('pages').notNull().default(0),
    columns: jsonb('columns').notNull().default(sql`'[]'::jsonb`),
    findings: jsonb('findings').notNull().default(sql`'[]'::jsonb`),
    /** Findings by severity: {veto, deduct, info}. */
    counts: jsonb('counts').notNull().default(sql`'{}'::jsonb`),
    /** 100 minus deductions; 0 with any veto finding. */
    score: integer('score'),
    /** {pagesDone, resourcesDone, queued, rate (pages/s), elapsedMs} while running. */
    progress: jsonb('progress').notNull().default(sql`'{}'::jsonb`),
    notes: text('notes').array().notNull().default(sql`'{}'::text[]`),
    error: text('error').notNull().default(''),
  },
  (t) => [
    index('position_checks_position_idx').on(t.positionId, t.id),
    index('position_checks_status_idx').on(t.status),
  ],
);

/**
 * Private hosts server-side checks may reach (a unit's intranet-hosted site), kept by the
 * committee admin; SHOUTU_MONITOR_ALLOW adds the operator's. Host names, addresses or CIDRs.
 */
export const monitorAllowEntries = pgTable(
  'monitor_allow_entries',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    entry: text('entry').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('monitor_allow_entries_uq').on(t.entry)],
);

// ------------------------------------------------------------------ new media and check-ins

/** How an account's posts are seen: a feed URL, an imported list, or its owner's attestation. */
export const positionFeeds = pgTable('position_feeds', {
  positionId: integer('position_id')
    .primaryKey()
    .references(() => positions.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id),
  source: text('source', { enum: feedSources }).notNull(),
  feedUrl: text('feed_url').notNull().default(''),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * The posts of an account seen so far (from its feed, an imported list or an attestation), one
 * row per post: `key` is the link, or the title and Beijing day when there is no link.
 */
export const positionPosts = pgTable(
  'position_posts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    title: text('title').notNull(),
    link: text('link').notNull().default(''),
    summary: text('summary').notNull().default(''),
    source: text('source', { enum: feedSources }).notNull(),
    key: text('key').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('position_posts_key_uq').on(t.positionId, t.key),
    index('position_posts_position_idx').on(t.positionId, t.publishedAt),
  ],
);

/** One check of an account's updates, run as a job; the result is written once, at the end. */
export const positionFeedChecks = pgTable(
  'position_feed_checks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: checkStatuses }).notNull().default('queued'),
    trigger: text('trigger').notNull().default('manual'),
    requestedBy: integer('requested_by').references(() => users.id),
    jobId: text('job_id'),
    source: text('source', { enum: feedSources }).notNull(),
    url: text('url').notNull().default(''),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    state: text('state', { enum: accountStates }),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }),
    daysSinceLastPost: integer('days_since_last_post'),
    longestGapDays: integer('longest_gap_days'),
    postsPerMonth: jsonb('posts_per_month').notNull().default(sql`'{}'::jsonb`),
    /** Posts the source delivered this time, and how many of them were new. */
    postsSeen: integer('posts_seen').notNull().default(0),
    postsNew: integer('posts_new').notNull().default(0),
    findings: jsonb('findings').notNull().default(sql`'[]'::jsonb`),
    reasons: text('reasons').array().notNull().default(sql`'{}'::text[]`),
    error: text('error').notNull().default(''),
  },
  (t) => [index('position_feed_checks_position_idx').on(t.positionId, t.id)],
);

/** A dated check-in (打卡) at a physical position: what it showed, photos, who. */
export const positionCheckins = pgTable(
  'position_checkins',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    checkedOn: date('checked_on').notNull(),
    content: text('content').notNull(),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('position_checkins_position_idx').on(t.positionId, t.checkedOn)],
);
/**
 * A lecture, forum or report meeting (报告会、论坛、讲座) a unit means to hold, approved before it
 * happens: the unit leader approves; an outside speaker also needs the committee. The status is
 * written only through the workflow (src/positions/lectures.ts); history is its timeline.
 */
export const lectureRequests = pgTable(
  'lecture_requests',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The lecture or forum series it belongs to, when the unit registered one as a position. */
    positionId: integer('position_id').references(() => positions.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: lectureKinds }).notNull(),
    topic: text('topic').notNull(),
    speaker: text('speaker').notNull(),
    speakerAffiliation: text('speaker_affiliation').notNull().default(''),
    outsideSpeaker: boolean('outside_speaker').notNull(),
    audience: text('audience').notNull().default(''),
    audienceSize: integer('audience_size').notNull().default(0),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    place: text('place').notNull().default(''),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    status: text('status', { enum: lectureStatuses }).notNull().default('draft'),
    /** The last decision's reason (a rejection's, or an approval's remark). */
    reason: text('reason').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    /** Who last submitted it: decisions are told to them. */
    submittedBy: integer('submitted_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('lecture_requests_unit_idx').on(t.unitId, t.startsAt),
    index('lecture_requests_status_idx').on(t.status, t.startsAt),
  ],
);
