import { and, asc, desc, eq, gt, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import smCrypto from 'sm-crypto';
import type { Db } from './db.js';
import { containsPattern } from './search.js';
import { type AuditOutcome, auditHead, auditLog } from './tables.js';

export interface AuditEntry {
  at: Date;
  actorId: number | null;
  actorName: string;
  ip: string;
  action: string;
  entity?: string;
  entityId?: string | number;
  unitId?: number | null;
  outcome: AuditOutcome;
  before?: unknown;
  after?: unknown;
}

/** JSON with keys sorted at every level: jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Dates become ISO strings, undefined disappears: what jsonb will give back. */
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

interface HashedFields {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string;
  ip: string;
  action: string;
  entity: string;
  entityId: string;
  unitId: number | null;
  outcome: AuditOutcome;
  before: unknown;
  after: unknown;
  prevHash: string;
}

export function auditHash(r: HashedFields): string {
  return smCrypto.sm3(
    canonicalJson({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      ip: r.ip,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      unitId: r.unitId,
      outcome: r.outcome,
      before: r.before,
      after: r.after,
      prevHash: r.prevHash,
    }),
  );
}

/**
 * Appends one record to the SM3 hash chain inside the caller's transaction. Locking the head row
 * serialises appends across app nodes, so the chain never forks.
 */
export async function writeAudit(tx: Db, entry: AuditEntry): Promise<void> {
  const [head] = await tx
    .select()
    .from(auditHead)
    .where(eq(auditHead.singleton, true))
    .for('update');
  if (!head) throw new Error('audit_head row missing: migrations not applied');
  const fields: HashedFields = {
    id: head.lastId + 1,
    at: entry.at,
    actorId: entry.actorId,
    actorName: entry.actorName,
    ip: entry.ip,
    action: entry.action,
    entity: entry.entity ?? '',
    entityId: entry.entityId === undefined ? '' : String(entry.entityId),
    unitId: entry.unitId ?? null,
    outcome: entry.outcome,
    before: plain(entry.before),
    after: plain(entry.after),
    prevHash: head.lastHash,
  };
  const hash = auditHash(fields);
  await tx.insert(auditLog).values({ ...fields, hash });
  await tx
    .update(auditHead)
    .set({ lastId: fields.id, lastHash: hash })
    .where(eq(auditHead.singleton, true));
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenId?: number;
  reason?: string;
}

/** Walks the chain in id order and names the first record whose link or content is broken. */
export async function verifyAuditChain(db: Db, batchSize = 2000): Promise<VerifyResult> {
  let prevHash = '0'.repeat(64);
  let expectedId = 1;
  let checked = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, expectedId - 1))
      .orderBy(asc(auditLog.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.id !== expectedId) {
        return {
          ok: false,
          checked,
          brokenId: expectedId,
          reason: `缺少第 ${expectedId} 条记录（可能被删除）`,
        };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, brokenId: row.id, reason: '与上一条记录的链接不符' };
      }
      if (auditHash(row) !== row.hash) {
        return { ok: false, checked, brokenId: row.id, reason: '记录内容与其哈希不符（已被篡改）' };
      }
      prevHash = row.hash;
      expectedId++;
      checked++;
    }
  }
  const [head] = await db.select().from(auditHead);
  if (head && (head.lastId !== expectedId - 1 || head.lastHash !== prevHash)) {
    return {
      ok: false,
      checked,
      brokenId: head.lastId,
      reason: '链尾与记录不符（末尾记录可能被删除）',
    };
  }
  return { ok: true, checked };
}

export interface AuditQuery {
  q?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
  /** Codes whose Chinese labels match `q` (from the manifests). */
  labelled?: { actions: string[]; entities: string[]; verbs: string[] };
}

export async function searchAudit(db: Db, query: AuditQuery) {
  const conditions: SQL[] = [];
  if (query.q) {
    const like = containsPattern(query.q);
    // The Chinese labels of actions, kinds and verbs match too (责任书 finds the letters).
    const labelled = query.labelled ?? { actions: [], entities: [], verbs: [] };
    conditions.push(
      or(
        ilike(auditLog.action, like),
        ilike(auditLog.entity, like),
        ilike(auditLog.actorName, like),
        sql`${auditLog.after}::text ilike ${like}`,
        sql`${auditLog.before}::text ilike ${like}`,
        ...(labelled.actions.length ? [inArray(auditLog.action, labelled.actions)] : []),
        ...(labelled.entities.length ? [inArray(auditLog.entity, labelled.entities)] : []),
        ...labelled.verbs.map((verb) => sql`${auditLog.action} like ${`%.${verb}`}`),
      )!,
    );
  }
  if (query.actor) conditions.push(ilike(auditLog.actorName, containsPattern(query.actor)));
  if (query.action) conditions.push(ilike(auditLog.action, containsPattern(query.action)));
  if (query.from) conditions.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) conditions.push(lte(auditLog.at, new Date(query.to)));
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}
