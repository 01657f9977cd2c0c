import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';

// A caller changes only what lies within its reach: a liaison editing a person of its unit
// cannot touch the roles that person holds elsewhere, nor switch off an account that is also
// used elsewhere.

let world: TestWorld;
let admin: Agent;
let liaison: Agent;
beforeAll(async () => {
  world = await createTestWorld();
  admin = await agentFor(world.app, world.users.committee_admin.username);
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
});
afterAll(() => world.close());

async function person(username: string, roles: { role: string; unitId: number }[]) {
  const created = await admin.post('/api/v1/people', {
    name: `人员${username}`,
    unitId: world.unitA,
    username,
    roles,
  });
  expect(created.statusCode).toBe(200);
  const body = created.json();
  // The account's first password must be changed before it can do anything else.
  const first = await agentFor(world.app, username, body.initialPassword);
  expect(
    (
      await first.post('/api/v1/auth/password', {
        oldPassword: body.initialPassword,
        newPassword: 'Quiet#River5820',
      })
    ).statusCode,
  ).toBe(204);
  return { id: body.id as number, username };
}

const rolesOf = async (id: number) =>
  ((await admin.get(`/api/v1/people/${id}`)).json().roles as { role: string; unitId: number }[])
    .map((r) => `${r.role}@${r.unitId}`)
    .sort();

describe('role bindings beyond the caller', () => {
  it('a liaison replaces only the bindings within its unit; committee bindings stay', async () => {
    const p = await person('dual-role', [
      { role: 'unit_liaison', unitId: world.unitA },
      { role: 'editor', unitId: world.committee },
    ]);
    const response = await liaison.patch(`/api/v1/people/${p.id}`, {
      roles: [{ role: 'unit_leader', unitId: world.unitA }],
    });
    expect(response.statusCode).toBe(200);
    expect(await rolesOf(p.id)).toEqual(
      [`editor@${world.committee}`, `unit_leader@${world.unitA}`].sort(),
    );
    // An empty list clears only what the liaison reaches.
    expect((await liaison.patch(`/api/v1/people/${p.id}`, { roles: [] })).statusCode).toBe(200);
    expect(await rolesOf(p.id)).toEqual([`editor@${world.committee}`]);
    // The admin reaches everything.
    expect((await admin.patch(`/api/v1/people/${p.id}`, { roles: [] })).statusCode).toBe(200);
    expect(await rolesOf(p.id)).toEqual([]);
  });

  it('a liaison cannot strip an inspector role even inside its unit', async () => {
    const p = await person('inspector-a', [{ role: 'inspector', unitId: world.unitA }]);
    const response = await liaison.patch(`/api/v1/people/${p.id}`, {
      roles: [{ role: 'editor', unitId: world.unitA }],
    });
    expect(response.statusCode).toBe(200);
    expect(await rolesOf(p.id)).toEqual(
      [`editor@${world.unitA}`, `inspector@${world.unitA}`].sort(),
    );
  });

  it('an account holding a binding beyond the caller cannot be deactivated by it', async () => {
    const p = await person('shared-acct', [
      { role: 'editor', unitId: world.unitA },
      { role: 'editor', unitId: world.unitB },
    ]);
    const refused = await liaison.patch(`/api/v1/people/${p.id}`, { active: false });
    expect(refused.statusCode).toBe(403);
    expect((await admin.get(`/api/v1/people/${p.id}`)).json().active).toBe(true);
    const session = await agentFor(world.app, p.username, 'Quiet#River5820');
    expect((await session.get('/api/v1/me')).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/people/${p.id}`, { active: false })).statusCode).toBe(200);
    expect((await session.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('a liaison still deactivates an account that lives wholly in its unit', async () => {
    const p = await person('local-only', [{ role: 'editor', unitId: world.unitA }]);
    expect((await liaison.patch(`/api/v1/people/${p.id}`, { active: false })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/people/${p.id}`)).json().active).toBe(false);
  });
});

describe('ending sessions and resetting passwords', () => {
  it('signs an account out everywhere, audited; not for accounts beyond the caller', async () => {
    const p = await person('lost-phone', [{ role: 'editor', unitId: world.unitA }]);
    const one = await agentFor(world.app, p.username, 'Quiet#River5820');
    const two = await agentFor(world.app, p.username, 'Quiet#River5820');
    const response = await liaison.post(`/api/v1/people/${p.id}/end-sessions`);
    expect(response.statusCode).toBe(200);
    expect(response.json().sessions).toBeGreaterThanOrEqual(2);
    expect((await one.get('/api/v1/me')).statusCode).toBe(401);
    expect((await two.get('/api/v1/me')).statusCode).toBe(401);
    const [audit] = await world.database.query<{ action: string }>(
      "select action from audit_log where action = 'user.sessions.end' and entity_id = $1",
      [String(p.id)],
    );
    expect(audit).toBeDefined();

    const wide = await person('wide-acct', [{ role: 'editor', unitId: world.committee }]);
    expect((await liaison.post(`/api/v1/people/${wide.id}/end-sessions`)).statusCode).toBe(403);
  });

  it('a reset gives a one-time password and ends every session', async () => {
    const p = await person('forgot-pw', [{ role: 'editor', unitId: world.unitA }]);
    const old = await agentFor(world.app, p.username, 'Quiet#River5820');
    const reset = await admin.post(`/api/v1/people/${p.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await old.get('/api/v1/me')).statusCode).toBe(401);
    const fresh = await agentFor(world.app, p.username, reset.json().initialPassword);
    expect((await fresh.get('/api/v1/me')).json().mustChangePassword).toBe(true);
  });
});
