import { UNIT_KINDS, type UnitKind } from '../../../api/types.js';
import { type MessageId, t } from '../../../locale/zh-CN.js';

const KIND_LABEL: Record<UnitKind, MessageId> = {
  committee: 'unit.kind.committee',
  unit: 'unit.kind.unit',
  branch: 'unit.kind.branch',
  department: 'unit.kind.department',
};

export function unitKindLabel(kind: UnitKind): string {
  return t(KIND_LABEL[kind]);
}

/** Kinds a user may pick: the committee is the tree's root, created only by the system. */
export function unitKindOptions(includeCommittee = false): { label: string; value: UnitKind }[] {
  return UNIT_KINDS.filter((kind) => includeCommittee || kind !== 'committee').map((kind) => ({
    label: unitKindLabel(kind),
    value: kind,
  }));
}
