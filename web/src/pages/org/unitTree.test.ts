import { describe, expect, it } from 'vitest';
import type { Unit } from '../../api/types.js';
import { buildUnitTree, unitDepths } from './unitTree.js';

function unit(id: number, parentId: number | null, sort = 0): Unit {
  return {
    id,
    name: `单位${id}`,
    shortName: null,
    parentId,
    kind: 'unit',
    code: null,
    sort,
    path: '',
  };
}

describe('unit tree helpers', () => {
  const units = [unit(1, null), unit(3, 1, 2), unit(2, 1, 1), unit(4, 2), unit(9, 99)];

  it('nests units under their parents in sort order; hidden parents make roots', () => {
    const tree = buildUnitTree(units);
    expect(tree.map((n) => n.value)).toEqual([1, 9]);
    expect(tree[0]!.children.map((n) => n.value)).toEqual([2, 3]);
    expect(tree[0]!.children[0]!.children.map((n) => n.value)).toEqual([4]);
  });

  it('lets pickers find a unit by its short name', () => {
    const [root] = buildUnitTree([
      { ...unit(1, null), name: '江城市妇女联合会', shortName: '市妇联' },
    ]);
    expect(root!.search).toContain('市妇联');
    expect(root!.title).toBe('江城市妇女联合会');
  });

  it('measures depth below the highest visible unit', () => {
    const depths = unitDepths(units);
    expect([1, 2, 3, 4, 9].map((id) => depths.get(id))).toEqual([0, 1, 1, 2, 0]);
  });

  it('survives a cycle in corrupt data', () => {
    const depths = unitDepths([unit(5, 6), unit(6, 5)]);
    expect(depths.get(5)).toBeGreaterThanOrEqual(0);
  });
});
