// The audit log reads in Chinese: every action, kind and field an audit record names has a label
// in the modules' manifests, and a search for a label (责任书) finds the records it names.
import '../fixtures.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLabels } from './modules.js';
import { projectRoot } from './paths.js';
import { agentFor, createTestWorld, entityFixtures, type TestWorld } from './testing.js';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
  for (const [, create] of entityFixtures) {
    await world.asSystem((ctx) => create(ctx, world.unitA));
  }
}, 180_000);
afterAll(() => world.close());

const HAN = /[\u4e00-\u9fff]/;

describe('audit labels', () => {
  it('every action and kind written by every fixture has a Chinese label', async () => {
    // A sign-in and an export on top of what the fixtures wrote.
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    expect((await admin.get('/api/v1/units/export')).statusCode).toBe(200);
    const labels = auditLabels(world.app.shoutuManifests);
    const rows = await world.database.query<{ action: string; entity: string }>(
      'select distinct action, entity from audit_log',
    );
    expect(rows.length).toBeGreaterThan(entityFixtures.size);
    for (const { action, entity } of rows) {
      expect(labels.action(action), action).toMatch(HAN);
      if (entity) expect(labels.entity(entity), entity).toMatch(HAN);
    }
  });

  it('a search for 责任书 finds the letters, labelled, with named fields', async () => {
    const admin = await agentFor(world.app, world.users.committee_admin.username);
    const response = await admin.get(`/api/v1/audit?q=${encodeURIComponent('责任书')}`);
    expect(response.statusCode).toBe(200);
    const { items } = response.json() as {
      items: {
        entity: string;
        actionLabel: string;
        entityLabel: string;
        changes: { field: string; label: string }[];
      }[];
    };
    const letters = items.filter((i) => i.entity === 'responsibility-letter');
    expect(letters.length).toBeGreaterThan(0);
    expect(letters[0]!.entityLabel).toBe('意识形态工作责任书');
    expect(letters[0]!.actionLabel).toMatch(/责任书$/);
    const fields = letters[0]!.changes;
    expect(fields.length).toBeGreaterThan(2);
    const unit = fields.find((f) => f.field === 'unitId');
    expect(unit?.label).toBe('单位');
  });

  it('a search for a verb label finds actions with that verb (签订 → .sign)', () => {
    const labels = auditLabels(world.app.shoutuManifests);
    expect(labels.codesMatching('签订').verbs).toContain('sign');
    expect(labels.action('responsibility-letter.sign')).toBe('签订意识形态工作责任书');
  });
});

/** Every literal audit action in the sources (`action: 'x.y'`), so a new one cannot go unnamed. */
function literalActions(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !entry.name.includes('.test.')) {
        for (const m of readFileSync(full, 'utf8').matchAll(/\baction: '([a-z][\w.-]*\.[\w.-]+)'/g))
          found.add(m[1]!);
      }
    }
  };
  walk(path.join(projectRoot, 'src'));
  return [...found].sort();
}

describe('audit labels in the sources', () => {
  it('every literal audit action of every module has a Chinese label', () => {
    const labels = auditLabels(world.app.shoutuManifests);
    const actions = literalActions();
    expect(actions.length).toBeGreaterThan(15);
    const unnamed = actions.filter((a) => !HAN.test(labels.action(a)));
    expect(unnamed).toEqual([]);
  });
});
