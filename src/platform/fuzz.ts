// Sends malformed JSON, wrong types, over-long strings and unknown fields to every route that
// takes input. Each must answer 400 with a Chinese message naming the field — never a 500.
// fuzz.test.ts runs it over the whole app; manifest.test.ts over a throwaway domain.
import '../fixtures.js';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { SuiteOptions } from './access-matrix.js';
import type { RouteSpec } from './http.js';
import { defOf, fieldKind, maxLength, objectShape, sampleObject, unwrap } from './schema-probe.js';
import { auditLog } from './tables.js';
import {
  type Agent,
  agentFor,
  createTestWorld,
  entityFixtures,
  type TestWorld,
} from './testing.js';

export function fuzzSuite(options: SuiteOptions = {}) {
  let world: TestWorld;
  let admin: Agent;
  const ownIds = new Map<string, number>();
  const routes = () => world.app.shoutuRoutes.filter(options.routes ?? (() => true));

  beforeAll(async () => {
    world = await createTestWorld({ extraModules: options.extraModules });
    for (const [entity, create] of entityFixtures) {
      ownIds.set(entity, await world.asSystem((ctx) => create(ctx, world.unitA)));
    }
    admin = await agentFor(world.app, world.users.committee_admin.username);
  }, 180_000);
  afterAll(() => world.close());

  const CHINESE = /[\u4e00-\u9fff]/;

  async function loginFailures() {
    const [row] = await world.database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login'), eq(auditLog.outcome, 'failure')));
    return row!.n;
  }

  function urlOf(spec: RouteSpec) {
    return `/api/v1${spec.entity ? spec.url.replace(':id', String(ownIds.get(spec.entity))) : spec.url}`;
  }

  /** Values of the wrong type for a field of the given kind. */
  function wrongValues(kind: string): unknown[] {
    switch (kind) {
      case 'string':
      case 'enum':
        return [12345, { nested: true }, ['x']];
      case 'number':
      case 'int':
        return ['abc', true, { n: 1 }];
      case 'boolean':
        return ['maybe', 3];
      case 'array':
        return ['x', { a: 1 }];
      case 'object':
        return ['x', 7];
      default:
        return [{ unexpected: true }];
    }
  }

  function expectNamedRejection(
    response: { statusCode: number; body: string },
    field: string,
    label: string,
  ) {
    expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(400);
    const error = JSON.parse(response.body).error;
    expect(error.message, label).toMatch(CHINESE);
    expect(`${error.message} ${error.field ?? ''}`, `${label} does not name ${field}`).toContain(
      field,
    );
  }

  const inputRoutes = () => routes().filter((r) => r.schema.body || r.schema.querystring);

  describe('input fuzzing', () => {
    it('covers the routes that take input', () => {
      expect(inputRoutes().length).toBeGreaterThanOrEqual(options.routes ? 1 : 9);
    });

    it('malformed JSON gets a Chinese 400', async () => {
      for (const spec of routes().filter((r) => r.schema.body)) {
        const response = await admin.request({
          method: spec.method,
          url: urlOf(spec),
          headers: { 'content-type': 'application/json' },
          payload: '{"name": "未闭合',
        });
        expect(response.statusCode, `${spec.method} ${spec.url}`).toBe(400);
        expect(response.json().error.message).toMatch(CHINESE);
      }
    });

    it('unknown fields, wrong types and over-long strings are refused naming the field', async () => {
      for (const spec of inputRoutes()) {
        for (const where of ['body', 'querystring'] as const) {
          const schema = spec.schema[where] as z.ZodType | undefined;
          const shape = objectShape(schema);
          if (!schema || !shape) continue;
          const valid = sampleObject(schema, { unitId: world.unitA, parentId: world.unitA });
          const send = (value: Record<string, unknown>) =>
            where === 'body'
              ? admin.request({ method: spec.method, url: urlOf(spec), payload: value })
              : admin.request({
                  method: spec.method,
                  url: urlOf(spec),
                  query: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])),
                });
          const label = `${spec.method} ${spec.url} ${where}`;
          expectNamedRejection(
            await send({ ...valid, zzUnknownField: 'x' }),
            'zzUnknownField',
            `${label} unknown field`,
          );
          for (const [field, fieldSchema] of Object.entries(shape)) {
            const kind = fieldKind(fieldSchema);
            const wrongs =
              where === 'querystring'
                ? kind === 'number' || kind === 'int'
                  ? ['abc']
                  : []
                : wrongValues(kind);
            for (const wrong of wrongs) {
              expectNamedRejection(
                await send({ ...valid, [field]: wrong }),
                field,
                `${label} ${field}=${JSON.stringify(wrong)}`,
              );
            }
            if (kind === 'string') {
              const max = maxLength(fieldSchema);
              expect(max, `${label} ${field} has no maximum length`).not.toBeNull();
              const long = 'x'.repeat(max! + 1);
              expectNamedRejection(
                await send({ ...valid, [field]: long }),
                field,
                `${label} ${field} too long`,
              );
            }
          }
        }
      }
    }, 120_000);

    it('an empty PATCH is refused with a Chinese 400, not a 500', async () => {
      const patches = routes().filter((r) => r.method === 'PATCH' && r.schema.body);
      expect(patches.length).toBeGreaterThanOrEqual(options.routes ? 0 : 6);
      for (const spec of patches) {
        const response = await admin.request({ method: 'PATCH', url: urlOf(spec), payload: {} });
        const label = `PATCH ${spec.url} {}`;
        expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(400);
        expect(response.json().error.message, label).toMatch(/没有要修改的字段/);
      }
    });

    // PostgreSQL refuses NUL in text and JSON; an unpaired surrogate is not valid Unicode.
    const poisoned = [
      { name: 'NUL', value: 'a\u0000b', query: 'a%00b' },
      { name: 'lone high surrogate', value: 'a\ud800b', query: 'a%ED%A0%80b' },
      { name: 'lone low surrogate', value: 'x\udc00', query: 'x%ED%B0%80' },
    ];

    it('NUL bytes and unpaired surrogates in any string field or query parameter are a 400 naming it', async () => {
      let probes = 0;
      for (const spec of inputRoutes()) {
        for (const where of ['body', 'querystring'] as const) {
          const schema = spec.schema[where] as z.ZodType | undefined;
          const shape = objectShape(schema);
          if (!schema || !shape) continue;
          const valid = sampleObject(schema, { unitId: world.unitA, parentId: world.unitA });
          for (const [field, fieldSchema] of Object.entries(shape)) {
            const kind = fieldKind(fieldSchema);
            // A list of texts (participants, dictionary phrases) is probed through one element.
            const element = kind === 'array' ? defOf(unwrap(fieldSchema)).element : undefined;
            const listOfText = !!element && ['string', 'enum'].includes(fieldKind(element));
            // Query values are all strings on the wire: every parameter is probed.
            if (where === 'body' && kind !== 'string' && kind !== 'enum' && !listOfText) continue;
            for (const poison of poisoned) {
              const label = `${spec.method} ${spec.url} ${where} ${field} ${poison.name}`;
              const response =
                where === 'body'
                  ? await admin.request({
                      method: spec.method,
                      url: urlOf(spec),
                      payload: { ...valid, [field]: listOfText ? [poison.value] : poison.value },
                    })
                  : await admin.request({
                      method: spec.method,
                      url: `${urlOf(spec)}?${[
                        ...Object.entries(valid)
                          .filter(([k]) => k !== field)
                          .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`),
                        `${field}=${poison.query}`,
                      ].join('&')}`,
                    });
              probes++;
              // A URL carries UTF-8 bytes, so a surrogate's bytes are invalid UTF-8 and arrive as
              // the literal `%ED%A0%80` text: harmless, but it must never be a 5xx.
              if (where === 'querystring' && poison.name !== 'NUL')
                expect(
                  response.statusCode,
                  `${label}: ${response.body.slice(0, 300)}`,
                ).toBeLessThan(500);
              else expectNamedRejection(response, field, label);
            }
          }
        }
      }
      expect(probes).toBeGreaterThanOrEqual(options.routes ? 1 : 51);
    }, 180_000);

    it('a login name with a NUL byte is a 400 naming it, and the failed login is audited', async () => {
      const before = await loginFailures();
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin\u0000x', password: 'whatever-1' },
      });
      expectNamedRejection(response, 'username', 'login NUL');
      expect(await loginFailures()).toBe(before + 1);
      const surrogate = await world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'adm\ud800in', password: 'whatever-1' },
      });
      expectNamedRejection(surrogate, 'username', 'login surrogate');
      expect(await loginFailures()).toBe(before + 2);
    });

    it('a body that is not an object is refused', async () => {
      for (const spec of routes().filter((r) => r.schema.body)) {
        const response = await admin.request({
          method: spec.method,
          url: urlOf(spec),
          payload: '[1,2,3]',
          headers: { 'content-type': 'application/json' },
        });
        expect(response.statusCode, `${spec.method} ${spec.url}`).toBe(400);
        expect(response.json().error.message).toMatch(CHINESE);
      }
    });
  });
}
