import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../platform/tables.js';
import type { DictionaryEntry } from '../proofread/index.js';

/** The states an entry of the merged dictionary can be in, as the admin page filters them. */
export const entryStates = ['shipped', 'edited', 'added', 'disabled'] as const;
export type EntryState = (typeof entryStates)[number];

export const entryKinds = ['formulation', 'numbered', 'typo'] as const;
export type EntryKind = (typeof entryKinds)[number];

/**
 * The committee admin's changes to the proofreading dictionary. A row overrides the shipped entry
 * with the same id (an edit or a switch-off) or adds a new one; shipped entries nobody touched have
 * no row. `entry` is the whole entry as the engine reads it (without `enabled`, kept in its column).
 * Not unit-owned: one dictionary serves the whole city.
 */
export const dictionaryEntries = pgTable(
  'dictionary_entries',
  {
    id: text('id').primaryKey(),
    entry: jsonb('entry').$type<DictionaryEntry>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dictionary_entries_updated_idx').on(t.updatedAt)],
);
