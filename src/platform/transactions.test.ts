import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit.js';
import { auditLog } from './tables.js';
import { agentFor, createTestWorld, type TestWorld } from './testing.js';

// Every route runs in one transaction, reads included. An audited read (an Excel export) writes
// its audit record in that transaction; outside one, concurrent exports on PostgreSQL raced for
// the same chain position (27 of 30 answered 500 with a duplicate key on audit_log).
describe('audited reads under concurrency', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('50 concurrent exports all succeed, each audited once, and the chain verifies', async () => {
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    const exports = async () =>
      Number(
        (
          await world.database.db
            .select({ n: count() })
            .from(auditLog)
            .where(eq(auditLog.action, 'unit.export'))
        )[0]!.n,
      );
    const before = await exports();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        admin.get(i % 2 ? '/api/v1/units/export' : `/api/v1/units/export?unitId=${world.unitA}`),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200));
    expect((await exports()) - before).toBe(50);
    const chain = await verifyAuditChain(world.database.db);
    expect(chain).toMatchObject({ ok: true });
  });
});
