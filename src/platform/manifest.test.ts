// A domain is its manifest: a throwaway one, handed to the app and nowhere else, is served,
// walked by the access matrix, fuzzed and labelled — on PGlite and, in the postgres project,
// on PostgreSQL — without an edit to any list of routes, fixtures or test folders.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requireUnits } from './access.js';
import { accessMatrixSuite } from './access-matrix.js';
import { fuzzSuite } from './fuzz.js';
import { route } from './http.js';
import { auditLabels, complianceEffect, type ModuleManifest } from './modules.js';
import { agentFor, createTestWorld, registerEntityFixture } from './testing.js';
import { id, idParams, requiredText } from './validation.js';

const throwaway: ModuleManifest = {
  id: 'throwaway',
  label: '试验模块',
  menu: [{ id: 'throwaway', roles: ['committee_admin', 'unit_liaison'] }],
  routes: [
    route({
      method: 'GET',
      url: '/throwaway-units/:id',
      summary: '试验：查看一个单位',
      tag: '试验',
      access: { roles: ['committee_admin', 'unit_liaison'] },
      entity: 'throwaway-unit',
      schema: { params: idParams },
      async handler(ctx) {
        const [unit] = await requireUnits(ctx.tx, ctx.scope, [ctx.params.id]);
        return { id: unit!.id, name: unit!.name };
      },
    }),
    route({
      method: 'POST',
      url: '/throwaway-notes',
      summary: '试验：为单位记一笔',
      tag: '试验',
      access: { roles: ['committee_admin', 'unit_liaison'] },
      schema: { body: z.strictObject({ unitId: id, note: requiredText(50) }) },
      async handler(ctx) {
        await requireUnits(ctx.tx, ctx.scope, [ctx.body.unitId]);
        await ctx.audit({
          action: 'throwaway-note.create',
          entity: 'throwaway-note',
          unitId: ctx.body.unitId,
          after: ctx.body,
        });
        return { unitId: ctx.body.unitId, note: ctx.body.note };
      },
    }),
  ],
  entities: { 'throwaway-note': { label: '试验记录', compliance: 'unit' } },
  // The record an `:id` route addresses here is the unit itself.
  fixtures: async () => registerEntityFixture('throwaway-unit', async (_ctx, unitId) => unitId),
};

const onlyThrowaway = {
  extraModules: [throwaway],
  routes: (r: { tag: string }) => r.tag === '试验',
};

describe('a domain added through its manifest alone', () => {
  it('is served, in the menu of its roles, and its audit actions read in Chinese', async () => {
    const world = await createTestWorld({ extraModules: [throwaway] });
    try {
      const liaison = await agentFor(world.app, world.users.unit_liaison.username);
      const own = await liaison.get(`/api/v1/throwaway-units/${world.unitA}`);
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ id: world.unitA, name: '甲单位' });
      const created = await liaison.post('/api/v1/throwaway-notes', {
        unitId: world.unitA,
        note: '第一笔',
      });
      expect(created.statusCode).toBe(200);
      const me = await liaison.get('/api/v1/me');
      expect(me.json().modules).toContain('throwaway');
      const leader = await agentFor(world.app, world.users.unit_leader.username);
      expect((await leader.get('/api/v1/me')).json().modules).not.toContain('throwaway');

      const labels = auditLabels(world.app.shoutuManifests);
      expect(labels.action('throwaway-note.create')).toBe('新增试验记录');
      expect(labels.codesMatching('试验记录').entities).toEqual(['throwaway-note']);
      expect(complianceEffect(world.app.shoutuManifests, 'throwaway-note.create')).toBe('unit');
      // An action no manifest declares changes nothing compliance reads.
      expect(complianceEffect(world.app.shoutuManifests, 'never-heard-of.create')).toBeNull();
    } finally {
      await world.close();
    }
  });
});

describe('the throwaway domain in the access matrix', () => {
  accessMatrixSuite(onlyThrowaway);
});

describe('the throwaway domain fuzzed', () => {
  fuzzSuite(onlyThrowaway);
});
