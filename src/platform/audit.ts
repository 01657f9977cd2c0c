import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, desc, eq, gt, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import smCrypto from 'sm-crypto';
import { auditAnchors } from './audit-tables.js';
import type { Db, QueryFn } from './db.js';
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

// ------------------------------------------------------------------ the anchoring key

/** Every this many records the chain gets a permanent anchor; the head anchor covers the rest. */
export const AUDIT_SEGMENT = 256;
const HEAD_ANCHOR_ID = 0;

let cachedKey: { source: string; key: number[] } | null = null;

/**
 * The secret the anchors are keyed with, kept outside the database: `SHOUTU_AUDIT_KEY`, or else
 * the key file in the data directory, generated (mode 0600) the first time it is needed.
 */
export function auditKey(env: NodeJS.ProcessEnv = process.env): number[] {
  const fromEnv = env.SHOUTU_AUDIT_KEY?.trim();
  const file = path.join(path.resolve(env.SHOUTU_DATA_DIR || 'data'), 'audit.key');
  const source = fromEnv ? `env:${fromEnv}` : `file:${file}`;
  if (cachedKey?.source === source) return cachedKey.key;
  let text = fromEnv ?? '';
  if (!text) {
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      // Written aside and linked into place: a concurrent starter never reads a half-written key.
      mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(temp);
      }
      text = readFileSync(file, 'utf8').trim();
    }
  }
  if (text.length < 16) throw new Error('SHOUTU_AUDIT_KEY 至少需要 16 个字符');
  cachedKey = { source, key: [...Buffer.from(text, 'utf8')] };
  return cachedKey.key;
}

function anchorMac(key: number[], kind: 'segment' | 'head', recordId: number, hash: string) {
  return smCrypto.sm3(`shoutu-audit-anchor|${kind}|${recordId}|${hash}`, { key });
}

function chainFields(head: { lastId: number; lastHash: string }, entry: AuditEntry): HashedFields {
  return {
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
}

/** The anchors an appended record brings: the head's always, a segment's at a boundary. */
function anchorsFor(id: number, hash: string) {
  const key = auditKey();
  const head = { id: HEAD_ANCHOR_ID, kind: 'head' as const, recordId: id, recordHash: hash };
  return {
    head: { ...head, mac: anchorMac(key, 'head', id, hash) },
    segment:
      id % AUDIT_SEGMENT === 0
        ? {
            id,
            kind: 'segment' as const,
            recordId: id,
            recordHash: hash,
            mac: anchorMac(key, 'segment', id, hash),
          }
        : null,
  };
}

/**
 * Appends one record to the SM3 hash chain inside the caller's transaction. Locking the head row
 * serialises appends across app nodes, so the chain never forks. Anchors under a key the database
 * does not hold are written with it: a chain recomputed without the key no longer matches them.
 */
export async function writeAudit(tx: Db, entry: AuditEntry): Promise<void> {
  const [head] = await tx
    .select()
    .from(auditHead)
    .where(eq(auditHead.singleton, true))
    .for('update');
  if (!head) throw new Error('audit_head row missing: migrations not applied');
  const fields = chainFields(head, entry);
  const hash = auditHash(fields);
  await tx.insert(auditLog).values({ ...fields, hash });
  await tx
    .update(auditHead)
    .set({ lastId: fields.id, lastHash: hash })
    .where(eq(auditHead.singleton, true));
  const anchors = anchorsFor(fields.id, hash);
  if (anchors.segment) await tx.insert(auditAnchors).values(anchors.segment);
  const { id: _id, ...headSet } = anchors.head;
  await tx
    .insert(auditAnchors)
    .values(anchors.head)
    .onConflictDoUpdate({ target: auditAnchors.id, set: headSet });
}

/** The same append over plain SQL, for maintenance that runs on a raw connection (restore). */
export async function writeAuditRaw(query: QueryFn, entry: AuditEntry): Promise<void> {
  const [head] = await query<{ last_id: number; last_hash: string }>(
    'select last_id, last_hash from audit_head where singleton for update',
  );
  if (!head) throw new Error('audit_head row missing: migrations not applied');
  const fields = chainFields({ lastId: Number(head.last_id), lastHash: head.last_hash }, entry);
  const hash = auditHash(fields);
  await query(
    `insert into audit_log (id, at, actor_id, actor_name, ip, action, entity, entity_id, unit_id,
       outcome, before, after, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14)`,
    [
      fields.id,
      fields.at.toISOString(),
      fields.actorId,
      fields.actorName,
      fields.ip,
      fields.action,
      fields.entity,
      fields.entityId,
      fields.unitId,
      fields.outcome,
      fields.before === null ? null : JSON.stringify(fields.before),
      fields.after === null ? null : JSON.stringify(fields.after),
      fields.prevHash,
      hash,
    ],
  );
  await query('update audit_head set last_id = $1, last_hash = $2 where singleton', [
    fields.id,
    hash,
  ]);
  const anchors = anchorsFor(fields.id, hash);
  for (const anchor of [anchors.segment, anchors.head]) {
    if (!anchor) continue;
    await query(
      `insert into audit_anchors (id, kind, record_id, record_hash, mac) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set kind = excluded.kind, record_id = excluded.record_id,
         record_hash = excluded.record_hash, mac = excluded.mac`,
      [anchor.id, anchor.kind, anchor.recordId, anchor.recordHash, anchor.mac],
    );
  }
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenId?: number;
  reason?: string;
}

/**
 * Walks the chain in id order and names the first record whose link or content is broken, then
 * checks the anchors under the key: every segment's end and the head. A chain rewritten from some
 * record on, with every SM3 hash recomputed, passes the first test but not the second — the
 * failing anchor names the segment where the rewrite lies.
 */
export async function verifyAuditChain(
  db: Db,
  batchSize = 2000,
  key: number[] = auditKey(),
): Promise<VerifyResult> {
  const anchors = await db.select().from(auditAnchors);
  const segmentAnchors = new Map(
    anchors.filter((a) => a.kind === 'segment').map((a) => [a.recordId, a]),
  );
  const headAnchor = anchors.find((a) => a.id === HEAD_ANCHOR_ID && a.kind === 'head');
  let prevHash = '0'.repeat(64);
  let expectedId = 1;
  let checked = 0;
  const rewritten = (from: number, to: number, why: string): VerifyResult => ({
    ok: false,
    checked,
    brokenId: from,
    reason: `第 ${from}–${to} 条记录之间的内容被改写（${why}，与密钥锚点不符）`,
  });
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
      if (row.id % AUDIT_SEGMENT === 0) {
        const anchor = segmentAnchors.get(row.id);
        const from = row.id - AUDIT_SEGMENT + 1;
        if (!anchor) return rewritten(from, row.id, '该段的锚点缺失');
        if (
          anchor.recordHash !== row.hash ||
          anchor.mac !== anchorMac(key, 'segment', row.id, row.hash)
        )
          return rewritten(from, row.id, '该段末条记录的哈希');
      }
      prevHash = row.hash;
      expectedId++;
      checked++;
    }
  }
  const lastId = expectedId - 1;
  const [head] = await db.select().from(auditHead);
  if (head && (head.lastId !== lastId || head.lastHash !== prevHash)) {
    return {
      ok: false,
      checked,
      brokenId: head.lastId,
      reason: '链尾与记录不符（末尾记录可能被删除）',
    };
  }
  if (lastId > 0) {
    const from = lastId - (lastId % AUDIT_SEGMENT || AUDIT_SEGMENT) + 1;
    if (!headAnchor) return rewritten(from, lastId, '链尾锚点缺失');
    if (
      headAnchor.recordId !== lastId ||
      headAnchor.recordHash !== prevHash ||
      headAnchor.mac !== anchorMac(key, 'head', lastId, prevHash)
    )
      return rewritten(from, lastId, '链尾');
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
