import { type SQL, sql } from 'drizzle-orm';
import { loadManifests } from '../modules.js';
import type { Db } from '../platform/db.js';
import { type ComplianceEffect, complianceEffect } from '../platform/modules.js';

/**
 * Every countable record of every module, as one relation `(unit_id, type, occurred_at,
 * period_key, first_topic, ledger, record_id)`. The modules declare their sources in their
 * manifests; compliance knows none of their tables. The union is inlined by the planner like
 * the view it replaces, so the aggregates still use each table's indexes.
 */
export async function countableRecords(): Promise<SQL> {
  const sources = (await loadManifests()).flatMap((m) => m.countables ?? []);
  if (sources.length === 0) {
    return sql`(select null::integer as unit_id, null::text as type,
      null::timestamptz as occurred_at, null::text as period_key, null::boolean as first_topic,
      null::text as ledger, null::integer as record_id where false)`;
  }
  const parts = sources.map(
    (s) => sql`select x.unit_id, x.type, x.occurred_at, x.period_key, x.first_topic,
      ${s.ledger}::text as ledger, x.record_id from (${s.select}) x`,
  );
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/** What an audited action can change in the compliance views, from the manifests. */
export async function complianceEffectOf(action: string): Promise<ComplianceEffect | null> {
  return complianceEffect(await loadManifests(), action);
}

/** Reads the countable records directly (tests, benchmarks): `select <columns> from … where`. */
export async function countableRows<T>(db: Db, columns: SQL, where: SQL = sql`true`): Promise<T[]> {
  const records = await countableRecords();
  const result = (await db.execute(
    sql`select ${columns} from ${records} c where ${where}`,
  )) as unknown as {
    rows: T[];
  };
  return result.rows;
}
