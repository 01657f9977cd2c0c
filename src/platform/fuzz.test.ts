// Sends malformed JSON, wrong types, over-long strings and unknown fields to every route that
// takes input. Each must answer 400 with a Chinese message naming the field — never a 500.
import '../fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RouteSpec } from './http.js';
import { fieldKind, maxLength, objectShape, sampleObject } from './schema-probe.js';
import {
  type Agent,
  agentFor,
  createTestWorld,
  entityFixtures,
  type TestWorld,
} from './testing.js';

let world: TestWorld;
let admin: Agent;
const ownIds = new Map<string, number>();

beforeAll(async () => {
  world = await createTestWorld();
  for (const [entity, create] of entityFixtures) {
    ownIds.set(entity, await world.asSystem((ctx) => create(ctx, world.unitA)));
  }
  admin = await agentFor(world.app, world.users.committee_admin.username);
}, 180_000);
afterAll(() => world.close());

const CHINESE = /[\u4e00-\u9fff]/;

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

const inputRoutes = () =>
  world.app.shoutuRoutes.filter((r) => r.schema.body || r.schema.querystring);

describe('input fuzzing', () => {
  it('covers the routes that take input', () => {
    expect(inputRoutes().length).toBeGreaterThan(8);
  });

  it('malformed JSON gets a Chinese 400', async () => {
    for (const spec of world.app.shoutuRoutes.filter((r) => r.schema.body)) {
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

  it('a body that is not an object is refused', async () => {
    for (const spec of world.app.shoutuRoutes.filter((r) => r.schema.body)) {
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
