import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { ManualClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { agentFor, openTestDatabase } from '../platform/testing.js';
import { DEMO_PASSWORD } from './city.js';
import { hasDemoAccounts, isDatabaseEmpty, loadDemoOrganisation } from './load.js';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  database = await openTestDatabase();
  expect(await isDatabaseEmpty(database.db)).toBe(true);
  await database.db.transaction((tx) => loadDemoOrganisation(tx, new ManualClock()));
  app = await buildApp({ database, clock: new ManualClock(), secureCookies: false, demo: true });
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

type Unit = { id: number; name: string; shortName: string; parentId: number | null; path: string };

describe('the demo city', () => {
  it('has the committee, about 60 units and demo accounts', async () => {
    expect(await hasDemoAccounts(database.db)).toBe(true);
    const admin = await agentFor(app, 'gw-admin', DEMO_PASSWORD);
    const { items } = (await admin.get('/api/v1/units')).json() as { items: Unit[] };
    const topLevel = items.filter((u) => u.parentId === items.find((r) => r.parentId === null)!.id);
    expect(topLevel.filter((u) => !u.name.includes('工委')).length).toBeGreaterThanOrEqual(55);
    for (const name of [
      '市委编办',
      '市交通局',
      '市妇联',
      '市粮食和物资储备局',
      '市乡村振兴局',
      '市委宣传部',
      '市农业机械发展中心',
      '市科技局',
      '市残联',
      '国基公司',
      '市文联',
      '市委网信办',
      '市林业发展中心',
      '市交通运输局',
    ]) {
      expect(
        items.some((u) => u.shortName === name),
        name,
      ).toBe(true);
    }
  });

  it('shows 市交通局 only its own subtree, and 市妇联 not at all', async () => {
    const admin = await agentFor(app, 'gw-admin', DEMO_PASSWORD);
    const all = ((await admin.get('/api/v1/units')).json() as { items: Unit[] }).items;
    const jtj = all.find((u) => u.shortName === '市交通局')!;
    const fl = all.find((u) => u.shortName === '市妇联')!;
    const liaison = await agentFor(app, 'jtj-lly', DEMO_PASSWORD);
    const response = await liaison.get('/api/v1/units');
    expect(response.statusCode).toBe(200);
    const seen = (response.json() as { items: Unit[] }).items;
    const subtree = all.filter((u) => u.path.startsWith(jtj.path));
    expect(seen.map((u) => u.id).sort()).toEqual(subtree.map((u) => u.id).sort());
    expect(seen.length).toBeGreaterThan(1);
    expect([403, 404]).toContain((await liaison.get(`/api/v1/units/${fl.id}`)).statusCode);
    expect((await liaison.get(`/api/v1/units/${jtj.id}`)).statusCode).toBe(200);
  });

  it('needs no password change for demo accounts', async () => {
    const liaison = await agentFor(app, 'fl-lly', DEMO_PASSWORD);
    const me = (await liaison.get('/api/v1/me')).json();
    expect(me.isDemo).toBe(true);
    expect(me.mustChangePassword).toBe(false);
    expect(me.unitName).toContain('妇');
  });

  it('is the same city every time it is generated', async () => {
    const again = await openTestDatabase();
    try {
      await again.db.transaction((tx) => loadDemoOrganisation(tx, new ManualClock()));
      const names = async (d: Database) =>
        (await d.query<{ name: string }>('select name from units order by id')).map((r) => r.name);
      expect(await names(again)).toEqual(await names(database));
    } finally {
      await again.close();
    }
  });
});
