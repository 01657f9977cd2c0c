import { loadConfig } from '../platform/config.js';
import { type Database, openDatabase } from '../platform/db.js';

/** Opens the configured database (PGlite in ./data unless DATABASE_URL), migrated, for one command. */
export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

export function describeDatabase(): string {
  const config = loadConfig();
  return config.databaseUrl
    ? 'PostgreSQL（DATABASE_URL）'
    : `内置数据库 PGlite（${config.dataDir}）`;
}
