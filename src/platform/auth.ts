import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { loadBindings, type Principal } from './access.js';
import { writeAudit } from './audit.js';
import { MINUTE } from './clock.js';
import { fail } from './errors.js';
import { type RequestContext, type RouteSpec, requiredRoles, route } from './http.js';
import { type ModuleEntry, modulesFor } from './modules.js';
import { hashPassword, passwordPolicyProblem, verifyPassword } from './passwords.js';
import {
  clearSessionCookies,
  createSession,
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
          await failure('unknown-user');
          return ctx.failAfterCommit(fail('BAD_CREDENTIALS'));
        }
        if (user.lockedUntil && user.lockedUntil > now) {
          await failure('locked');
          const until = user.lockedUntil.toLocaleTimeString('zh-CN', {
            timeZone: 'Asia/Shanghai',
            hour12: false,
          });
          return ctx.failAfterCommit(fail('ACCOUNT_LOCKED', [until]));
        }
        const passwordOk = await verifyPassword(user.passwordHash, password);
        let totpOk = true;
        if (passwordOk && user.totpEnabled && user.totpSecret) {
          if (!totp) {
            await failure('totp-required');
            return ctx.failAfterCommit(fail('TOTP_REQUIRED'));
          }
          totpOk =
            totpFor(user.username, user.totpSecret).validate({
              token: totp,
              timestamp: now.getTime(),
              window: 1,
            }) !== null;
        }
        if (!passwordOk || !totpOk) {
          const attempts = user.failedAttempts + 1;
          const lock = attempts >= MAX_FAILED_ATTEMPTS;
          await ctx.tx
            .update(users)
            .set({
              failedAttempts: lock ? 0 : attempts,
              lockedUntil: lock ? new Date(now.getTime() + LOCK_MS) : user.lockedUntil,
            })
            .where(eq(users.id, user.id));
          await failure(
            passwordOk ? 'totp-invalid' : lock ? 'wrong-password-locked' : 'wrong-password',
          );
          return ctx.failAfterCommit(fail(passwordOk ? 'TOTP_INVALID' : 'BAD_CREDENTIALS'));
        }
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
        clearSessionCookies(ctx.reply);
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
        const [user] = await ctx.tx.select().from(users).where(eq(users.id, ctx.user!.id));
        if (!user || !(await verifyPassword(user.passwordHash, ctx.body.oldPassword))) {
          throw fail('VALIDATION', ['字段 oldPassword：原密码不正确'], { field: 'oldPassword' });
        }
        const problem = passwordPolicyProblem(ctx.body.newPassword);
        if (problem)
          throw fail('VALIDATION', [`字段 newPassword：${problem}`], { field: 'newPassword' });
        if (ctx.body.newPassword === ctx.body.oldPassword) {
          throw fail('VALIDATION', ['字段 newPassword：新密码不能与原密码相同'], {
            field: 'newPassword',
          });
        }
        await ctx.tx
          .update(users)
          .set({
            passwordHash: await hashPassword(ctx.body.newPassword),
            mustChangePassword: false,
            passwordChangedAt: ctx.clock.now(),
          })
          .where(eq(users.id, user.id));
        await ctx.audit({ action: 'auth.password', entity: 'user', entityId: user.id });
      },
    }),
    route({
      method: 'POST',
      url: '/auth/totp/setup',
      summary: '生成两步验证密钥',
      tag: '账号',
      access: 'any-user',
      schema: {},
      async handler(ctx) {
        const secret = new OTPAuth.Secret({ size: 20 }).base32;
        await ctx.tx
          .update(users)
          .set({ totpSecret: secret, totpEnabled: false })
          .where(eq(users.id, ctx.user!.id));
        await ctx.audit({ action: 'auth.totp.setup', entity: 'user', entityId: ctx.user!.id });
        return { secret, otpauthUrl: totpFor(ctx.user!.username, secret).toString() };
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
        if (!user?.totpSecret) throw fail('VALIDATION', ['请先生成两步验证密钥']);
        const ok = totpFor(user.username, user.totpSecret).validate({
          token: ctx.body.code,
          timestamp: ctx.clock.now().getTime(),
          window: 1,
        });
        if (ok === null) throw fail('VALIDATION', ['字段 code：验证码不正确'], { field: 'code' });
        await ctx.tx.update(users).set({ totpEnabled: true }).where(eq(users.id, user.id));
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
        const [user] = await ctx.tx.select().from(users).where(eq(users.id, ctx.user!.id));
        if (!user || !(await verifyPassword(user.passwordHash, ctx.body.password))) {
          throw fail('VALIDATION', ['字段 password：密码不正确'], { field: 'password' });
        }
        await ctx.tx
          .update(users)
          .set({ totpEnabled: false, totpSecret: null })
          .where(eq(users.id, user.id));
        await ctx.audit({ action: 'auth.totp.disable', entity: 'user', entityId: user.id });
      },
    }),
  ];
}
