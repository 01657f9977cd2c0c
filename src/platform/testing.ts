// Test support shared by every domain: a fresh migrated database per test file (PGlite from a
// cached template, or a new database on the PostgreSQL server named by DATABASE_URL), a small
// world of units and role holders, and an HTTP agent that logs in and carries cookies and CSRF.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { ManualClock } from './clock.js';
import { type ServiceContext, systemContext } from './context.js';
import { type Database, migrationsFolder, openDatabase } from './db.js';
import type { ModuleManifest } from './modules.js';
import { hashPassword } from './passwords.js';
import { type RoleName, roleBindings, roleNames, units, users } from './tables.js';

export const TEST_PASSWORD = 'Test@Pass2026';

/** True when the suite runs against a PostgreSQL server as well. */
export const usingPostgres = Boolean(process.env.DATABASE_URL);

function templateKey(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) {
      hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

const cacheDir = path.resolve(migrationsFolder, '../node_modules/.cache/shoutu-test');

/** A migrated PGlite data dir is made once and cached: opening from it takes ~1 s instead of ~6. */
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(cacheDir, `template-${templateKey()}.tar.gz`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    const fresh = await openDatabase({});
    await fresh.migrate();
    const blob = await fresh.dump!();
    await fresh.close();
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.from(await blob.arrayBuffer()));
    renameSync(temp, file);
    return blob;
  }
}

/** A fresh, migrated, empty database of its own for one test file (`url` set on PostgreSQL). */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ loadDataDir: await pgliteTemplate() });
  const name = `shoutu_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  await database.migrate();
  const close = database.close;
  Object.assign(database, { url: target.toString() });
  database.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
  return database;
}

export interface TestUser {
  id: number;
  username: string;
  role: RoleName | null;
  unitId: number;
}

/**
 * The world every access test reasons about: the committee (root), unit A with a branch, and a
 * foreign unit B. Unit A has one account per role; the committee has the admin.
 */
export interface TestWorld {
  database: Database;
  app: FastifyInstance;
  clock: ManualClock;
  committee: number;
  unitA: number;
  branchA: number;
  unitB: number;
  /** One account per role, bound to unit A (committee_admin: to the committee). */
  users: Record<RoleName, TestUser>;
  /** Runs work in one transaction with a service context acting as the system (fixtures). */
  asSystem<T>(work: (ctx: ServiceContext) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function createTestWorld(
  options: { loginRateLimit?: number; extraModules?: ModuleManifest[] } = {},
): Promise<TestWorld> {
  const database = await openTestDatabase();
  const clock = new ManualClock('2026-11-27T02:00:00Z');
  const db = database.db;
  const insertUnit = async (
    name: string,
    kind: 'committee' | 'unit' | 'branch',
    parent: { id: number; path: string } | null,
  ) => {
    const [row] = await db
      .insert(units)
      .values({ name, shortName: name, kind, parentId: parent?.id ?? null })
      .returning();
    const pathValue = `${parent?.path ?? '/'}${row!.id}/`;
    await db.update(units).set({ path: pathValue }).where(eq(units.id, row!.id));
    return { id: row!.id, path: pathValue };
  };
  const committee = await insertUnit('测试市直机关工委', 'committee', null);
  const unitA = await insertUnit('甲单位', 'unit', committee);
  const branchA = await insertUnit('甲单位机关党支部', 'branch', unitA);
  const unitB = await insertUnit('外单位乙', 'unit', committee);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const testUsers = {} as Record<RoleName, TestUser>;
  for (const role of roleNames) {
    const unitId = role === 'committee_admin' ? committee.id : unitA.id;
    const username = `t-${role.replace('_', '-')}`;
    const [user] = await db
      .insert(users)
      .values({
        username,
        displayName: `测试${role}`,
        unitId,
        passwordHash,
        mustChangePassword: false,
      })
      .returning();
    await db.insert(roleBindings).values({ userId: user!.id, role, unitId });
    testUsers[role] = { id: user!.id, username, role, unitId };
  }
  const app = await buildApp({
    database,
    clock,
    secureCookies: false,
    loginRateLimit: options.loginRateLimit ?? 10_000,
    extraModules: options.extraModules,
  });
  for (const manifest of options.extraModules ?? []) await manifest.fixtures?.();
  await app.ready();
  return {
    database,
    app,
    clock,
    committee: committee.id,
    unitA: unitA.id,
    branchA: branchA.id,
    unitB: unitB.id,
    users: testUsers,
    asSystem: (work) => database.db.transaction((tx) => work(systemContext(tx, clock, '测试'))),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface Agent {
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function cookieValue(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** An HTTP agent for `app.inject`; signed in when a username is given. */
export async function agentFor(
  app: FastifyInstance,
  username?: string,
  password = TEST_PASSWORD,
): Promise<Agent> {
  const cookies: Record<string, string> = {};
  let csrf = '';
  if (username) {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (login.statusCode !== 200)
      throw new Error(`login ${username} failed: ${login.statusCode} ${login.body}`);
    cookies.shoutu_session = cookieValue(login, 'shoutu_session')!;
    csrf = cookieValue(login, 'shoutu_csrf')!;
    cookies.shoutu_csrf = csrf;
  }
  const request = (options: InjectOptions) =>
    app.inject({
      ...options,
      cookies: { ...cookies, ...(options.cookies ?? {}) },
      headers: { 'x-csrf-token': csrf, ...(options.headers ?? {}) },
    });
  const withBody = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown) =>
    request({
      method,
      url,
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

/**
 * How to create one record of an entity inside a given unit. The access-matrix test creates one
 * in the foreign unit for every route that declares `entity`; a route whose entity has no fixture
 * fails that test, so every new domain registers its own (in `<domain>/fixtures.ts`).
 */
export type EntityFixture = (ctx: ServiceContext, unitId: number) => Promise<number>;
export const entityFixtures = new Map<string, EntityFixture>();
export function registerEntityFixture(entity: string, create: EntityFixture) {
  entityFixtures.set(entity, create);
}
