import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFor, createTestWorld, type TestWorld } from './testing.js';

let world: TestWorld;
let admin: Agent;
beforeAll(async () => {
  world = await createTestWorld();
  admin = await agentFor(world.app, world.users.committee_admin.username);
  for (const name of ['达标100%处室', '甲_乙处室', '甲丙乙处室', '反斜杠\\处室']) {
    expect(
      (await admin.post('/api/v1/units', { name, parentId: world.unitA, kind: 'department' }))
        .statusCode,
    ).toBe(200);
  }
});
afterAll(() => world.close());

const names = async (url: string) =>
  (await admin.get(url)).json().items.map((u: { name: string }) => u.name);

describe('searches take % and _ literally', () => {
  it('finds only the units whose name holds the character', async () => {
    expect(await names(`/api/v1/units?q=${encodeURIComponent('%')}`)).toEqual(['达标100%处室']);
    expect(await names(`/api/v1/units?q=${encodeURIComponent('甲_乙')}`)).toEqual(['甲_乙处室']);
    expect(await names(`/api/v1/units?q=${encodeURIComponent('\\')}`)).toEqual(['反斜杠\\处室']);
  });

  it('in people and the audit log too', async () => {
    expect((await admin.get(`/api/v1/people?q=${encodeURIComponent('%')}`)).json().total).toBe(0);
    const audit = (
      await admin.get(`/api/v1/audit?q=${encodeURIComponent('_')}&pageSize=100`)
    ).json();
    for (const item of audit.items as {
      action: string;
      entity: string;
      actorName: string;
      after: unknown;
      before: unknown;
    }[]) {
      expect(JSON.stringify(item)).toContain('_');
    }
    const percent = (await admin.get(`/api/v1/audit?q=${encodeURIComponent('%')}`)).json();
    expect(percent.total).toBe(1);
  });
});
