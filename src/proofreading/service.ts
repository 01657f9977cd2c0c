import { eq, sql } from 'drizzle-orm';
import { canonicalJson } from '../platform/audit.js';
import type { ServiceContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { fail } from '../platform/errors.js';
import { users } from '../platform/tables.js';
import { issueField, issueMessage } from '../platform/validation.js';
import {
  compileProofreader,
  countCodePoints,
  type DictionaryEntry,
  defaultEntries,
  dictionaryEntrySchema,
  dictionaryVersion,
  mergeEntries,
  type ProofFinding,
  type Proofreader,
} from '../proofread/index.js';
import type {
  DictionaryEntryInput,
  DictionaryEntryPatch,
  DictionaryListQuery,
  ProofreadInput,
} from './contract.js';
import { dictionaryEntries, type EntryState } from './tables.js';

const ENTITY = 'dictionary-entry';
const shippedById = new Map(defaultEntries.map((entry) => [entry.id, entry]));

/**
 * Every field present, lists as [] and the note as '': `mergeEntries` spreads an override over the
 * shipped entry, so a list the admin emptied must be stored empty, not absent, to stay empty.
 */
function complete(entry: DictionaryEntry): Required<Omit<DictionaryEntry, 'enabled'>> {
  return {
    id: entry.id,
    kind: entry.kind,
    canonical: entry.canonical,
    knownWrong: entry.knownWrong ?? [],
    alsoValid: entry.alsoValid ?? [],
    members: entry.members ?? [],
    verbs: entry.verbs ?? [],
    exceptions: entry.exceptions ?? [],
    note: entry.note ?? '',
  };
}

// ---------------------------------------------------------------- the compiled proofreader

/**
 * A digest of every admin row, computed by the database in one pass over a small table. It is the
 * cache key of the compiled proofreader: content-addressed, so every app node that sees the same
 * rows uses the same compilation, and any committed change (even two within one clock tick, or an
 * edit undone) gives a new key.
 */
const DIGEST = `(select md5(coalesce(string_agg(d.id || '|' || d.enabled::text || '|' || d.entry::text, E'\\n' order by d.id), '')) from dictionary_entries d)`;

interface Compiled {
  digest: string;
  proofreader: Proofreader;
}
let compiled: Compiled | undefined;
let compilations = 0;

/** How many times the dictionary was compiled in this process (tests check it is once per change). */
export function compilationCount(): number {
  return compilations;
}

/** The proofreader of the merged dictionary: one cheap digest query, a compile only after a change. */
export async function currentProofreader(tx: Db): Promise<Proofreader> {
  const [head] = rowsOf<{ digest: string }>(
    await tx.execute(sql.raw(`select ${DIGEST} as digest`)),
  );
  if (compiled && head && compiled.digest === head.digest) return compiled.proofreader;
  // Rows and digest in one statement, so the key always describes exactly what was compiled.
  const rows = await tx
    .select({
      id: dictionaryEntries.id,
      entry: dictionaryEntries.entry,
      enabled: dictionaryEntries.enabled,
      digest: sql<string>`${sql.raw(DIGEST)}`,
    })
    .from(dictionaryEntries);
  const digest = rows[0]?.digest ?? head?.digest ?? '';
  const overrides = rows.map((row) => ({ ...complete(row.entry), enabled: row.enabled }));
  const proofreader = compileProofreader(mergeEntries(defaultEntries, overrides));
  compilations++;
  compiled = { digest, proofreader };
  return proofreader;
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres answers a QueryResult, PGlite a Results object: both carry `rows`.
  return (result as { rows: T[] }).rows;
}

export interface ProofreadResult {
  chars: number;
  findings: ProofFinding[];
}

/** Checks a draft with the merged dictionary; the answer is the contract's `--json` shape. */
export async function proofreadText(ctx: ServiceContext, input: ProofreadInput) {
  const proofreader = await currentProofreader(ctx.tx);
  const text = input.text;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const result: ProofreadResult = {
    chars: countCodePoints(text, bom, text.length),
    findings: proofreader.check(text),
  };
  return result;
}

// ---------------------------------------------------------------- the dictionary

export interface PresentedEntry extends Required<Omit<DictionaryEntry, 'enabled'>> {
  enabled: boolean;
  origin: 'shipped' | 'added';
  state: EntryState;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface StoredRow {
  id: string;
  entry: DictionaryEntry;
  enabled: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

function present(shipped: DictionaryEntry | undefined, row: StoredRow | undefined): PresentedEntry {
  const entry = complete(row?.entry ?? shipped!);
  const enabled = row ? row.enabled : shipped!.enabled !== false;
  const edited = !!shipped && !!row && canonicalJson(entry) !== canonicalJson(complete(shipped));
  const state: EntryState = !enabled
    ? 'disabled'
    : !shipped
      ? 'added'
      : edited
        ? 'edited'
        : 'shipped';
  return {
    ...entry,
    enabled,
    origin: shipped ? 'shipped' : 'added',
    state,
    updatedAt: row ? row.updatedAt.toISOString() : null,
    updatedBy: row ? row.updatedBy : null,
  };
}

async function storedRows(tx: Db, id?: string): Promise<StoredRow[]> {
  const query = tx
    .select({
      id: dictionaryEntries.id,
      entry: dictionaryEntries.entry,
      enabled: dictionaryEntries.enabled,
      updatedAt: dictionaryEntries.updatedAt,
      updatedBy: users.displayName,
    })
    .from(dictionaryEntries)
    .leftJoin(users, eq(users.id, dictionaryEntries.updatedBy));
  return id === undefined ? query : query.where(eq(dictionaryEntries.id, id));
}

function matches(entry: PresentedEntry, q: string): boolean {
  const haystack = [
    entry.id,
    entry.canonical,
    entry.note,
    ...entry.knownWrong,
    ...entry.alsoValid,
    ...entry.members,
    ...entry.verbs,
  ];
  return haystack.some((value) => value.includes(q));
}

/** Shipped entries merged with the admin's rows: edits and switch-offs in place, additions last. */
export async function listEntries(ctx: ServiceContext, query: DictionaryListQuery) {
  const rows = await storedRows(ctx.tx);
  const rowById = new Map(rows.map((row) => [row.id, row]));
  const all = [
    ...defaultEntries.map((shipped) => present(shipped, rowById.get(shipped.id))),
    ...rows
      .filter((row) => !shippedById.has(row.id))
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((row) => present(undefined, row)),
  ];
  const q = query.q?.trim();
  const filtered = all.filter(
    (entry) =>
      (!query.kind || entry.kind === query.kind) &&
      (!query.state || entry.state === query.state) &&
      (!q || matches(entry, q)),
  );
  const size = query.pageSize ?? (query.page ? 20 : filtered.length);
  const start = ((query.page ?? 1) - 1) * size;
  const counts = { shipped: 0, edited: 0, added: 0, disabled: 0 } satisfies Record<
    EntryState,
    number
  >;
  for (const entry of all) counts[entry.state]++;
  return {
    items: filtered.slice(start, start + size),
    total: filtered.length,
    counts,
    versions: dictionaryVersion,
  };
}

async function loadEntry(tx: Db, id: string): Promise<PresentedEntry> {
  const [row] = await storedRows(tx, id);
  const shipped = shippedById.get(id);
  if (!row && !shipped) throw fail('NOT_FOUND');
  return present(shipped, row);
}

export function getEntry(ctx: ServiceContext, id: string) {
  return loadEntry(ctx.tx, id);
}

/** The engine's schema decides whether an entry is valid; its first issue names the field. */
function validated(entry: DictionaryEntry): DictionaryEntry {
  const result = dictionaryEntrySchema.safeParse(entry);
  if (!result.success) {
    const issues = result.error.issues;
    throw fail('VALIDATION', [issues.map((issue) => issueMessage(issue)).join('；')], {
      field: issueField(issues[0]!),
    });
  }
  const { enabled: _enabled, ...clean } = result.data;
  return complete(clean);
}

/** The id a new entry gets when the admin gives none: the convention of the shipped data. */
function derivedId(input: DictionaryEntryInput): string {
  if (input.kind === 'typo' && input.knownWrong?.[0]) return `typo:${input.knownWrong[0]}`;
  return input.canonical;
}

async function save(ctx: ServiceContext, entry: DictionaryEntry, enabled: boolean) {
  const values = {
    entry,
    enabled,
    updatedBy: ctx.user?.id ?? null,
    updatedAt: ctx.clock.now(),
  };
  await ctx.tx
    .insert(dictionaryEntries)
    .values({ id: entry.id, ...values })
    .onConflictDoUpdate({ target: dictionaryEntries.id, set: values });
  // Compiling here both proves the new dictionary compiles (a failure rolls the change back) and
  // leaves this node's cache warm under the digest the committed rows will have.
  await currentProofreader(ctx.tx);
  return loadEntry(ctx.tx, entry.id);
}

export async function createEntry(ctx: ServiceContext, input: DictionaryEntryInput) {
  const { enabled, id, ...fields } = input;
  const entry = validated({ id: id ?? derivedId(input), ...fields });
  const [existing] = await storedRows(ctx.tx, entry.id);
  if (existing || shippedById.has(entry.id)) {
    throw fail('CONFLICT', [`词条编号「${entry.id}」已存在，请直接编辑该词条`], { field: 'id' });
  }
  const after = await save(ctx, entry, enabled ?? true);
  await ctx.audit({ action: 'dictionary.create', entity: ENTITY, entityId: entry.id, after });
  return after;
}

/** Edits an entry (shipped or added); a change of `enabled` alone is audited as enable/disable. */
export async function updateEntry(ctx: ServiceContext, id: string, patch: DictionaryEntryPatch) {
  const before = await loadEntry(ctx.tx, id);
  const { enabled, ...fields } = patch;
  const defined = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  const current = complete(before);
  const entry = validated({ ...current, ...defined, id });
  const nextEnabled = enabled ?? before.enabled;
  const contentChanged = canonicalJson(entry) !== canonicalJson(current);
  if (!contentChanged && nextEnabled === before.enabled) return before;
  const after = await save(ctx, entry, nextEnabled);
  const action = contentChanged
    ? 'dictionary.update'
    : nextEnabled
      ? 'dictionary.enable'
      : 'dictionary.disable';
  await ctx.audit({ action, entity: ENTITY, entityId: id, before, after });
  return after;
}

/**
 * Removes the admin's row: a shipped entry returns to its shipped form, an added entry is gone.
 * A shipped entry nobody changed has nothing to restore.
 */
export async function resetEntry(ctx: ServiceContext, id: string) {
  const before = await loadEntry(ctx.tx, id);
  const [row] = await storedRows(ctx.tx, id);
  if (!row) {
    throw fail('CONFLICT', ['该词条为系统内置且未修改，无需恢复'], { field: 'id' });
  }
  await ctx.tx.delete(dictionaryEntries).where(eq(dictionaryEntries.id, id));
  await currentProofreader(ctx.tx);
  const shipped = shippedById.get(id);
  const after = shipped ? present(shipped, undefined) : null;
  await ctx.audit({
    action: shipped ? 'dictionary.reset' : 'dictionary.delete',
    entity: ENTITY,
    entityId: id,
    before,
    after,
  });
  return after ?? undefined;
}
