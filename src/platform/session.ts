import { randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import smCrypto from 'sm-crypto';
import { loadBindings } from './access.js';
import type { Clock } from './clock.js';
import { MINUTE } from './clock.js';
import type { Db } from './db.js';
import { fail } from './errors.js';
import { sessions, users } from './tables.js';

export const SESSION_COOKIE = 'shoutu_session';
export const CSRF_COOKIE = 'shoutu_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const IDLE_TIMEOUT_MS = 30 * MINUTE;
/** However busy, a session ends this long after sign-in (MLPS: no endless sessions). */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * MINUTE;

const tokenHash = (token: string) => smCrypto.sm3(token);

export interface SessionOptions {
  db: Db;
  clock: Clock;
  secureCookies: boolean;
}

export async function createSession(
  tx: Db,
  clock: Clock,
  userId: number,
  ip: string,
): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const now = clock.now();
  await tx.insert(sessions).values({
    tokenHash: tokenHash(token),
    userId,
    csrfToken: csrf,
    ip,
    createdAt: now,
    lastSeenAt: now,
  });
  return { token, csrf };
}

export function setSessionCookies(
  reply: FastifyReply,
  secure: boolean,
  session: { token: string; csrf: string },
) {
  const base = { path: '/', sameSite: 'strict' as const, secure };
  reply.setCookie(SESSION_COOKIE, session.token, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrf, { ...base, httpOnly: false });
}

/** Clearing cookies carry the same attributes as the ones set: browsers match on them. */
export function clearSessionCookies(reply: FastifyReply, secure: boolean) {
  const base = { path: '/', sameSite: 'strict' as const, secure };
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false });
}

export async function destroySession(tx: Db, token: string | undefined) {
  if (token) await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

/** Ends every session of an account; returns how many there were. */
export async function destroyUserSessions(tx: Db, userId: number): Promise<number> {
  const ended = await tx
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ tokenHash: sessions.tokenHash });
  return ended.length;
}

/** Ends every session of an account but the caller's own (after a password change). */
export async function destroyOtherSessions(tx: Db, userId: number, keepToken: string | undefined) {
  const keep = keepToken ? tokenHash(keepToken) : '';
  await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keep)));
}

/**
 * Resolves the caller from the session cookie on every API request. Sessions live in the
 * database, so any app node can serve any request. Mutating requests must echo the CSRF token.
 */
export function sessionHook(options: SessionOptions) {
  return async (request: FastifyRequest) => {
    request.principal = null;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const [row] = await options.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash(token)));
    if (!row) return;
    const now = options.clock.now().getTime();
    if (
      now - row.session.lastSeenAt.getTime() > IDLE_TIMEOUT_MS ||
      now - row.session.createdAt.getTime() > ABSOLUTE_LIFETIME_MS ||
      !row.user.active
    ) {
      await destroySession(options.db, token);
      if (request.url.startsWith('/api/v1/auth/login')) return;
      throw fail('SESSION_EXPIRED');
    }
    const mutating = request.method !== 'GET' && request.method !== 'HEAD';
    if (mutating && !request.url.startsWith('/api/v1/auth/login')) {
      if (request.headers[CSRF_HEADER] !== row.session.csrfToken) throw fail('CSRF');
    }
    // Touch at most once a minute: keeps idle tracking without a write per request.
    if (now - row.session.lastSeenAt.getTime() > MINUTE) {
      await options.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.tokenHash, row.session.tokenHash));
    }
    request.principal = {
      id: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      unitId: row.user.unitId,
      isDemo: row.user.isDemo,
      mustChangePassword: row.user.mustChangePassword,
      totpEnabled: row.user.totpEnabled,
      bindings: await loadBindings(options.db, row.user.id),
    };
  };
}
