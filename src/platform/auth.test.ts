import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from './clock.js';
import { agentFor, createTestWorld, TEST_PASSWORD, type TestWorld } from './testing.js';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const login = (username: string, password: string) =>
  world.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('login and lockout', () => {
  it('answers 401 in Chinese for attempts 1–5, 423 from the 6th even with the right password, until 30 minutes pass', async () => {
    const username = world.users.editor.username;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await login(username, 'Wrong#Pass1');
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
      expect(response.json().error.message).toBe('用户名或密码错误');
    }
    const sixth = await login(username, TEST_PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json().error.message).toMatch(/锁定/);
    world.clock.advance(29 * MINUTE);
    expect((await login(username, TEST_PASSWORD)).statusCode).toBe(423);
    world.clock.advance(1 * MINUTE + 1000);
    const after = await login(username, TEST_PASSWORD);
    expect(after.statusCode).toBe(200);
    expect(after.cookies.find((c) => c.name === 'shoutu_session')?.httpOnly).toBe(true);
  });

  it('resets the failure count after a successful login', async () => {
    const username = world.users.duty_officer.username;
    for (let i = 0; i < 4; i++) expect((await login(username, 'Wrong#Pass1')).statusCode).toBe(401);
    expect((await login(username, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(username, 'Wrong#Pass1')).statusCode).toBe(401);
    expect((await login(username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('does not reveal whether an account exists', async () => {
    const response = await login('no-such-user', 'Wrong#Pass1');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe('用户名或密码错误');
  });

  it('audits every login and failure', async () => {
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    const response = await admin.get('/api/v1/audit?action=auth.login&pageSize=100');
    expect(response.statusCode).toBe(200);
    const outcomes = response.json().items.map((r: { outcome: string }) => r.outcome);
    expect(outcomes).toContain('failure');
    expect(outcomes).toContain('success');
  });
});

describe('sessions', () => {
  it('expires after 30 idle minutes and keeps alive while used', async () => {
    const agent = await agentFor(world.app, world.users.unit_leader.username);
    expect((await agent.get('/api/v1/me')).statusCode).toBe(200);
    world.clock.advance(20 * MINUTE);
    expect((await agent.get('/api/v1/me')).statusCode).toBe(200);
    world.clock.advance(20 * MINUTE);
    expect((await agent.get('/api/v1/me')).statusCode).toBe(200);
    world.clock.advance(31 * MINUTE);
    const expired = await agent.get('/api/v1/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SHOUTU_ERR_SESSION_EXPIRED');
  });

  it('refuses a mutating request without the CSRF token', async () => {
    const agent = await agentFor(world.app, world.users.unit_liaison.username);
    const response = await agent.request({
      method: 'POST',
      url: '/api/v1/units',
      headers: { 'x-csrf-token': 'forged' },
      payload: { name: '新处室', parentId: world.unitA, kind: 'department' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('SHOUTU_ERR_CSRF');
  });

  it('answers 401 without a session', async () => {
    const anonymous = await agentFor(world.app);
    expect((await anonymous.get('/api/v1/units')).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('enforces the policy and the first-login change', async () => {
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    const created = await admin.post('/api/v1/people', {
      name: '新联络员',
      unitId: world.unitA,
      username: 'new-liaison',
      roles: [{ role: 'unit_liaison', unitId: world.unitA }],
    });
    expect(created.statusCode).toBe(200);
    const initial = created.json().initialPassword as string;
    const fresh = await agentFor(world.app, 'new-liaison', initial);
    expect((await fresh.get('/api/v1/me')).json().mustChangePassword).toBe(true);
    const blocked = await fresh.get('/api/v1/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('SHOUTU_ERR_PASSWORD_CHANGE_REQUIRED');
    for (const weak of ['short1A', 'alllowercase1', 'ALLUPPER123']) {
      const response = await fresh.post('/api/v1/auth/password', {
        oldPassword: initial,
        newPassword: weak,
      });
      expect(response.statusCode, weak).toBe(400);
      expect(response.json().error.field).toBe('newPassword');
      expect(response.json().error.message).toMatch(/newPassword/);
    }
    expect(
      (
        await fresh.post('/api/v1/auth/password', {
          oldPassword: initial,
          newPassword: 'Good#Pass2026',
        })
      ).statusCode,
    ).toBe(204);
    expect((await fresh.get('/api/v1/units')).statusCode).toBe(200);
  });

  it('tells the caller which routes their roles allow', async () => {
    const leader = (
      await (await agentFor(world.app, world.users.unit_leader.username)).get('/api/v1/me')
    ).json();
    expect(leader.allowed).toContain('GET /units');
    expect(leader.allowed).not.toContain('POST /units');
    expect(leader.allowed).not.toContain('GET /audit');
    const admin = (
      await (await agentFor(world.app, world.users.committee_admin.username)).get('/api/v1/me')
    ).json();
    expect(admin.allowed).toEqual(expect.arrayContaining(['POST /units', 'GET /audit']));
  });

  it('stores argon2id hashes', async () => {
    const rows = await world.database.query<{ password_hash: string }>(
      'select password_hash from users limit 1',
    );
    expect(rows[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
  });
});

describe('login rate limit and API docs', () => {
  it('limits login attempts per IP with a Chinese 429', async () => {
    const limited = await createTestWorld({ loginRateLimit: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `nobody-${i}`, password: 'Wrong#Pass1' },
          remoteAddress: '10.9.8.7',
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) expect(response.json().error.message).toMatch(/频繁/);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'Wrong#Pass1' },
        remoteAddress: '10.9.8.8',
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('documents every API route in OpenAPI at /api/docs', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const spec of world.app.shoutuRoutes) {
      const openApiPath = `/api/v1${spec.url.replace(/:(\w+)/g, '{$1}')}`;
      expect(paths, openApiPath).toContain(openApiPath);
    }
  });
});
