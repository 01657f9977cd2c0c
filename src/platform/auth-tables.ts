import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './tables.js';

/**
 * Failed logins under names that match no active account. Counting them exactly like an account's
 * own counter makes an unknown name lock after the same number of attempts with the same answer,
 * so 401 versus 423 tells nobody whether a name exists.
 */
export const unknownLoginFailures = pgTable('unknown_login_failures', {
  username: text('username').primaryKey(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
});

/**
 * Two-step verification state beside the account: a secret being set up waits here until its
 * first code is confirmed (the enabled factor stays in force meanwhile), and the last accepted
 * time step, so a code is accepted once and never again within its window.
 */
export const totpState = pgTable('totp_state', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  pendingSecret: text('pending_secret'),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
});
