import { and, eq, isNull, lt, or } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { loadBindings, type Principal } from './access.js';
import { writeAudit } from './audit.js';
import { totpState, unknownLoginFailures } from './auth-tables.js';
import { MINUTE } from './clock.js';
import type { Db } from './db.js';
import { fail } from './errors.js';
import { type RequestContext, type RouteSpec, requiredRoles, route } from './http.js';
import { type ModuleEntry, modulesFor } from './modules.js';
import { hashPassword, passwordPolicyProblem, verifyPassword } from './passwords.js';
import {
  clearSessionCookies,
  createSession,
  destroyOtherSessions,
  destroySession,
  SESSION_COOKIE,
  setSessionCookies,
} from './session.js';
import { units, users } from './tables.js';
import { isStorableText, plainString, storableCopy, UNSTORABLE_TEXT, z } from './validation.js';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 30 * MINUTE;

// Verifying against a fixed hash when the user does not exist keeps timing the same.
const dummyHash = hashPassword('not-a-real-password-Shoutu#0');

function totpFor(username: string, secret: string) {
  return new OTPAuth.TOTP({
    issuer: '守土',
    label: username,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

const TOTP_PERIOD_MS = 30_000;

/**
 * The time step a code belongs to, or null when it is wrong. A code is accepted once: a step at or
 * before the last one used is refused, so an overheard code cannot be replayed within its window.
 */
function acceptTotp(
  username: string,
  secret: string,
  token: string,
  now: Date,
  lastUsedStep: number | null,
): number | null {
  const delta = totpFor(username, secret).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / TOTP_PERIOD_MS) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}

async function loadTotpState(tx: Db, userId: number) {
  const [state] = await tx
    .select()
    .from(totpState)
    .where(eq(totpState.userId, userId))
    .for('update');
  return state ?? null;
}

async function saveTotpState(
  tx: Db,
  userId: number,
  values: { pendingSecret?: string | null; lastUsedStep?: number | null },
) {
  await tx
    .insert(totpState)
    .values({ userId, pendingSecret: null, lastUsedStep: null, ...values })
    .onConflictDoUpdate({ target: totpState.userId, set: values });
}

type UserRow = typeof users.$inferSelect;

const lockTime = (until: Date) =>
  until.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** One failed password (or code) of an account: counts towards the lockout, locks at the limit. */
async function countFailure(tx: Db, user: UserRow, now: Date): Promise<boolean> {
  const attempts = user.failedAttempts + 1;
  const lock = attempts >= MAX_FAILED_ATTEMPTS;
  await tx
    .update(users)
    .set({
      failedAttempts: lock ? 0 : attempts,
      lockedUntil: lock ? new Date(now.getTime() + LOCK_MS) : user.lockedUntil,
    })
    .where(eq(users.id, user.id));
  return lock;
}

/**
 * A failed login under a name with no active account is counted like an account's own failure,
 * so the answers (401 five times, then 423 with the same message) are the same for every name.
 * Returns the lock's end when the name is locked now.
 */
async function countUnknownFailure(tx: Db, username: string, now: Date): Promise<Date | null> {
  const [row] = await tx
    .select()
    .from(unknownLoginFailures)
    .where(eq(unknownLoginFailures.username, username))
    .for('update');
  if (row?.lockedUntil && row.lockedUntil > now) return row.lockedUntil;
  const attempts = (row?.failedAttempts ?? 0) + 1;
  const lock = attempts >= MAX_FAILED_ATTEMPTS;
  const values = {
    failedAttempts: lock ? 0 : attempts,
    lockedUntil: lock ? new Date(now.getTime() + LOCK_MS) : (row?.lockedUntil ?? null),
    lastAttemptAt: now,
  };
  await tx
    .insert(unknownLoginFailures)
    .values({ username, ...values })
    .onConflictDoUpdate({ target: unknownLoginFailures.username, set: values });
  // Names nobody has tried for a day are forgotten: the table stays as small as the rate limit.
  await tx
    .delete(unknownLoginFailures)
    .where(
      and(
        lt(unknownLoginFailures.lastAttemptAt, new Date(now.getTime() - 24 * 60 * MINUTE)),
        or(isNull(unknownLoginFailures.lockedUntil), lt(unknownLoginFailures.lockedUntil, now)),
      ),
    );
  return null;
}

/**
 * Re-checks the signed-in caller's password before a sensitive change (password, two-step
 * setup or removal). Wrong guesses count towards the same lockout as login and are audited; a
 * locked account is refused. Returns the account row, or null after arranging the refusal.
 */
async function confirmPassword(
  ctx: RequestContext,
  password: string,
  action: string,
  field: string,
): Promise<UserRow | null> {
  const now = ctx.clock.now();
  const [user] = await ctx.tx.select().from(users).where(eq(users.id, ctx.user!.id)).for('update');
  if (!user) throw fail('UNAUTHENTICATED');
  const refuse = async (reason: string, error: ReturnType<typeof fail>) => {
    await ctx.audit({
      action,
      entity: 'user',
      entityId: user.id,
      outcome: 'failure',
      after: { reason },
    });
    ctx.failAfterCommit(error);
    return null;
  };
  if (user.lockedUntil && user.lockedUntil > now) {
    await verifyPassword(await dummyHash, password);
    return refuse('locked', fail('ACCOUNT_LOCKED', [lockTime(user.lockedUntil)]));
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const locked = await countFailure(ctx.tx, user, now);
    return refuse(
      locked ? 'wrong-password-locked' : 'wrong-password',
      fail('VALIDATION', [`字段 ${field}：${field === 'oldPassword' ? '原密码' : '密码'}不正确`], {
        field,
      }),
    );
  }
  if (user.failedAttempts > 0)
    await ctx.tx.update(users).set({ failedAttempts: 0 }).where(eq(users.id, user.id));
  return user;
}

export async function describeMe(
  ctx: RequestContext,
  principal: Principal,
  modules: readonly ModuleEntry[],
) {
  const [unit] = await ctx.tx.select().from(units).where(eq(units.id, principal.unitId));
  return {
    id: principal.id,
    username: principal.username,
    displayName: principal.displayName,
    unitId: principal.unitId,
    unitName: unit?.name ?? '',
    roles: principal.bindings.map((b) => ({
      role: b.role,
      unitId: b.unitId,
      unitName: b.unitName,
    })),
    mustChangePassword: principal.mustChangePassword && !principal.isDemo,
    isDemo: principal.isDemo,
    totpEnabled: principal.totpEnabled,
    modules: modulesFor(principal, modules),
    // What the caller's roles may call ("POST /units"), so the web hides what would be refused.
    allowed: ctx.request.server.shoutuRoutes
      .filter((r) => {
        const roles = requiredRoles(r.access);
        return !roles || principal.bindings.some((b) => roles.includes(b.role));
      })
      .map((r) => `${r.method} ${r.url}`),
  };
}

const loginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
  totp: z
    .string()
    .max(6)
    .regex(/^\d{6}$/, '两步验证码为 6 位数字')
    .optional(),
});

export function authRoutes(options: {
  secureCookies: boolean;
  loginRateLimit: number;
  modules: readonly ModuleEntry[];
}): RouteSpec[] {
  return [
    route({
      method: 'POST',
      url: '/auth/login',
      summary: '登录',
      tag: '账号',
      access: 'public',
      rateLimit: options.loginRateLimit,
      schema: { body: loginBody },
      async handler(ctx) {
        const { username, password, totp } = ctx.body;
        const now = ctx.clock.now();
        // A name the database cannot even look up is refused here, not by the schema, so that
        // the attempt is still audited as a failed login.
        const unstorable = !isStorableText(username)
          ? 'username'
          : !isStorableText(password)
            ? 'password'
            : null;
        if (unstorable) {
          await writeAudit(ctx.tx, {
            at: now,
            actorId: null,
            actorName: storableCopy(username),
            ip: ctx.ip,
            action: 'auth.login',
            entity: 'user',
            outcome: 'failure',
            after: { username: storableCopy(username), reason: 'invalid-input' },
          });
          return ctx.failAfterCommit(
            fail('VALIDATION', [`字段 ${unstorable}：${UNSTORABLE_TEXT}`], { field: unstorable }),
          );
        }
        const [user] = await ctx.tx
          .select()
          .from(users)
          .where(eq(users.username, username))
          .for('update');
        const failure = async (reason: string) =>
          writeAudit(ctx.tx, {
            at: now,
            actorId: user?.id ?? null,
            actorName: user?.displayName ?? username,
            ip: ctx.ip,
            action: 'auth.login',
            entity: 'user',
            entityId: user?.id,
            outcome: 'failure',
            after: { username, reason },
          });
        if (!user?.active) {
          await verifyPassword(await dummyHash, password);
          const lockedUntil = await countUnknownFailure(ctx.tx, username, now);
          await failure(lockedUntil ? 'locked' : 'unknown-user');
          return ctx.failAfterCommit(
            lockedUntil ? fail('ACCOUNT_LOCKED', [lockTime(lockedUntil)]) : fail('BAD_CREDENTIALS'),
          );
        }
        if (user.lockedUntil && user.lockedUntil > now) {
          // Same work as any other attempt: the answer's timing says nothing either.
          await verifyPassword(await dummyHash, password);
          await failure('locked');
          return ctx.failAfterCommit(fail('ACCOUNT_LOCKED', [lockTime(user.lockedUntil)]));
        }
        const passwordOk = await verifyPassword(user.passwordHash, password);
        let totpOk = true;
        let totpStep: number | null = null;
        if (passwordOk && user.totpEnabled && user.totpSecret) {
          if (!totp) {
            await failure('totp-required');
            return ctx.failAfterCommit(fail('TOTP_REQUIRED'));
          }
          const state = await loadTotpState(ctx.tx, user.id);
          totpStep = acceptTotp(
            user.username,
            user.totpSecret,
            totp,
            now,
            state?.lastUsedStep ?? null,
          );
          totpOk = totpStep !== null;
        }
        if (!passwordOk || !totpOk) {
          const lock = await countFailure(ctx.tx, user, now);
          await failure(
            passwordOk ? 'totp-invalid' : lock ? 'wrong-password-locked' : 'wrong-password',
          );
          return ctx.failAfterCommit(fail(passwordOk ? 'TOTP_INVALID' : 'BAD_CREDENTIALS'));
        }
        if (totpStep !== null) await saveTotpState(ctx.tx, user.id, { lastUsedStep: totpStep });
        await ctx.tx
          .update(users)
          .set({ failedAttempts: 0, lockedUntil: null })
          .where(eq(users.id, user.id));
        const session = await createSession(ctx.tx, ctx.clock, user.id, ctx.ip);
        setSessionCookies(ctx.reply, options.secureCookies, session);
        await writeAudit(ctx.tx, {
          at: now,
          actorId: user.id,
          actorName: user.displayName,
          ip: ctx.ip,
          action: 'auth.login',
          entity: 'user',
          entityId: user.id,
          outcome: 'success',
        });
        const principal: Principal = {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          unitId: user.unitId,
          isDemo: user.isDemo,
          mustChangePassword: user.mustChangePassword,
          totpEnabled: user.totpEnabled,
          bindings: await loadBindings(ctx.tx, user.id),
        };
        return { user: await describeMe(ctx, principal, options.modules) };
      },
    }),
    route({
      method: 'POST',
      url: '/auth/logout',
      summary: '退出登录',
      tag: '账号',
      access: 'any-user',
      allowBeforePasswordChange: true,
      schema: {},
      async handler(ctx) {
        await destroySession(ctx.tx, ctx.request.cookies[SESSION_COOKIE]);
        await ctx.audit({ action: 'auth.logout', entity: 'user', entityId: ctx.user!.id });
        clearSessionCookies(ctx.reply, options.secureCookies);
      },
    }),
    route({
      method: 'GET',
      url: '/me',
      summary: '当前用户',
      tag: '账号',
      access: 'any-user',
      allowBeforePasswordChange: true,
      schema: {},
      handler: (ctx) => describeMe(ctx, ctx.user!, options.modules),
    }),
    route({
      method: 'POST',
      url: '/auth/password',
      summary: '修改密码',
      tag: '账号',
      access: 'any-user',
      allowBeforePasswordChange: true,
      schema: {
        body: z.strictObject({
          oldPassword: plainString().min(1, '请输入原密码').max(128),
          newPassword: plainString().max(128),
        }),
      },
      async handler(ctx) {
        const problem = passwordPolicyProblem(ctx.body.newPassword, ctx.user!.username);
        if (problem)
          throw fail('VALIDATION', [`字段 newPassword：${problem}`], { field: 'newPassword' });
        if (ctx.body.newPassword === ctx.body.oldPassword) {
          throw fail('VALIDATION', ['字段 newPassword：新密码不能与原密码相同'], {
            field: 'newPassword',
          });
        }
        const user = await confirmPassword(
          ctx,
          ctx.body.oldPassword,
          'auth.password',
          'oldPassword',
        );
        if (!user) return;
        await ctx.tx
          .update(users)
          .set({
            passwordHash: await hashPassword(ctx.body.newPassword),
            mustChangePassword: false,
            passwordChangedAt: ctx.clock.now(),
          })
          .where(eq(users.id, user.id));
        // Whoever else holds a session of this account (perhaps the reason for the change) is out.
        await destroyOtherSessions(ctx.tx, user.id, ctx.request.cookies[SESSION_COOKIE]);
        await ctx.audit({ action: 'auth.password', entity: 'user', entityId: user.id });
      },
    }),
    route({
      method: 'POST',
      url: '/auth/totp/setup',
      summary: '生成两步验证密钥',
      tag: '账号',
      access: 'any-user',
      schema: { body: z.strictObject({ password: plainString().min(1, '请输入密码').max(128) }) },
      async handler(ctx) {
        const user = await confirmPassword(ctx, ctx.body.password, 'auth.totp.setup', 'password');
        if (!user) return;
        // The new secret waits until its first code is confirmed; an enabled factor stays as is.
        const secret = new OTPAuth.Secret({ size: 20 }).base32;
        await saveTotpState(ctx.tx, user.id, { pendingSecret: secret });
        await ctx.audit({ action: 'auth.totp.setup', entity: 'user', entityId: user.id });
        return { secret, otpauthUrl: totpFor(user.username, secret).toString() };
      },
    }),
    route({
      method: 'POST',
      url: '/auth/totp/enable',
      summary: '启用两步验证',
      tag: '账号',
      access: 'any-user',
      schema: {
        body: z.strictObject({
          code: z
            .string()
            .max(6)
            .regex(/^\d{6}$/, '验证码为 6 位数字'),
        }),
      },
      async handler(ctx) {
        const [user] = await ctx.tx.select().from(users).where(eq(users.id, ctx.user!.id));
        const state = user ? await loadTotpState(ctx.tx, user.id) : null;
        const secret = state?.pendingSecret ?? (user?.totpEnabled ? null : user?.totpSecret);
        if (!user || !secret) throw fail('VALIDATION', ['请先生成两步验证密钥']);
        // A new secret's codes were never used; the old secret's last step does not apply.
        const replacing = Boolean(state?.pendingSecret);
        const step = acceptTotp(
          user.username,
          secret,
          ctx.body.code,
          ctx.clock.now(),
          replacing ? null : (state?.lastUsedStep ?? null),
        );
        if (step === null) throw fail('VALIDATION', ['字段 code：验证码不正确'], { field: 'code' });
        await ctx.tx
          .update(users)
          .set({ totpEnabled: true, totpSecret: secret })
          .where(eq(users.id, user.id));
        await saveTotpState(ctx.tx, user.id, { pendingSecret: null, lastUsedStep: step });
        await ctx.audit({ action: 'auth.totp.enable', entity: 'user', entityId: user.id });
      },
    }),
    route({
      method: 'POST',
      url: '/auth/totp/disable',
      summary: '停用两步验证',
      tag: '账号',
      access: 'any-user',
      schema: { body: z.strictObject({ password: plainString().min(1).max(128) }) },
      async handler(ctx) {
        const user = await confirmPassword(ctx, ctx.body.password, 'auth.totp.disable', 'password');
        if (!user) return;
        await ctx.tx
          .update(users)
          .set({ totpEnabled: false, totpSecret: null })
          .where(eq(users.id, user.id));
        await ctx.tx.delete(totpState).where(eq(totpState.userId, user.id));
        await ctx.audit({ action: 'auth.totp.disable', entity: 'user', entityId: user.id });
      },
    }),
  ];
}
