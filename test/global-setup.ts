// CI sets SHOUTU_REQUIRE_DB=1: then a missing or unreachable PostgreSQL fails the run at once
// instead of the PostgreSQL half of the suite quietly not running.
import pg from 'pg';

export default async function requirePostgres() {
  if (process.env.SHOUTU_REQUIRE_DB !== '1') return;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('SHOUTU_REQUIRE_DB=1 但没有设置 DATABASE_URL');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `SHOUTU_REQUIRE_DB=1 但无法连接 PostgreSQL（${url}）：${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
