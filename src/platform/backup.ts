import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { type AuditEntry, writeAudit, writeAuditRaw } from './audit.js';
import type { Database, Db, QueryFn } from './db.js';

/** The setting the audit tables' TRUNCATE guard (migration 0011) accepts. */
export const REPLACE_AUDIT_SETTING = 'shoutu.replace_audit';

const FORMAT = 'shoutu-backup';
const BATCH = 5000;

interface Header {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: number;
  tables: string[];
}

async function tableNames(query: QueryFn): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
  );
  return rows.map((r) => r.table_name);
}

async function migrationCount(query: QueryFn): Promise<number> {
  const [row] = await query<{ n: number }>(
    'select count(*)::int as n from drizzle.__drizzle_migrations',
  );
  return row?.n ?? 0;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A logical backup that both databases read and write the same way: gzip'd JSON lines, one header
 * then batches of rows per table, read in one snapshot.
 */
export async function backupDatabase(
  database: Database,
  file: string,
  onProgress?: (table: string, rows: number) => void,
) {
  const out = createGzip();
  const sink = createWriteStream(file);
  out.pipe(sink);
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  };
  const total = await database.session(async (query) => {
    const tables = await tableNames(query);
    await query('begin transaction isolation level repeatable read');
    let total = 0;
    try {
      const header: Header = {
        format: FORMAT,
        version: 1,
        createdAt: new Date().toISOString(),
        migrations: await migrationCount(query),
        tables,
      };
      await write(header);
      for (const table of tables) {
        for (let offset = 0; offset < 100_000_000; offset += BATCH) {
          const rows = await query(
            `select * from ${quote(table)} order by ctid limit ${BATCH} offset ${offset}`,
          );
          if (rows.length === 0) break;
          await write({ table, rows });
          total += rows.length;
          onProgress?.(table, total);
          if (rows.length < BATCH) break;
        }
      }
    } finally {
      await query('commit');
    }
    return { tables: tables.length, rows: total };
  });
  out.end();
  await once(sink, 'close');
  return total;
}

/**
 * Empties every table inside the caller's transaction (the demo reset), declaring itself to the
 * audit tables' TRUNCATE guard, and starts a new chain whose first record says so. Nothing is
 * lost unless the whole transaction commits.
 */
export async function truncateAllIn(tx: Db, entry: Omit<AuditEntry, 'outcome'>) {
  const rows = await tx.execute(
    sql.raw(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    ),
  );
  const tables = (rows as unknown as { rows: { table_name: string }[] }).rows.map(
    (r) => r.table_name,
  );
  await tx.execute(sql.raw(`set local ${REPLACE_AUDIT_SETTING} = 'on'`));
  await tx.execute(sql.raw(`truncate ${tables.map(quote).join(', ')} restart identity cascade`));
  await tx.execute(
    sql.raw(
      "insert into audit_head (singleton, last_id, last_hash) values (true, 0, repeat('0', 64))",
    ),
  );
  await writeAudit(tx, { ...entry, outcome: 'success' });
}

/** Replaces every table's contents with the backup's, in one transaction: all or nothing. */
export async function restoreDatabase(database: Database, file: string) {
  return database.session(async (query) => {
    let header: Header | null = null;
    let restored = 0;
    await query('begin');
    try {
      // Opened right where it is read: lines a readline interface emits before its iterator
      // exists are lost, and a file read to its end while a connection was still being made
      // left the loop waiting for ever (seen on a loaded machine, PostgreSQL).
      const lines = createInterface({
        input: createReadStream(file).pipe(createGunzip()),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        if (!line) continue;
        const record = JSON.parse(line);
        if (!header) {
          if (record.format !== FORMAT) throw new Error('不是守土的备份文件');
          header = record as Header;
          if (header.migrations > (await migrationCount(query))) {
            throw new Error('备份来自更新的版本，请先升级程序');
          }
          const tables = await tableNames(query);
          // The audit tables refuse TRUNCATE unless the transaction declares itself a restore.
          await query(`set local ${REPLACE_AUDIT_SETTING} = 'on'`);
          await query(`truncate ${tables.map(quote).join(', ')} restart identity cascade`);
          // Rows arrive table by table; foreign keys are checked by the data's own consistency.
          await query("set local session_replication_role = 'replica'");
          continue;
        }
        const { table, rows } = record as { table: string; rows: unknown[] };
        if (!header.tables.includes(table)) throw new Error(`备份中出现未声明的表：${table}`);
        await query(
          `insert into ${quote(table)} select * from json_populate_recordset(null::${quote(table)}, $1::json)`,
          [JSON.stringify(rows)],
        );
        restored += rows.length;
      }
      if (!header) throw new Error('备份文件为空');
      // The restored chain continues with the restore itself.
      await writeAuditRaw(query, {
        at: new Date(),
        actorId: null,
        actorName: '系统',
        ip: 'cli',
        action: 'backup.restore',
        outcome: 'success',
        after: { createdAt: header.createdAt, rows: restored },
      });
      for (const table of header.tables) {
        const identity = await query<{ column_name: string }>(
          "select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_identity = 'YES'",
          [table],
        );
        for (const { column_name } of identity) {
          await query(
            `select setval(pg_get_serial_sequence('${quote(table)}', '${column_name}'), coalesce((select max(${quote(column_name)}) from ${quote(table)}), 0) + 1, false)`,
          );
        }
      }
      await query('commit');
    } catch (error) {
      await query('rollback');
      throw error;
    }
    return { rows: restored };
  });
}
