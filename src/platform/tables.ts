import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { auditOutcomes, roleNames, unitKinds } from './contract.js';

// The enumerations live in the drizzle-free contract.ts (the web imports it); re-exported here for
// the server code that has always found them beside the tables.
export {
  type AuditOutcome,
  auditOutcomes,
  type RoleName,
  roleLabels,
  roleNames,
  type UnitKind,
  unitKindLabels,
  unitKinds,
} from './contract.js';

/**
 * The unit tree. It lives in platform/ because it is the backbone of access control: every scope
 * filter is "units whose path starts with one of the caller's unit paths".
 */
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull().default(''),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    kind: text('kind', { enum: unitKinds }).notNull(),
    code: text('code').notNull().default(''),
    sort: integer('sort').notNull().default(0),
    /** Materialised path of ids, e.g. `/1/7/23/`; a subtree is `path LIKE '/1/7/%'`. */
    path: text('path').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('units_parent_idx').on(t.parentId),
    index('units_path_idx').on(t.path.op('text_pattern_ops')),
    uniqueIndex('units_parent_name_uq').on(sql`coalesce(${t.parentId}, 0)`, t.name),
  ],
);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    active: boolean('active').notNull().default(true),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

export const roleBindings = pgTable(
  'role_bindings',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roleNames }).notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role, t.unitId] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SM3 hash of the cookie token: a leaked table does not yield usable sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull().default(''),
    ip: text('ip').notNull().default(''),
    action: text('action').notNull(),
    entity: text('entity').notNull().default(''),
    entityId: text('entity_id').notNull().default(''),
    unitId: integer('unit_id'),
    outcome: text('outcome', { enum: auditOutcomes }).notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_actor_idx').on(t.actorId)],
);

/** One row: the newest audit record's id and hash. Locking it serialises chain appends. */
export const auditHead = pgTable('audit_head', {
  singleton: boolean('singleton').primaryKey().default(true),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

/** Small key/value settings (e.g. the database's demo flag). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

/**
 * Uploaded files of every domain. The bytes live outside the web root under their SHA-256
 * (`files/ab/cd/<sha256>`); this row is what access control sees: a file belongs to a unit and is
 * served only to callers whose scope reaches that unit. Ledger records list attachment ids.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    sha256: text('sha256').notNull(),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_unit_idx').on(t.unitId), index('attachments_sha_idx').on(t.sha256)],
);
