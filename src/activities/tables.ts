import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { units } from '../platform/tables.js';

export const activityTypes = [
  'lecture',
  'reading',
  'volunteer',
  'culture',
  'theme-education',
  'other',
] as const;
export type ActivityType = (typeof activityTypes)[number];
export const activityTypeLabels: Record<ActivityType, string> = {
  lecture: '宣讲',
  reading: '读书',
  volunteer: '志愿服务',
  culture: '文化活动',
  'theme-education': '主题教育',
  other: '其他',
};

/** Activity records (载体建设): one row per campaign or event, with its sessions and reach. */
export const activities = pgTable(
  'activities',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    type: text('type', { enum: activityTypes }).notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on').notNull(),
    /** 场次: a campaign of many events is one record with many sessions. */
    sessions: integer('sessions').notNull().default(1),
    participants: integer('participants').notNull().default(0),
    beneficiaries: integer('beneficiaries').notNull().default(0),
    brandProject: text('brand_project').notNull().default(''),
    note: text('note').notNull().default(''),
    /** Photos and other files. */
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activities_unit_held_idx').on(t.unitId, t.heldOn),
    index('activities_unit_held_at_idx').on(
      t.unitId,
      sql`((${t.heldOn})::timestamp at time zone 'Asia/Shanghai')`,
    ),
  ],
);
