// Issue 9 item 21: in the demo city the bell said 暂无通知 for gw-admin and jtj-lly although
// dozens of items were overdue. Committee admins were never recipients, and items more than 14
// days overdue were never told at all. This test runs the reminder pass the server runs at start
// on the demo city and reads the bell's route as those two accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { DEMO_PASSWORD } from '../demo/city.js';
import { loadDemo } from '../demo/load.js';
import { ManualClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { agentFor, openTestDatabase } from '../platform/testing.js';
import { runReminders } from './reminders.js';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
const clock = new ManualClock('2026-12-01T02:00:00Z');

interface Notice {
  kind: string;
  kindLabel: string;
  title: string;
  body: string;
  link: string;
  unitId: number | null;
}

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.transaction((tx) => loadDemo(tx, clock));
  app = await buildApp({ database, clock, secureCookies: false, demo: true });
  await app.ready();
}, 180_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('reminders in the demo city', () => {
  it('reach the committee admin and the 市交通局 liaison', async () => {
    const run = await runReminders(database.db, clock);
    expect(run.candidates).toBeGreaterThanOrEqual(41);

    const admin = await agentFor(app, 'gw-admin', DEMO_PASSWORD);
    const city = (await admin.get('/api/v1/notifications?pageSize=200')).json() as {
      items: Notice[];
      unread: number;
    };
    expect(city.unread).toBeGreaterThan(0);
    const overdue = city.items.filter((n) => n.kind === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((n) => n.kindLabel === '逾期' && n.unitId === null)).toBe(true);
    // The digests together name every unit with an item overdue this year.
    const named = overdue.reduce((sum, n) => sum + Number(/(\d+) 个单位/.exec(n.title)?.[1]), 0);
    expect(named).toBeGreaterThanOrEqual(41);

    const liaison = await agentFor(app, 'jtj-lly', DEMO_PASSWORD);
    const mine = (await liaison.get('/api/v1/notifications')).json() as {
      items: Notice[];
      unread: number;
    };
    expect(mine.unread).toBeGreaterThan(0);
    // 市交通局 missed the special study of 2025's second half-year (due 31 December 2025).
    expect(mine.items.map((n) => n.title)).toContainEqual(
      expect.stringMatching(/【逾期】.*市交通局：.*专题研究意识形态工作（2025-H2）/),
    );
    // Besides the reminders the liaison has the demo's website-check tasks (整改, 阵地建设).
    const reminders = mine.items.filter((n) => !n.kind.startsWith('rectification.'));
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((n) => n.link.startsWith('/compliance/unit/'))).toBe(true);

    // Running again (every hour, on every node) sends nothing twice.
    expect((await runReminders(database.db, clock)).created).toBe(0);
  });
});
