// The unit tree as the web needs it: picker data, depths for indentation, names by id.
import { useQuery } from '@tanstack/react-query';
import { unitsApi } from '../../api/org.js';
import type { Unit } from '../../api/types.js';

export interface UnitTreeNode {
  title: string;
  /** Full and short name, so a search for 市妇联 finds 江城市妇女联合会. */
  search: string;
  value: number;
  key: number;
  children: UnitTreeNode[];
}

export const ALL_UNITS_KEY = ['units', 'all'] as const;

export function useAllUnits() {
  return useQuery({
    queryKey: ALL_UNITS_KEY,
    queryFn: async () => (await unitsApi.all()).items,
    staleTime: 60_000,
  });
}

/**
 * Builds the picker tree. A unit whose parent the caller cannot see becomes a root, so a unit
 * liaison gets their own unit at the top.
 */
export function buildUnitTree(units: readonly Unit[]): UnitTreeNode[] {
  const nodes = new Map<number, UnitTreeNode>();
  for (const u of units) {
    const search = u.shortName ? `${u.name} ${u.shortName}` : u.name;
    nodes.set(u.id, { title: u.name, search, value: u.id, key: u.id, children: [] });
  }
  const roots: UnitTreeNode[] = [];
  const ordered = [...units].sort((a, b) => a.sort - b.sort || a.id - b.id);
  for (const u of ordered) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId === null ? undefined : nodes.get(u.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Depth of each unit below the highest unit the caller can see (0 for roots). */
export function unitDepths(units: readonly Unit[]): Map<number, number> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const depths = new Map<number, number>();
  const depthOf = (unit: Unit, guard: number): number => {
    const known = depths.get(unit.id);
    if (known !== undefined) return known;
    const parent = unit.parentId === null ? undefined : byId.get(unit.parentId);
    // The guard stops a corrupt cycle from looping forever.
    const depth = parent && guard < 64 ? depthOf(parent, guard + 1) + 1 : 0;
    depths.set(unit.id, depth);
    return depth;
  };
  for (const u of units) depthOf(u, 0);
  return depths;
}

export function unitNames(units: readonly Unit[]): Map<number, string> {
  return new Map(units.map((u) => [u.id, u.name]));
}

/** TreeSelect props shared by every unit picker: searchable by full or short name. */
export const UNIT_PICKER_SEARCH = { showSearch: true, treeNodeFilterProp: 'search' } as const;
