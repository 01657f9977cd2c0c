import { type Principal, Scope } from './access.js';
import { type AuditEntry, writeAudit } from './audit.js';
import type { Clock } from './clock.js';
import type { Db } from './db.js';

export type AuditInput = Omit<AuditEntry, 'at' | 'actorId' | 'actorName' | 'ip' | 'outcome'> & {
  outcome?: AuditEntry['outcome'];
};

/** What a service operation needs: the transaction, who acts, what they reach, and the audit. */
export interface ServiceContext {
  tx: Db;
  user: Principal | null;
  scope: Scope;
  clock: Clock;
  audit(entry: AuditInput): Promise<void>;
}

/** For commands run from the shell (import, demo): the whole tree, audited as the system. */
export function systemContext(tx: Db, clock: Clock, actorName: string): ServiceContext {
  return {
    tx,
    user: null,
    scope: new Scope(['/']),
    clock,
    audit: (entry) =>
      writeAudit(tx, {
        outcome: 'success',
        ...entry,
        at: clock.now(),
        actorId: null,
        actorName,
        ip: 'cli',
      }),
  };
}
