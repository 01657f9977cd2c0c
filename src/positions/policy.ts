// Who may do what to a position and its checks, checked through platform/policy.ts's authorize()
// and sent with every record as `allowed` (the web shows only the buttons it finds there). The
// liaison keeps the unit's registry and starts checks; the leader reads; the committee admin
// does everything in its scope; inspectors read what they inspect.
import type { RoleName } from '../platform/contract.js';
import { definePolicy, type PolicyRecord } from '../platform/policy.js';
import { type PositionEventKind, positionStateLabels } from './contract.js';

export const positionEditors: readonly RoleName[] = ['committee_admin', 'unit_liaison'];
export const positionReaders: readonly RoleName[] = [
  'committee_admin',
  'inspector',
  'unit_liaison',
  'unit_leader',
];

export interface PositionRecord extends PolicyRecord {
  kind: string;
  url: string;
  status: PositionEventKind;
}

export const positionPolicy = definePolicy<PositionRecord, 'edit' | 'event' | 'check'>({
  kind: 'position',
  read: positionReaders,
  actions: {
    edit: { roles: positionEditors },
    event: { roles: positionEditors },
    check: {
      roles: positionEditors,
      check: (p) =>
        p.kind !== 'website' ? '只有门户网站可以自动检查' : !p.url ? '请先填写网站地址' : null,
    },
  },
  actionLabels: { edit: '修改', event: '登记变更', check: '立即检查' },
  stateLabels: positionStateLabels,
});
