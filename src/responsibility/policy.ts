// Who may do what to the responsibility ledgers' records, checked through platform/policy.ts's
// authorize() in the services and sent with every record as `allowed` (the web shows only the
// buttons it finds there). The liaison keeps the ledgers; the leader (第一责任人) reads them and
// signs letters; the committee admin does everything everywhere in its scope.
import type { RoleName } from '../platform/contract.js';
import { definePolicy, type PolicyRecord } from '../platform/policy.js';
import { type LetterStatus, letterStatusLabels } from './contract.js';

const editors: readonly RoleName[] = ['committee_admin', 'unit_liaison'];
const readers: readonly RoleName[] = ['committee_admin', 'unit_liaison', 'unit_leader'];

/** A ledger record kept by the liaison: edited and deleted by the ledger editors. */
const ledgerPolicy = (kind: string) =>
  definePolicy<PolicyRecord, 'edit' | 'delete'>({
    kind,
    read: readers,
    actions: { edit: { roles: editors }, delete: { roles: editors } },
    actionLabels: { edit: '修改', delete: '删除' },
  });

export const leadingGroupPolicy = definePolicy<PolicyRecord, 'edit'>({
  kind: 'leading-group',
  read: readers,
  actions: { edit: { roles: editors } },
  actionLabels: { edit: '调整' },
});
export const assignmentPolicy = ledgerPolicy('responsibility-assignment');
export const meetingPolicy = ledgerPolicy('agenda-meeting');
export const reportPolicy = ledgerPolicy('yearly-report');

export interface LetterRecord extends PolicyRecord {
  status: LetterStatus;
}

/**
 * Letters are a workflow (pending → signed, see `letterWorkflow` in service.ts): the states of
 * `sign` and `reopen` come from its transitions; anyone who reads letters may record a signing.
 */
export const letterPolicy = definePolicy<LetterRecord, 'edit' | 'delete' | 'sign' | 'reopen'>({
  kind: 'responsibility-letter',
  read: readers,
  actions: {
    edit: { roles: editors },
    delete: { roles: editors },
    sign: { roles: readers },
    reopen: { roles: editors },
  },
  actionLabels: { edit: '修改', delete: '删除', sign: '签订', reopen: '撤销签订' },
  stateLabels: letterStatusLabels,
});
