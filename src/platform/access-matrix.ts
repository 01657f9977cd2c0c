// Walks every API route × every role × a record of a foreign unit. A route without an access
// declaration, or whose entity has no fixture, fails here — so new domains are covered as they
// land (access-matrix.test.ts runs it over the whole app; manifest.test.ts over a throwaway domain).
import '../fixtures.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, requiredRoles } from './http.js';
import type { ModuleManifest } from './modules.js';
import { sampleObject } from './schema-probe.js';
import { roleNames } from './tables.js';
import {
  type Agent,
  agentFor,
  createTestWorld,
  entityFixtures,
  type TestWorld,
} from './testing.js';

const FOREIGN_NAME = '外单位乙';

export interface SuiteOptions {
  /** Manifests served besides the discovered ones. */
  extraModules?: ModuleManifest[];
  /** Only the routes this picks (all when absent). */
  routes?: (spec: RouteSpec) => boolean;
}

export function accessMatrixSuite(options: SuiteOptions = {}) {
  let world: TestWorld;
  const foreignIds = new Map<string, number>();
  const agents = new Map<string, Agent>();
  const routes = () => world.app.shoutuRoutes.filter(options.routes ?? (() => true));

  beforeAll(async () => {
    world = await createTestWorld({ extraModules: options.extraModules });
    for (const [entity, create] of entityFixtures) {
      foreignIds.set(entity, await world.asSystem((ctx) => create(ctx, world.unitB)));
    }
    for (const role of roleNames)
      agents.set(role, await agentFor(world.app, world.users[role].username));
  }, 180_000);
  afterAll(() => world.close());

  async function successfulAudits(): Promise<number> {
    const [row] = await world.database.query<{ n: number }>(
      "select count(*)::int as n from audit_log where outcome = 'success' and action not like '%.export'",
    );
    return row!.n;
  }

  /** Finds the foreign unit in a response: its id in a unit field, or its name anywhere. */
  async function leaksForeign(body: Buffer, contentType: string): Promise<string | null> {
    if (contentType.includes('spreadsheetml')) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      let found: string | null = null;
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            if (String(cell.value ?? '').includes(FOREIGN_NAME)) found = `cell ${cell.address}`;
          }),
        ),
      );
      return found;
    }
    const text = body.toString('utf8');
    if (text.includes(FOREIGN_NAME)) return 'foreign unit name';
    if (!contentType.includes('json')) return null;
    const walk = (value: unknown): string | null => {
      if (Array.isArray(value)) return value.map(walk).find(Boolean) ?? null;
      if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          if (/^(unitId|unit_id|parentId)$/.test(key) && v === world.unitB) return `${key}=${v}`;
          const inner = walk(v);
          if (inner) return inner;
        }
      }
      return null;
    };
    return walk(JSON.parse(text));
  }

  describe('access matrix', () => {
    it('every route declares its access, and every :id route its entity with a fixture', () => {
      expect(routes().length).toBeGreaterThanOrEqual(options.routes ? 1 : 11);
      for (const spec of routes()) {
        expect(spec.access, `${spec.method} ${spec.url}`).toBeTruthy();
        if (spec.url.includes(':id')) {
          expect(spec.entity, `${spec.method} ${spec.url} declares no entity`).toBeTruthy();
          expect(
            entityFixtures.has(spec.entity!),
            `no fixture for entity ${spec.entity} (${spec.url})`,
          ).toBe(true);
        }
      }
    });

    it('the committee admin reaches the foreign records (the probes point at real records)', async () => {
      const admin = agents.get('committee_admin')!;
      for (const spec of routes()) {
        if (spec.method !== 'GET' || !spec.entity || !spec.url.endsWith(':id')) continue;
        const url = `/api/v1${spec.url.replace(':id', String(foreignIds.get(spec.entity)))}`;
        const response = await admin.get(url);
        expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
      }
    });

    for (const role of roleNames.filter((r) => r !== 'committee_admin')) {
      it(`a ${role} of unit A gets 403/404 on unit B's records, and lists leak nothing`, async () => {
        const agent = agents.get(role)!;
        for (const spec of routes()) {
          // Account routes act on the caller's own account (logout would end this agent's session).
          if (spec.access === 'public' || spec.tag === '账号') continue;
          const label = `${role} ${spec.method} ${spec.url}`;
          const url = `/api/v1${spec.entity ? spec.url.replace(':id', String(foreignIds.get(spec.entity))) : spec.url}`;
          const roles = requiredRoles(spec.access);
          const allowed = !roles || roles.includes(role);
          const body = spec.schema.body
            ? sampleObject(spec.schema.body, { unitId: world.unitB, parentId: world.unitB })
            : undefined;
          const before = await successfulAudits();
          const response = await agent.request({
            method: spec.method,
            url,
            ...(body ? { payload: body as Record<string, unknown> } : {}),
          });
          expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).not.toBe(500);
          if (!allowed) {
            expect(response.statusCode, label).toBe(403);
          } else if (spec.entity || (body && JSON.stringify(body).includes(String(world.unitB)))) {
            expect(
              [403, 404],
              `${label}: ${response.statusCode} ${response.body.slice(0, 300)}`,
            ).toContain(response.statusCode);
          } else if (response.statusCode < 300) {
            const leak = await leaksForeign(
              response.rawPayload,
              String(response.headers['content-type'] ?? ''),
            );
            expect(leak, `${label} leaks ${leak}`).toBeNull();
          } else {
            // A collection route that refuses (e.g. an upload route without a file) must say why.
            expect([400, 403, 404, 415], `${label}: ${response.body.slice(0, 300)}`).toContain(
              response.statusCode,
            );
          }
          const changed = (await successfulAudits()) - before;
          if (spec.method !== 'GET' && (spec.entity || !allowed))
            expect(changed, `${label} changed data`).toBe(0);
        }
      });
    }
  });
}
