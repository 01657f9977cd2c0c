import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { MINUTE } from './clock.js';
import { hashPassword } from './passwords.js';
import { roleBindings, users } from './tables.js';
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

// ------------------------------------------------------------------ hardening (issue 9)

let accountSerial = 0;
/** A fresh account of its own, so one test's lockout never leaks into another. */
async function newAccount(prefix: string): Promise<{ id: number; username: string }> {
  const username = `${prefix}-${++accountSerial}`;
  const [user] = await world.database.db
    .insert(users)
    .values({
      username,
      displayName: `测试${username}`,
      unitId: world.unitA,
      passwordHash: await hashPassword(TEST_PASSWORD),
      mustChangePassword: false,
    })
    .returning();
  await world.database.db
    .insert(roleBindings)
    .values({ userId: user!.id, role: 'editor', unitId: world.unitA });
  return { id: user!.id, username };
}

const totpCode = (secret: string, at: Date) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
    timestamp: at.getTime(),
  });

const auditRows = (action: string, entityId: number) =>
  world.database.query<{ outcome: string; after: { reason?: string } | null }>(
    'select outcome, after from audit_log where action = $1 and entity_id = $2 order by id',
    [action, String(entityId)],
  );

describe('lockout does not tell names apart', () => {
  it('answers an unknown name exactly like an account: 401 five times, then 423 with the same message', async () => {
    const account = await newAccount('known');
    const answers = async (username: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await login(username, 'Wrong#Pass1');
        out.push(`${response.statusCode} ${response.json().error.message.replace(/\d/g, '#')}`);
      }
      return out;
    };
    const known = await answers(account.username);
    const unknown = await answers('nobody-at-all');
    expect(known[5]).toMatch(/^423 .*锁定/);
    expect(unknown).toEqual(known);
    world.clock.advance(31 * MINUTE);
    expect((await login('nobody-at-all', 'Wrong#Pass1')).statusCode).toBe(401);
  });
});

describe('sessions end', () => {
  it('ends 12 hours after sign-in however busy the session is', async () => {
    const account = await newAccount('busy');
    const agent = await agentFor(world.app, account.username);
    for (let i = 0; i < 35; i++) {
      world.clock.advance(20 * MINUTE);
      expect((await agent.get('/api/v1/me')).statusCode, `after ${(i + 1) * 20} min`).toBe(200);
    }
    world.clock.advance(21 * MINUTE);
    const expired = await agent.get('/api/v1/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SHOUTU_ERR_SESSION_EXPIRED');
  });

  it('clears the cookies on logout with the attributes they were set with', async () => {
    const secureApp = await buildApp({
      database: world.database,
      clock: world.clock,
      secureCookies: true,
      loginRateLimit: 10_000,
    });
    try {
      const account = await newAccount('logout');
      const agent = await agentFor(secureApp, account.username);
      const response = await agent.post('/api/v1/auth/logout');
      expect(response.statusCode).toBe(204);
      const cleared = response.cookies.filter((c) =>
        ['shoutu_session', 'shoutu_csrf'].includes(c.name),
      );
      expect(cleared).toHaveLength(2);
      for (const cookie of cleared) {
        expect(cookie.secure, cookie.name).toBe(true);
        expect(cookie.sameSite, cookie.name).toBe('Strict');
        expect(cookie.path).toBe('/');
      }
      expect(cleared.find((c) => c.name === 'shoutu_session')?.httpOnly).toBe(true);
    } finally {
      await secureApp.close();
    }
  });

  it('a password change ends every other session of the account, not the caller’s', async () => {
    const account = await newAccount('pw-change');
    const here = await agentFor(world.app, account.username);
    const elsewhere = await agentFor(world.app, account.username);
    const response = await here.post('/api/v1/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'Fresh#Gate8241',
    });
    expect(response.statusCode).toBe(204);
    expect((await here.get('/api/v1/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('password policy', () => {
  it('refuses common and keyboard passwords and ones containing the username, in Chinese', async () => {
    const account = await newAccount('policy');
    const agent = await agentFor(world.app, account.username);
    const cases: [string, RegExp][] = [
      ['Password1', /常见/],
      ['P@ssw0rd2026', /常见/],
      ['Qwer1234!', /常见|连续/],
      ['1qaz2wsx!Q', /连续/],
      [`${account.username}#A9`, /用户名/],
      [`X9#${account.username.toUpperCase()}`, /用户名/],
    ];
    for (const [weak, reason] of cases) {
      const response = await agent.post('/api/v1/auth/password', {
        oldPassword: TEST_PASSWORD,
        newPassword: weak,
      });
      expect(response.statusCode, weak).toBe(400);
      expect(response.json().error.field, weak).toBe('newPassword');
      expect(response.json().error.message, weak).toMatch(reason);
    }
  });
});

describe('password re-checks count towards the lockout', () => {
  it('five wrong old passwords on a password change lock the account and are audited', async () => {
    const account = await newAccount('guess-pw');
    const agent = await agentFor(world.app, account.username);
    for (let i = 0; i < 5; i++) {
      const response = await agent.post('/api/v1/auth/password', {
        oldPassword: `Wrong#Pass${i}x`,
        newPassword: 'Fresh#Gate8241',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe('oldPassword');
    }
    const locked = await agent.post('/api/v1/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'Fresh#Gate8241',
    });
    expect(locked.statusCode).toBe(423);
    expect((await login(account.username, TEST_PASSWORD)).statusCode).toBe(423);
    const rows = await auditRows('auth.password', account.id);
    expect(rows.filter((r) => r.outcome === 'failure')).toHaveLength(6);
    expect(rows.at(-1)!.after?.reason).toBe('locked');
    world.clock.advance(31 * MINUTE);
  });

  it('so do wrong passwords on two-step removal and setup', async () => {
    const account = await newAccount('guess-totp');
    const agent = await agentFor(world.app, account.username);
    for (let i = 0; i < 3; i++) {
      const response = await agent.post('/api/v1/auth/totp/disable', { password: `Nope#${i}abcX` });
      expect(response.statusCode).toBe(400);
    }
    for (let i = 0; i < 2; i++) {
      const response = await agent.post('/api/v1/auth/totp/setup', { password: `Nope#${i}abcY` });
      expect(response.statusCode).toBe(400);
    }
    expect((await login(account.username, TEST_PASSWORD)).statusCode).toBe(423);
    expect(
      (await auditRows('auth.totp.disable', account.id)).filter((r) => r.outcome === 'failure'),
    ).toHaveLength(3);
    expect(
      (await auditRows('auth.totp.setup', account.id)).filter((r) => r.outcome === 'failure'),
    ).toHaveLength(2);
    world.clock.advance(31 * MINUTE);
  });
});

describe('two-step verification', () => {
  async function enableTotp(agent: Awaited<ReturnType<typeof agentFor>>) {
    const setup = await agent.post('/api/v1/auth/totp/setup', { password: TEST_PASSWORD });
    expect(setup.statusCode).toBe(200);
    const secret = setup.json().secret as string;
    const enabled = await agent.post('/api/v1/auth/totp/enable', {
      code: totpCode(secret, world.clock.now()),
    });
    expect(enabled.statusCode).toBe(204);
    return secret;
  }
  const loginWith = (username: string, totp: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: TEST_PASSWORD, totp },
    });

  it('setup needs the password and leaves the enabled factor in force until the new one is confirmed', async () => {
    const account = await newAccount('totp-setup');
    const agent = await agentFor(world.app, account.username);
    const secret = await enableTotp(agent);
    world.clock.advance(60_000);
    expect((await agent.post('/api/v1/auth/totp/setup', {})).statusCode).toBe(400);
    const again = await agent.post('/api/v1/auth/totp/setup', { password: TEST_PASSWORD });
    expect(again.statusCode).toBe(200);
    expect((await agent.get('/api/v1/me')).json().totpEnabled).toBe(true);
    // Without the code the login is refused; the old secret's code still opens it.
    expect((await login(account.username, TEST_PASSWORD)).json().error.code).toBe(
      'SHOUTU_ERR_TOTP_REQUIRED',
    );
    expect(
      (await loginWith(account.username, totpCode(secret, world.clock.now()))).statusCode,
    ).toBe(200);
    // Confirming the new secret replaces the old one.
    world.clock.advance(60_000);
    const newSecret = again.json().secret as string;
    expect(
      (
        await agent.post('/api/v1/auth/totp/enable', {
          code: totpCode(newSecret, world.clock.now()),
        })
      ).statusCode,
    ).toBe(204);
    world.clock.advance(60_000);
    expect(
      (await loginWith(account.username, totpCode(secret, world.clock.now()))).statusCode,
    ).toBe(401);
    expect(
      (await loginWith(account.username, totpCode(newSecret, world.clock.now()))).statusCode,
    ).toBe(200);
  });

  it('accepts a code once: the same code is refused for the rest of its window', async () => {
    const account = await newAccount('totp-replay');
    const agent = await agentFor(world.app, account.username);
    const secret = await enableTotp(agent);
    world.clock.advance(60_000);
    const code = totpCode(secret, world.clock.now());
    expect((await loginWith(account.username, code)).statusCode).toBe(200);
    world.clock.advance(5_000);
    const replay = await loginWith(account.username, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('SHOUTU_ERR_TOTP_INVALID');
    world.clock.advance(30_000);
    expect(
      (await loginWith(account.username, totpCode(secret, world.clock.now()))).statusCode,
    ).toBe(200);
  });
});

describe('client addresses behind proxies', () => {
  const lastLoginIp = async () =>
    (
      await world.database.query<{ ip: string }>(
        "select ip from audit_log where action = 'auth.login' order by id desc limit 1",
      )
    )[0]!.ip;
  const attempt = (app: typeof world.app, remoteAddress: string, forwardedFor: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'proxy-probe', password: 'Wrong#Pass1' },
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it('by default believes no X-Forwarded-For: the limit and the audit use the socket address', async () => {
    const app = await buildApp({ database: world.database, clock: world.clock, loginRateLimit: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await attempt(app, '10.9.8.70', `198.51.100.${i}`)).statusCode);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect(await lastLoginIp()).toBe('10.9.8.70');
    } finally {
      await app.close();
    }
  });

  it('believes only the proxies listed in SHOUTU_TRUST_PROXY', async () => {
    process.env.SHOUTU_TRUST_PROXY = '10.0.0.5, 172.16.0.0/12';
    const app = await buildApp({ database: world.database, clock: world.clock });
    delete process.env.SHOUTU_TRUST_PROXY;
    try {
      await attempt(app, '10.0.0.5', '203.0.113.9');
      expect(await lastLoginIp()).toBe('203.0.113.9');
      await attempt(app, '172.20.1.2', '203.0.113.10');
      expect(await lastLoginIp()).toBe('203.0.113.10');
      await attempt(app, '10.9.8.71', '203.0.113.11');
      expect(await lastLoginIp()).toBe('10.9.8.71');
    } finally {
      await app.close();
    }
  });
});
