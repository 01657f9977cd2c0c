import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The LIKE pattern "contains `text`" with the pattern characters escaped: a search for `100%`
 * or `a_b` matches those characters, not every row. Backslash is PostgreSQL's default LIKE
 * escape, so the pattern works with `like`/`ilike` as they are.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "column contains text" with the pattern characters taken literally. */
export function contains(column: PgColumn | SQL, text: string): SQL {
  return sql`${column} ilike ${containsPattern(text)}`;
}
