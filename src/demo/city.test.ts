import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type DemoCity, demoCity } from './city.js';
import { createRandom } from './random.js';

// Every unit the seed report names, spelled as the report spells it.
const SEED_UNITS = [
  '市委编办',
  '市交通局',
  '市妇联',
  '市粮食和物资储备局',
  '市乡村振兴局',
  '市人大',
  '市委宣传部',
  '市农业机械发展中心',
  '市科技局',
  '市残联',
  '国基公司',
  '市文联',
  '市委网信办',
  '市林业发展中心',
  '市交通运输局',
];

const city: DemoCity = demoCity();
const units = city.units.filter((u) => u.kind === 'unit');
const withRole = (role: string, unitKey: string) =>
  city.people.filter((p) => p.roles.some((r) => r.role === role && r.unitKey === unitKey));

describe('createRandom', () => {
  it('repeats its stream for a seed and stays in range', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const xs = Array.from({ length: 200 }, () => a.next());
    expect(Array.from({ length: 200 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(200);
    const r = createRandom(1);
    const ints = Array.from({ length: 500 }, () => r.int(3, 6));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
  });

  it('shuffles a copy holding the same elements', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = createRandom(3).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(() => createRandom(3).pick([])).toThrow();
  });
});

describe('demoCity', () => {
  it('is deterministic for a seed and varies people across seeds', () => {
    expect(demoCity(2026)).toEqual(city);
    expect(demoCity(2026)).toEqual(demoCity());
    const other = demoCity(99);
    expect(other.people.map((p) => p.name)).not.toEqual(city.people.map((p) => p.name));
    // The org chart itself does not depend on the seed, so ledgers can refer to unit keys.
    expect(other.units).toEqual(city.units);
  });

  it('names every unit of the seed report, with full names in the demo city', () => {
    const shortNames = new Set(units.map((u) => u.shortName));
    for (const name of SEED_UNITS) expect(shortNames, name).toContain(name);
    expect(units.find((u) => u.shortName === '市人大')?.name).toBe('江城市人大常委会机关');
    expect(units.find((u) => u.shortName === '市交通局')?.name).toBe('江城市交通局');
  });

  it('has a realistic number of units, each with branches and departments', () => {
    expect(units.length).toBeGreaterThanOrEqual(55);
    expect(units.length).toBeLessThanOrEqual(70);
    const categories = new Set(units.map((u) => u.category));
    expect(categories).toEqual(new Set(['党群', '政府工作部门', '事业单位', '群团', '国企']));
    for (const u of units) {
      const kids = city.units.filter((c) => c.parentKey === u.key);
      const branches = kids.filter((c) => c.kind === 'branch').length;
      const departments = kids.filter((c) => c.kind === 'department').length;
      expect(branches, u.key).toBeGreaterThanOrEqual(1);
      expect(branches, u.key).toBeLessThanOrEqual(4);
      expect(departments, u.key).toBeGreaterThanOrEqual(2);
      expect(departments, u.key).toBeLessThanOrEqual(5);
      expect(kids.every((c) => c.category === u.category)).toBe(true);
    }
  });

  it('forms a well-formed tree under the committee with unique keys, codes and sibling names', () => {
    const byKey = new Map(city.units.map((u) => [u.key, u]));
    expect(byKey.size).toBe(city.units.length);
    expect(new Set(city.units.map((u) => u.code)).size).toBe(city.units.length);
    const roots = city.units.filter((u) => u.parentKey === null);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({
      key: 'committee',
      kind: 'committee',
      shortName: '市直机关工委',
    });
    for (const u of city.units) {
      // Walk to the root; a cycle or a missing parent would never reach it within the bound.
      let cursor = u;
      let steps = 0;
      while (cursor.parentKey !== null) {
        const parent = byKey.get(cursor.parentKey);
        expect(parent, `${u.key} → ${cursor.parentKey}`).toBeDefined();
        cursor = parent!;
        steps++;
        expect(steps).toBeLessThan(city.units.length);
      }
      expect(cursor.key).toBe('committee');
      if (u.kind === 'unit') expect(byKey.get(u.parentKey!)?.kind).toBe('committee');
      if (u.kind === 'branch' || u.kind === 'department') {
        expect(['unit', 'committee']).toContain(byKey.get(u.parentKey!)?.kind);
      }
    }
    const siblings = new Set(city.units.map((u) => `${u.parentKey}/${u.shortName}`));
    expect(siblings.size).toBe(city.units.length);
  });

  it('gives every unit exactly one leader and one liaison with accounts, and a leading group', () => {
    for (const u of units) {
      const leaders = withRole('unit_leader', u.key);
      const liaisons = withRole('unit_liaison', u.key);
      expect(leaders, u.key).toHaveLength(1);
      expect(liaisons, u.key).toHaveLength(1);
      expect(leaders[0]!.username).toBe(`${u.key}-ld`);
      expect(liaisons[0]!.username).toBe(`${u.key}-lly`);
      expect(leaders[0]!.leadingGroup).toBe(true);
      const group = city.people.filter((p) => p.unitKey === u.key && p.leadingGroup);
      // The leader heads the group; 2–5 further members.
      expect(group.length, u.key).toBeGreaterThanOrEqual(3);
      expect(group.length, u.key).toBeLessThanOrEqual(6);
    }
    expect(withRole('duty_officer', 'wxb')).toHaveLength(1);
    expect(city.people.some((p) => p.roles.some((r) => r.role === 'editor'))).toBe(true);
  });

  it('has the three demo accounts with the right role and unit', () => {
    const account = (username: string) => city.people.find((p) => p.username === username);
    expect(account('gw-admin')).toMatchObject({
      unitKey: 'committee',
      roles: [{ role: 'committee_admin', unitKey: 'committee' }],
    });
    const jtj = units.find((u) => u.shortName === '市交通局')!;
    const fl = units.find((u) => u.shortName === '市妇联')!;
    expect(account('jtj-lly')).toMatchObject({
      unitKey: jtj.key,
      roles: [{ role: 'unit_liaison', unitKey: jtj.key }],
    });
    expect(account('fl-lly')).toMatchObject({
      unitKey: fl.key,
      roles: [{ role: 'unit_liaison', unitKey: fl.key }],
    });
    expect(withRole('inspector', 'committee').map((p) => p.username)).toContain('dc-zz');
    expect(withRole('duty_officer', 'committee')).toHaveLength(1);
    expect(DEMO_PASSWORD).toBe('Shoutu@2026');
  });

  it('keeps people consistent: unique keys, usernames, names and valid-looking mobiles', () => {
    const unitKeys = new Set(city.units.map((u) => u.key));
    const usernames = city.people.flatMap((p) => (p.username ? [p.username] : []));
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(new Set(city.people.map((p) => p.key)).size).toBe(city.people.length);
    expect(new Set(city.people.map((p) => p.name)).size).toBe(city.people.length);
    expect(new Set(city.people.map((p) => p.phone)).size).toBe(city.people.length);
    for (const p of city.people) {
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(unitKeys.has(p.unitKey), p.key).toBe(true);
      for (const r of p.roles) expect(unitKeys.has(r.unitKey)).toBe(true);
      // A role with a login needs a username, and only role holders get one.
      expect(p.username !== null).toBe(p.roles.length > 0);
    }
  });
});
