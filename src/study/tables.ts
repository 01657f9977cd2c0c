import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from '../org/tables.js';
import { units } from '../platform/tables.js';

export const sessionKinds = [
  'central-group',
  'party-group',
  'member-meeting',
  'committee-meeting',
  'group-meeting',
  'party-lecture',
  'theme-day',
  'life-meeting',
  'talk',
  'training',
] as const;
export type SessionKind = (typeof sessionKinds)[number];
export const sessionKindLabels: Record<SessionKind, string> = {
  'central-group': '理论学习中心组学习',
  'party-group': '党组会议',
  'member-meeting': '支部党员大会',
  'committee-meeting': '支委会',
  'group-meeting': '党小组会',
  'party-lecture': '党课',
  'theme-day': '主题党日',
  'life-meeting': '组织生活会',
  talk: '谈心谈话',
  training: '意识形态干部培训',
};
/** Kinds held by a party branch: their sessions belong to the branch unit. */
export const branchSessionKinds: readonly SessionKind[] = [
  'member-meeting',
  'committee-meeting',
  'group-meeting',
  'party-lecture',
  'theme-day',
  'life-meeting',
];

export const attendanceStatuses = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export const attendanceStatusLabels: Record<AttendanceStatus, string> = {
  present: '出席',
  absent: '缺席',
  excused: '请假',
};

/** Yearly study plans (年度学习计划 / 实施方案). */
export const studyPlans = pgTable(
  'study_plans',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('study_plans_unit_year_idx').on(t.unitId, t.year)],
);

export const studySessions = pgTable(
  'study_sessions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: sessionKinds }).notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    title: text('title').notNull(),
    topics: text('topics').notNull().default(''),
    /** Party-group meetings only: whether the meeting opened with the first topic (第一议题). */
    firstTopic: boolean('first_topic'),
    lecturerId: integer('lecturer_id').references(() => people.id),
    /** Lecturer as printed (name and post); kept even when the lecturer is not in the register. */
    lecturerName: text('lecturer_name').notNull().default(''),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('study_sessions_unit_held_idx').on(t.unitId, t.heldAt),
    index('study_sessions_kind_held_idx').on(t.kind, t.heldAt),
  ],
);

export const studyAttendance = pgTable(
  'study_attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => studySessions.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status', { enum: attendanceStatuses }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.personId] })],
);
