import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { scheduleReminders } from './compliance/reminders.js';
import { loadManifests } from './modules.js';
import { authRoutes } from './platform/auth.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { AppError, fail } from './platform/errors.js';
import { API_PREFIX, type RouteSpec, registerRoutes, route } from './platform/http.js';
import type { ModuleManifest } from './platform/modules.js';
import { projectRoot } from './platform/paths.js';
import { sessionHook } from './platform/session.js';
import { MAX_UPLOAD_BYTES } from './platform/uploads.js';
import { issueMessage } from './platform/validation.js';

export interface AppOptions {
  database: Database;
  clock?: Clock;
  secureCookies?: boolean;
  loginRateLimit?: number;
  demo?: boolean;
  logger?: boolean;
  /** Manifests served besides the discovered ones (a test's throwaway domain). */
  extraModules?: ModuleManifest[];
}

const webRoot = path.join(projectRoot, 'web/dist');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const db = options.database.db;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: (await import('./platform/config.js')).trustProxyOption(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('shoutuRoutes', [] as RouteSpec[]);
  app.decorateRequest('principal', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: '守土 API', version: '1' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith(API_PREFIX)) {
      await sessionHook({ db, clock, secureCookies: options.secureCookies ?? true })(request);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return reply.code(error.status).send(error.toJSON());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = { body: '', querystring: '查询参数', params: '路径参数', headers: '请求头' }[
        error.validationContext ?? 'body'
      ];
      const first = error.validation[0]!;
      const issue = {
        path: first.instancePath.split('/').filter(Boolean),
        code: first.keyword,
        message: first.message ?? '',
        keys: (first.params as { keys?: string[] }).keys,
      };
      const field = issue.path.join('.') || (issue.keys ?? []).join('、');
      const messages = error.validation.map((v) =>
        issueMessage(
          {
            path: v.instancePath.split('/').filter(Boolean),
            code: v.keyword,
            message: v.message ?? '',
            keys: (v.params as { keys?: string[] }).keys,
          },
          where,
        ),
      );
      return reply.code(400).send(fail('VALIDATION', [messages.join('；')], { field }).toJSON());
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return reply.code(400).send(fail('INVALID_JSON').toJSON());
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.code(413).send(fail('PAYLOAD_TOO_LARGE', ['1 MB']).toJSON());
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send(fail('UNSUPPORTED_MEDIA', [String(request.headers['content-type'] ?? '')]).toJSON());
    }
    if (error.statusCode === 429) return reply.code(429).send(fail('RATE_LIMITED').toJSON());
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(400).send(fail('VALIDATION', [`请求无效：${error.message}`]).toJSON());
    }
    request.log.error(error);
    return reply.code(500).send(fail('INTERNAL').toJSON());
  });

  app.get('/api/health', async () => ({ status: 'ok', db: options.database.kind }));

  const manifests = [...(await loadManifests()), ...(options.extraModules ?? [])];
  app.decorate('shoutuManifests', manifests);
  const modules = manifests.flatMap((m) => m.menu ?? []);
  const services = { db, clock };
  registerRoutes(app, services, [
    ...authRoutes({
      secureCookies: options.secureCookies ?? true,
      loginRateLimit: options.loginRateLimit ?? 30,
      modules,
    }),
    route({
      method: 'GET',
      url: '/demo-info',
      summary: '是否为演示环境',
      tag: '账号',
      access: 'public',
      schema: {},
      handler: async () => ({ demo: options.demo ?? false }),
    }),
    ...manifests.flatMap((m) => m.routes ?? []),
  ]);
  scheduleReminders(app, services);
  // The demo city's synthetic unit websites (pages, not API routes), only when serving the demo.
  if (options.demo) {
    const { demoSitesPlugin } = await import('./positions/demo-sites.js');
    await app.register(demoSitesPlugin, { clock });
  }

  if (existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api')) return reply.code(404).send(fail('NOT_FOUND').toJSON());
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api')) return reply.code(404).send(fail('NOT_FOUND').toJSON());
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('网页尚未构建：请运行 npm start 或 npm run build:web');
    });
  }
  return app;
}
