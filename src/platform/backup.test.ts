import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../demo/load.js';
import { verifyAuditChain } from './audit.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { ManualClock } from './clock.js';
import type { Database } from './db.js';
import { openTestDatabase } from './testing.js';

const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-backup-'));
let source: Database;
let target: Database;

beforeAll(async () => {
  source = await openTestDatabase();
  target = await openTestDatabase();
  await source.db.transaction((tx) => loadDemoOrganisation(tx, new ManualClock()));
}, 120_000);
afterAll(async () => {
  await source.close();
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

async function snapshot(database: Database) {
  const tables = ['units', 'users', 'role_bindings', 'people', 'audit_log', 'audit_head'];
  const result: Record<string, unknown[]> = {};
  for (const table of tables)
    result[table] = await database.query(`select * from ${table} order by 1, 2`);
  return JSON.parse(JSON.stringify(result));
}

describe('backup and restore', () => {
  it('round-trips a whole database into another one', async () => {
    const file = path.join(dir, 'city.backup');
    const written = await backupDatabase(source, file);
    expect(written.rows).toBeGreaterThan(1000);
    await target.query(
      "insert into units (name, kind, path) values ('恢复前就有的单位', 'committee', '/999/')",
    );
    await restoreDatabase(target, file);
    const restored = await snapshot(target);
    const original = await snapshot(source);
    // The restored chain continues with one record of the restore itself.
    const restoreRecord = (restored.audit_log as { action: string }[]).pop();
    expect(restoreRecord?.action).toBe('backup.restore');
    delete restored.audit_head;
    delete original.audit_head;
    expect(restored).toEqual(original);
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
    // Identity sequences continue after the restored ids.
    const [row] = await target.query<{ id: number }>(
      "insert into units (name, kind) values ('恢复后新建', 'committee') returning id",
    );
    const [max] = await source.query<{ id: number }>('select max(id) as id from units');
    expect(row!.id).toBeGreaterThan(max!.id);
  });

  it('leaves the database untouched when the backup is unreadable', async () => {
    const before = await snapshot(target);
    const { writeFileSync } = await import('node:fs');
    const broken = path.join(dir, 'broken.backup');
    writeFileSync(broken, 'not a backup');
    await expect(restoreDatabase(target, broken)).rejects.toThrow();
    expect(await snapshot(target)).toEqual(before);
  });

  it('restores when its connection is slow to come (the file is read to its end before)', async () => {
    const file = path.join(dir, 'slow.backup');
    await backupDatabase(source, file);
    // The same database, its connection handed out 300 ms late, as on a loaded server: before
    // the fix the file had been read (and its lines dropped) by then, and restore never ended.
    const slow: Database = {
      ...target,
      session: async (work) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return target.session(work);
      },
    };
    const outcome = await Promise.race([
      restoreDatabase(slow, file).then(() => 'restored'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 20 s'), 20_000)),
    ]);
    expect(outcome).toBe('restored');
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
  }, 60_000);
});
