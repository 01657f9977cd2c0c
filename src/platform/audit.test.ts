import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_SEGMENT, auditHash, auditKey, verifyAuditChain, writeAudit } from './audit.js';
import type { Database } from './db.js';
import { auditHead, auditLog } from './tables.js';
import { agentFor, createTestWorld, openTestDatabase, type TestWorld } from './testing.js';

const run = promisify(execFile);
let world: TestWorld;

beforeAll(async () => {
  world = await createTestWorld();
  const admin = await agentFor(world.app, world.users.committee_admin.username);
  for (let i = 0; i < 5; i++) {
    expect(
      (
        await admin.post('/api/v1/units', {
          name: `审计处室${i}`,
          parentId: world.unitA,
          kind: 'department',
        })
      ).statusCode,
    ).toBe(200);
  }
});
afterAll(() => world.close());

describe('audit chain', () => {
  it('records who, when, from where, what, before/after and outcome for a change', async () => {
    const rows = await world.database.query<Record<string, unknown>>(
      "select * from audit_log where action = 'unit.create' order by id desc limit 1",
    );
    const row = rows[0]!;
    expect(row.actor_name).toBe('测试committee_admin');
    expect(row.ip).toBeTruthy();
    expect(row.outcome).toBe('success');
    expect((row.after as { name: string }).name).toBe('审计处室4');
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies an untouched chain', async () => {
    const result = await verifyAuditChain(world.database.db);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(6);
  });

  it('names the first edited record', async () => {
    const [target] = await world.database.query<{ id: number }>(
      "select id from audit_log where action = 'unit.create' order by id limit 1 offset 2",
    );
    await world.database.query(
      `update audit_log set after = jsonb_set(after, '{name}', '"改过的名称"') where id = ${target!.id}`,
    );
    const result = await verifyAuditChain(world.database.db);
    expect(result.ok).toBe(false);
    expect(result.brokenId).toBe(target!.id);
  });

  it('refuses to delete records younger than 180 days', async () => {
    await expect(world.database.query('delete from audit_log where id = 1')).rejects.toThrow(/180/);
  });

  it('serialises concurrent appends into one unbroken chain', async () => {
    const fresh = await createTestWorld();
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fresh.database.db.transaction((tx) =>
            writeAudit(tx, {
              at: new Date(),
              actorId: null,
              actorName: '并发',
              ip: '127.0.0.1',
              action: `test.${i}`,
              outcome: 'success',
            }),
          ),
        ),
      );
      expect((await verifyAuditChain(fresh.database.db)).ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

/**
 * What someone with write access to the database but not the key can do: change a record and
 * recompute every SM3 hash after it and the head, so the plain chain is consistent again.
 */
async function rewriteChain(database: Database, targetId: number, actorName: string) {
  const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.id));
  let prevHash = '0'.repeat(64);
  for (const row of rows) {
    if (row.id >= targetId) {
      const changed = {
        ...row,
        prevHash,
        actorName: row.id === targetId ? actorName : row.actorName,
      };
      const hash = auditHash(changed);
      await database.db
        .update(auditLog)
        .set({ actorName: changed.actorName, prevHash, hash })
        .where(eq(auditLog.id, row.id));
      prevHash = hash;
    } else prevHash = row.hash;
  }
  await database.db
    .update(auditHead)
    .set({ lastHash: prevHash })
    .where(eq(auditHead.singleton, true));
}

describe('audit chain anchored by a key outside the database', () => {
  let fresh: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    fresh = await createTestWorld();
    await fresh.database.db.transaction(async (tx) => {
      for (let i = 0; i < AUDIT_SEGMENT + 40; i++)
        await writeAudit(tx, {
          at: new Date(),
          actorId: null,
          actorName: '批量',
          ip: '127.0.0.1',
          action: `test.bulk.${i}`,
          outcome: 'success',
        });
    });
  });
  afterAll(() => fresh.close());

  it('verifies the anchored chain', async () => {
    const result = await verifyAuditChain(fresh.database.db);
    expect(result).toMatchObject({ ok: true, checked: AUDIT_SEGMENT + 40 });
  });

  it('names the segment of a chain rewritten with every hash recomputed', async () => {
    await rewriteChain(fresh.database, 10, '改写者');
    const result = await verifyAuditChain(fresh.database.db);
    expect(result.ok).toBe(false);
    expect(result.brokenId).toBe(1);
    expect(result.reason).toMatch(new RegExp(`第 1–${AUDIT_SEGMENT} 条记录之间的内容被改写`));
  });

  it('names the last segment when only the tail is rewritten', async () => {
    const other = await createTestWorld();
    try {
      await other.database.db.transaction(async (tx) => {
        for (let i = 0; i < AUDIT_SEGMENT + 10; i++)
          await writeAudit(tx, {
            at: new Date(),
            actorId: null,
            actorName: '批量',
            ip: '127.0.0.1',
            action: `test.tail.${i}`,
            outcome: 'success',
          });
      });
      await rewriteChain(other.database, AUDIT_SEGMENT + 5, '改写者');
      const result = await verifyAuditChain(other.database.db);
      expect(result.ok).toBe(false);
      expect(result.brokenId).toBe(AUDIT_SEGMENT + 1);
      expect(result.reason).toMatch(/链尾/);
    } finally {
      await other.close();
    }
  });

  it('refuses TRUNCATE of the audit tables', async () => {
    for (const table of ['audit_log', 'audit_anchors', 'audit_head'])
      await expect(fresh.database.query(`truncate ${table} cascade`)).rejects.toThrow(
        /cannot be truncated/,
      );
    expect(
      (await fresh.database.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n,
    ).toBeGreaterThan(0);
  });

  it('keeps the key in a 0600 file of the data directory unless SHOUTU_AUDIT_KEY is set', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shoutu-key-'));
    try {
      const key = auditKey({ SHOUTU_DATA_DIR: dataDir });
      const file = path.join(dataDir, 'audit.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(auditKey({ SHOUTU_DATA_DIR: dataDir })).toEqual(key);
      expect(
        auditKey({ SHOUTU_DATA_DIR: dataDir, SHOUTU_AUDIT_KEY: 'operator-chosen-secret-1' }),
      ).not.toEqual(key);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// The command against a real database: a PGlite data directory, or a PostgreSQL database of its own.
describe('shoutu audit verify', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-audit-'));
  let pgUrl: string | undefined;
  let closePg: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (!process.env.DATABASE_URL) return;
    const database = await openTestDatabase();
    pgUrl = database.url;
    // Keep the database (dropped on close) but free the connections for the command.
    const close = database.close;
    closePg = close;
  });
  afterAll(async () => {
    await closePg?.();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, SHOUTU_DATA_DIR: dir, DATABASE_URL: pgUrl ?? '' });
  const shoutu = (...args: string[]) =>
    run('node', ['bin/shoutu.mjs', ...args], { env: env() }).catch((e) => e);

  it('exits 0 on a good chain and non-zero naming the record after tampering', async () => {
    const init = await shoutu('init-admin', 'first-admin');
    expect(init.stdout).toMatch(/一次性密码/);
    const good = await shoutu('audit', 'verify');
    expect(good.stdout).toMatch(/完好/);
    const { openDatabase } = await import('./db.js');
    const database = await openDatabase(pgUrl ? { databaseUrl: pgUrl } : { dataDir: dir });
    await database.query("update audit_log set actor_name = '某人' where id = 1");
    await database.close();
    const bad = await shoutu('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/第 1 条记录/);
    // Recomputing every hash without the key mends the plain chain, not the anchors.
    const again = await openDatabase(pgUrl ? { databaseUrl: pgUrl } : { dataDir: dir });
    await rewriteChain(again, 1, '某人');
    await again.close();
    const rewritten = await shoutu('audit', 'verify');
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toMatch(/第 1–\d+ 条记录之间的内容被改写/);
  }, 120_000);
});
