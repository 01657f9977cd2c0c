import { sql } from 'drizzle-orm';
import { people } from '../org/tables.js';
import { writeAudit } from '../platform/audit.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';
import { hashPassword } from '../platform/passwords.js';
import { roleBindings, settings, units, users } from '../platform/tables.js';
import { DEMO_PASSWORD, demoCity } from './city.js';
import type { DemoLoadOptions } from './ledgers.js';
import { loadDemoLedgers } from './ledgers-load.js';

/** The demo accounts `npm start` prints (the modules contract's demo accounts). */
export const DEMO_ACCOUNTS = [
  'gw-admin',
  'dc-zz',
  'gw-zb',
  'jtj-lly',
  'fl-lly',
  'jtj-ld',
  'jtj-bj',
  'jtj-sh',
] as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = await db.execute(sql`select 1 from ${units} limit 1`);
  return (rows as unknown as { rows: unknown[] }).rows.length === 0;
}

/** Ids of the demo city's units by their stable demo key, e.g. 'jtj' → 5. */
export type UnitIdsByKey = Map<string, number>;

/**
 * Loads the demo city's organisation in one transaction. Ids are assigned here in tree order so
 * paths are known without a round trip per unit; the identity sequences are moved past them.
 */
export async function loadDemoOrganisation(
  tx: Db,
  clock: Clock,
  seed?: number,
): Promise<UnitIdsByKey> {
  const city = demoCity(seed);
  const idByKey: UnitIdsByKey = new Map();
  const pathByKey = new Map<string, string>();
  const unitRows = city.units.map((u, index) => {
    const id = index + 1;
    idByKey.set(u.key, id);
    const parentPath = u.parentKey ? pathByKey.get(u.parentKey) : '/';
    if (parentPath === undefined) throw new Error(`demo unit ${u.key} comes before its parent`);
    const path = `${parentPath}${id}/`;
    pathByKey.set(u.key, path);
    return {
      id,
      name: u.name,
      shortName: u.shortName,
      parentId: u.parentKey ? idByKey.get(u.parentKey)! : null,
      kind: u.kind,
      code: u.code,
      sort: u.sort,
      path,
      createdAt: new Date('2023-01-01T00:00:00+08:00'),
    };
  });
  for (let i = 0; i < unitRows.length; i += 500)
    await tx.insert(units).values(unitRows.slice(i, i + 500));

  // Demo accounts share one argon2id hash of the published demo password: hashing hundreds of
  // accounts one by one would add tens of seconds to `npm start` for no security gain.
  const demoHash = await hashPassword(DEMO_PASSWORD);
  const accounts = city.people.filter((p) => p.username);
  const userIdByKey = new Map<string, number>();
  const userRows = accounts.map((p, index) => {
    userIdByKey.set(p.key, index + 1);
    return {
      id: index + 1,
      username: p.username!,
      displayName: p.name,
      unitId: idByKey.get(p.unitKey)!,
      passwordHash: demoHash,
      mustChangePassword: false,
      isDemo: true,
    };
  });
  if (userRows.length) await tx.insert(users).values(userRows);
  const bindingRows = accounts.flatMap((p) =>
    p.roles.map((r) => ({
      userId: userIdByKey.get(p.key)!,
      role: r.role,
      unitId: idByKey.get(r.unitKey)!,
    })),
  );
  if (bindingRows.length) await tx.insert(roleBindings).values(bindingRows);
  const peopleRows = city.people.map((p) => ({
    name: p.name,
    unitId: idByKey.get(p.unitKey)!,
    title: p.title,
    phone: p.phone,
    userId: userIdByKey.get(p.key) ?? null,
    leadingGroup: p.leadingGroup,
  }));
  for (let i = 0; i < peopleRows.length; i += 500)
    await tx.insert(people).values(peopleRows.slice(i, i + 500));
  for (const table of ['units', 'users']) {
    await tx.execute(
      sql.raw(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
      ),
    );
  }
  await tx
    .insert(settings)
    .values({ key: 'demo', value: { seed: seed ?? null, loadedAt: clock.now().toISOString() } })
    .onConflictDoNothing();
  await writeAudit(tx, {
    at: clock.now(),
    actorId: null,
    actorName: '系统',
    ip: 'cli',
    action: 'demo.load',
    outcome: 'success',
    after: { units: unitRows.length, people: peopleRows.length, accounts: userRows.length },
  });
  return idByKey;
}

/**
 * The whole demo: the organisation, then two years of ledgers and the current year up to
 * `clock.now()` (the demo's "today"), all from one seed. Run it in one transaction.
 */
export async function loadDemo(
  tx: Db,
  clock: Clock,
  seed?: number,
  options: DemoLoadOptions = {},
): Promise<UnitIdsByKey> {
  const ids = await loadDemoOrganisation(tx, clock, seed);
  await loadDemoLedgers(tx, clock, ids, seed, options);
  return ids;
}

export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const rows = await db.execute(sql`select 1 from ${users} where ${users.isDemo} limit 1`);
  return (rows as unknown as { rows: unknown[] }).rows.length > 0;
}
