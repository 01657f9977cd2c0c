import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { type Principal, type RouteAccess, scopeFor } from './access.js';
import { writeAudit } from './audit.js';
import type { Clock } from './clock.js';
import type { ServiceContext } from './context.js';
import type { Db } from './db.js';
import { AppError, fail } from './errors.js';
import type { RoleName } from './tables.js';

type Schema = z.ZodType;
interface Schemas {
  body?: Schema;
  querystring?: Schema;
  params?: Schema;
}
type Infer<S> = S extends Schema ? z.output<S> : undefined;

export interface RequestContext<S extends Schemas = Schemas> extends ServiceContext {
  body: Infer<S['body']>;
  query: Infer<S['querystring']>;
  params: Infer<S['params']>;
  ip: string;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Commit what was written (e.g. a failed-login counter and its audit), then answer with err. */
  failAfterCommit(error: AppError): void;
}

export interface RouteSpec<S extends Schemas = Schemas> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /api/v1, e.g. `/units/:id`. */
  url: string;
  /** Chinese summary for the OpenAPI document. */
  summary: string;
  tag: string;
  access: RouteAccess;
  /** The record kind an `:id` parameter addresses; the access-matrix test probes it. */
  entity?: string;
  schema: S;
  /** Routes that answer before a forced password change is done (me, password, logout). */
  allowBeforePasswordChange?: boolean;
  /** Multipart upload routes: the body is read by the handler, not by a zod schema. */
  multipart?: boolean;
  /** Per-route rate limit (requests per minute per IP). */
  rateLimit?: number;
  handler(ctx: RequestContext<S>): Promise<unknown>;
}

/** Keeps inference of the schemas while collecting routes of many shapes in one array. */
export function route<S extends Schemas>(spec: RouteSpec<S>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export interface PlatformServices {
  db: Db;
  clock: Clock;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its access declaration, for docs and the access-matrix test. */
    shoutuRoutes: RouteSpec[];
    /** The domains' manifests the app was built from (labels, ledgers, countables). */
    shoutuManifests: import('./modules.js').ModuleManifest[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const API_PREFIX = '/api/v1';

export function requiredRoles(access: RouteAccess): readonly RoleName[] | null {
  return typeof access === 'object' ? access.roles : null;
}

/**
 * Registers routes through one wrapper that always runs in the same order: authentication,
 * role check, schema (by Fastify), one transaction (reads included), the handler, audit of denials.
 */
export function registerRoutes(
  app: FastifyInstance,
  services: PlatformServices,
  specs: RouteSpec[],
) {
  for (const spec of specs) {
    if (!spec.access) throw new Error(`route ${spec.method} ${spec.url} declares no access`);
    app.shoutuRoutes.push(spec);
    app.withTypeProvider<ZodTypeProvider>().route({
      method: spec.method,
      url: `${API_PREFIX}${spec.url}`,
      schema: { ...spec.schema, summary: spec.summary, tags: [spec.tag] },
      config: spec.rateLimit ? { rateLimit: { max: spec.rateLimit, timeWindow: 60_000 } } : {},
      // Who may call is settled before the body is validated: a caller without the role learns
      // nothing about the route's schema.
      preValidation: (request) => checkCaller(services, spec, request),
      handler: (request, reply) => runRoute(services, spec, request, reply),
    });
  }
}

async function checkCaller(services: PlatformServices, spec: RouteSpec, request: FastifyRequest) {
  if (spec.access === 'public') return;
  const user = request.principal;
  if (!user) throw fail('UNAUTHENTICATED');
  if (user.mustChangePassword && !user.isDemo && !spec.allowBeforePasswordChange) {
    throw fail('PASSWORD_CHANGE_REQUIRED');
  }
  const roles = requiredRoles(spec.access);
  if (roles && !user.bindings.some((b) => roles.includes(b.role))) {
    await auditDenied(services, request, spec);
    throw fail('FORBIDDEN');
  }
}

async function runRoute(
  services: PlatformServices,
  spec: RouteSpec,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const user = request.principal;
  const scope = scopeFor(user ?? emptyPrincipal, spec.access);
  let deferred: AppError | null = null;
  const run = async (tx: Db) => {
    const ctx: RequestContext = {
      tx,
      user,
      scope,
      body: request.body as never,
      query: request.query as never,
      params: request.params as never,
      ip: request.ip,
      clock: services.clock,
      request,
      reply,
      audit: (entry) =>
        writeAudit(tx, {
          outcome: 'success',
          ...entry,
          at: services.clock.now(),
          actorId: user?.id ?? null,
          actorName: user?.displayName ?? '',
          ip: request.ip,
        }),
      failAfterCommit: (error) => {
        deferred = error;
      },
    };
    const result = await spec.handler(ctx);
    // A reply sent from inside the transaction could reach the client before the work and its
    // audit record commit (or roll back): handlers return the body, the wrapper sends it.
    if (reply.sent)
      throw new Error(`route ${spec.method} ${spec.url} sent its reply before commit`);
    return result;
  };
  try {
    // Reads run in a transaction too: an audited read (an export) writes its audit record in
    // it, and the chain's head row stays locked until that record commits.
    const result = await services.db.transaction(run);
    if (deferred) throw deferred;
    if (result === undefined) return reply.code(204).send();
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND' && user) {
      await auditDenied(services, request, spec);
    }
    throw error;
  }
}

const emptyPrincipal: Principal = {
  id: 0,
  username: '',
  displayName: '',
  unitId: 0,
  isDemo: false,
  mustChangePassword: false,
  totpEnabled: false,
  bindings: [],
};

async function auditDenied(services: PlatformServices, request: FastifyRequest, spec: RouteSpec) {
  const user = request.principal;
  await services.db.transaction((tx) =>
    writeAudit(tx, {
      at: services.clock.now(),
      actorId: user?.id ?? null,
      actorName: user?.displayName ?? '',
      ip: request.ip,
      action: `${spec.method} ${spec.url}`,
      entity: spec.entity ?? '',
      entityId: String((request.params as Record<string, unknown> | undefined)?.id ?? ''),
      outcome: 'denied',
    }),
  );
}
