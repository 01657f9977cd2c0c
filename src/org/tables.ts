import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { units, users } from '../platform/tables.js';

/** People of the units: leaders, leading-group members, liaisons. An account is optional. */
export const people = pgTable(
  'people',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull().default(''),
    phone: text('phone').notNull().default(''),
    userId: integer('user_id').references(() => users.id),
    leadingGroup: boolean('leading_group').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('people_unit_idx').on(t.unitId), index('people_user_idx').on(t.userId)],
);
