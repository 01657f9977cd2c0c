import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { people } from '../org/tables.js';
import { units } from '../platform/tables.js';
import { letterStatuses, meetingKinds, memberDuties, responsibilityKinds } from './contract.js';

// Enumerations live in the drizzle-free contract.ts (the web imports them); re-exported here for
// the server code that finds them beside the tables.
export {
  type LetterStatus,
  letterStatuses,
  letterStatusLabels,
  type MeetingKind,
  type MemberDuty,
  meetingKindLabels,
  meetingKinds,
  memberDuties,
  memberDutyLabels,
  type ResponsibilityKind,
  responsibilityKindLabels,
  responsibilityKinds,
} from './contract.js';

/** A date column read as midnight Beijing time: the instant the cadence view counts it at. */
export const beijingMidnight = (column: unknown) =>
  sql`((${column})::timestamp at time zone 'Asia/Shanghai')`;

/** The unit's ideological-work leading group (意识形态工作领导小组); one per unit, adjusted in place. */
export const leadingGroups = pgTable(
  'leading_groups',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    /** When the group was last set up or adjusted (调整). */
    adjustedOn: date('adjusted_on'),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('leading_groups_unit_uq').on(t.unitId)],
);

export const leadingGroupMembers = pgTable(
  'leading_group_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    groupId: integer('group_id')
      .notNull()
      .references(() => leadingGroups.id, { onDelete: 'cascade' }),
    /** The group's unit, repeated so the one scope filter applies without a join. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    duty: text('duty', { enum: memberDuties }).notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    uniqueIndex('leading_group_members_uq').on(t.groupId, t.personId),
    index('leading_group_members_unit_idx').on(t.unitId),
  ],
);

/** Who carries which responsibility in a year; 主体责任 is the party group itself (no person). */
export const responsibilityAssignments = pgTable(
  'responsibility_assignments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    kind: text('kind', { enum: responsibilityKinds }).notNull(),
    personId: integer('person_id').references(() => people.id),
    /** Shown holder: the person's post, or the body (e.g. 党组) for the main responsibility. */
    holder: text('holder').notNull().default(''),
    /** The fields (分管领域) the holder covers, e.g. 机关党建、网站和公众号. */
    fields: text('fields').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('responsibility_assignments_unit_year_idx').on(t.unitId, t.year)],
);

/** Responsibility letters (责任书): one per member per year, pending until signed. */
export const responsibilityLetters = pgTable(
  'responsibility_letters',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status', { enum: letterStatuses }).notNull().default('pending'),
    signedOn: date('signed_on'),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('responsibility_letters_uq').on(t.unitId, t.year, t.personId),
    index('responsibility_letters_unit_signed_idx').on(t.unitId, beijingMidnight(t.signedOn)),
  ],
);

/** Meetings that put ideological work on the party group's agenda. */
export const agendaMeetings = pgTable(
  'agenda_meetings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    title: text('title').notNull(),
    /** Names of those present (leaders, invited staff): the minutes' list, not accounts. */
    participants: text('participants').array().notNull().default(sql`'{}'::text[]`),
    topics: text('topics').notNull().default(''),
    minutes: text('minutes').notNull().default(''),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agenda_meetings_unit_held_idx').on(t.unitId, t.heldAt)],
);

/** The yearly report to the city committee on carrying out the responsibility system. */
export const yearlyReports = pgTable(
  'yearly_reports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The year reported on (the report itself is usually submitted early the next year). */
    year: integer('year').notNull(),
    title: text('title').notNull().default(''),
    submittedOn: date('submitted_on').notNull(),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('yearly_reports_uq').on(t.unitId, t.year),
    index('yearly_reports_unit_submitted_idx').on(t.unitId, beijingMidnight(t.submittedOn)),
  ],
);
