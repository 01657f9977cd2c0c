// What every ledger page needs to know about the caller: the units they see (for pickers), the
// unit their records default to, and the people of a unit's family. Whether they may change
// something is the server's list of allowed routes (`useCan()`), never a role check here.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { peopleApi } from '../../api/org.js';
import type { Person, Unit } from '../../api/types.js';
import { useMe } from '../../auth/session.js';
import { buildUnitTree, UNIT_PICKER_SEARCH, useAllUnits } from '../../pages/org/unitTree.js';

export function useLedgerScope() {
  const me = useMe().data;
  const allUnits = useAllUnits();
  const units = allUnits.data ?? [];
  const treeData = useMemo(() => buildUnitTree(units), [units]);
  const roles = me?.roles ?? [];
  const isCommittee = roles.some((r) => r.role === 'committee_admin');
  // A liaison's or leader's records belong to the unit of their role; the committee picks one.
  const ownUnitId = roles.find(
    (r) => r.role === 'unit_liaison' || r.role === 'unit_leader',
  )?.unitId;
  const isLeader = roles.some((r) => r.role === 'unit_leader');
  return {
    me,
    units,
    treeData,
    unitPicker: { treeData, ...UNIT_PICKER_SEARCH },
    isCommittee,
    isLeader,
    defaultUnitId: isCommittee ? undefined : ownUnitId,
  };
}

export type LedgerScope = ReturnType<typeof useLedgerScope>;

/** The nearest unit of kind 'unit' at or above `unitId`: whose people a record may name. */
export function owningUnit(units: readonly Unit[], unitId: number | undefined): Unit | undefined {
  if (!unitId) return undefined;
  const byId = new Map(units.map((u) => [u.id, u]));
  let current = byId.get(unitId);
  const start = current;
  for (let guard = 0; current && guard < 64; guard++) {
    if (current.kind === 'unit') return current;
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return start;
}

/** People a record of `unitId` may name: those of the unit itself and of its owning unit. */
export function useFamilyPeople(units: readonly Unit[], unitId: number | undefined) {
  const owner = owningUnit(units, unitId);
  const ids = [...new Set([owner?.id, unitId].filter((v): v is number => !!v))];
  return useQuery({
    queryKey: ['people', 'family', ...ids],
    enabled: ids.length > 0,
    staleTime: 60_000,
    queryFn: async (): Promise<Person[]> => {
      const pages = await Promise.all(
        ids.map((id) => peopleApi.list({ unitId: id, page: 1, pageSize: 500 })),
      );
      return pages.flatMap((p) => p.items).filter((p) => p.active);
    },
  });
}

export function unitKind(units: readonly Unit[], unitId: number | undefined) {
  return units.find((u) => u.id === unitId)?.kind;
}

/** '张三（局长）' — how every ledger names a person in a picker. */
export function personLabel(person: Pick<Person, 'name' | 'title'>): string {
  return person.title ? `${person.name}（${person.title}）` : person.name;
}
