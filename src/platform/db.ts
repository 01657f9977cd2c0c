import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { projectRoot } from './paths.js';

/** The one database handle type every domain uses; a transaction is the same type. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type DbKind = 'pglite' | 'postgres';
export type QueryFn = <T = Record<string, unknown>>(
  text: string,
  params?: unknown[],
) => Promise<T[]>;

export interface Database {
  db: Db;
  kind: DbKind;
  /** Runs SQL text with parameters; returns the rows. For bulk work and maintenance. */
  query: QueryFn;
  /** Runs work on one connection (a pool hands each query to any connection otherwise). */
  session<T>(work: (query: QueryFn) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball. */
  dump?: () => Promise<Blob>;
  /** PGlite only: the instance itself, for the job queue's adapter (one instance per process). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(projectRoot, 'migrations');

// Timestamps and bigints come back as JS values the same way on both drivers.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  /** A PGlite data-dir dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob;
}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection closed by the server (restart, dropped test database) must not crash the
    // process; the pool replaces it on the next query.
    pool.on('error', (error) => {
      if ((error as { code?: string }).code !== '57P01')
        process.stderr.write(`数据库连接错误：${error.message}\n`);
    });
    const db = drizzlePg(pool) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      query: async (text, params) => (await pool.query(text, params as unknown[])).rows,
      session: async (work) => {
        const client = await pool.connect();
        try {
          return await work(
            async (text, params) => (await client.query(text, params as unknown[])).rows,
          );
        } finally {
          client.release();
        }
      },
      migrate: () => migratePg(db as never, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  const dir = options.dataDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = options.loadDataDir
    ? await PGlite.create({ loadDataDir: options.loadDataDir })
    : await PGlite.create(dir);
  const db = drizzlePglite(client) as unknown as Db;
  const query: QueryFn = async (text, params) =>
    params && params.length > 0
      ? ((await client.query(text, params)).rows as never[])
      : (((await client.exec(text)).at(-1)?.rows ?? []) as never[]);
  return {
    db,
    kind: 'pglite',
    query,
    session: (work) => work(query),
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    dump: () => client.dumpDataDir('gzip') as Promise<Blob>,
    pglite: client,
    close: () => client.close(),
  };
}
