import { type SQL, sql } from 'drizzle-orm';
import { writeAudit } from '../platform/audit.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';
import { DEMO_SEED, demoCity } from './city.js';
import { type DemoLoadOptions, demoLedgerParts, demoLedgers } from './ledgers.js';
import type { UnitIdsByKey } from './load.js';

/** Rows per INSERT: large enough to be fast, small enough to keep one parameter well under 1 MB. */
const CHUNK = 20_000;

type Column = readonly [name: string, type: string, values: readonly unknown[]];

/**
 * One `INSERT … SELECT * FROM unnest($1::t1[], $2::t2[], …)` per chunk: each column travels as a
 * single array parameter, so 100k rows cost a handful of round trips instead of Drizzle's
 * per-row parameter lists. Text arrays in a cell (meeting participants) go as one string joined
 * by a separator the names never contain and are split back in SQL.
 */
export async function insertColumns(
  tx: Db,
  table: string,
  columns: readonly Column[],
  select?: (args: SQL[]) => SQL,
): Promise<void> {
  const length = columns[0]![2].length;
  for (let start = 0; start < length; start += CHUNK) {
    const args = columns.map(
      ([, type, values]) =>
        sql`${sql.param(values.slice(start, start + CHUNK))}::${sql.raw(type)}[]`,
    );
    const names = sql.raw(columns.map(([name]) => name).join(', '));
    const source = select ? select(args) : sql`select * from unnest(${sql.join(args, sql`, `)})`;
    await tx.execute(sql`insert into ${sql.raw(table)} (${names}) ${source}`);
  }
}

async function rows<T>(tx: Db, query: SQL): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}

const SEPARATOR = '\u001f';

/**
 * Half the cost of the bulk load is PostgreSQL checking each new row's foreign keys one by one.
 * Every id here comes from a lookup that throws when it misses, so where the role may (the
 * embedded database runs as a superuser) the checks are switched off for this transaction only,
 * as pg_restore does, and `restoreForeignKeyChecks` verifies the references once, set-wise.
 */
async function relaxForeignKeyChecks(tx: Db): Promise<boolean> {
  const [role] = await rows<{ super: boolean }>(
    tx,
    sql`select rolsuper as super from pg_roles where rolname = current_user`,
  );
  if (!role?.super) return false;
  await tx.execute(sql`set local session_replication_role = replica`);
  return true;
}

async function restoreForeignKeyChecks(tx: Db): Promise<void> {
  await tx.execute(sql`set local session_replication_role = origin`);
  const [orphans] = await rows<{ n: number }>(
    tx,
    sql`select
          (select count(*) from study_attendance a
             where not exists (select 1 from study_sessions s where s.id = a.session_id)
                or not exists (select 1 from people p where p.id = a.person_id))
        + (select count(*) from study_sessions s
             where not exists (select 1 from units u where u.id = s.unit_id)
                or (s.lecturer_id is not null
                    and not exists (select 1 from people p where p.id = s.lecturer_id)))
        + (select count(*) from leading_group_members m
             where not exists (select 1 from leading_groups g where g.id = m.group_id)
                or not exists (select 1 from people p where p.id = m.person_id))
        + (select count(*) from responsibility_letters l
             where not exists (select 1 from people p where p.id = l.person_id))
        + (select count(*) from responsibility_assignments r
             where r.person_id is not null
               and not exists (select 1 from people p where p.id = r.person_id))
        + (select count(*) from (
             select unit_id from agenda_meetings union all select unit_id from yearly_reports
             union all select unit_id from study_plans union all select unit_id from activities
             union all select unit_id from leading_groups union all select unit_id from people) x
             where not exists (select 1 from units u where u.id = x.unit_id)) as n`,
  );
  if (Number(orphans?.n ?? 0) > 0) {
    throw new Error(`demo ledgers: ${orphans!.n} rows refer to missing records`);
  }
}

export interface LedgerCounts {
  leadingGroups: number;
  members: number;
  assignments: number;
  letters: number;
  meetings: number;
  reports: number;
  plans: number;
  sessions: number;
  attendance: number;
  activities: number;
}

/**
 * Loads the demo ledgers for the organisation `loadDemoOrganisation` just loaded (same seed), as
 * of `clock.now()`. Bulk SQL, no per-record audit: one `demo.ledgers` audit entry says what came in.
 */
export async function loadDemoLedgers(
  tx: Db,
  clock: Clock,
  unitIds: UnitIdsByKey,
  seed: number = DEMO_SEED,
  options: DemoLoadOptions = {},
): Promise<LedgerCounts> {
  const city = demoCity(seed);
  const parts = await demoLedgerParts();
  const ledgers = demoLedgers(city, seed, clock.now(), parts);
  const relaxed = await relaxForeignKeyChecks(tx);
  const unit = (key: string) => {
    const id = unitIds.get(key);
    if (id === undefined) throw new Error(`demo ledgers: unknown unit ${key}`);
    return id;
  };

  const extra = ledgers.extraPeople;
  if (extra.length) {
    await insertColumns(tx, 'people', [
      ['name', 'text', extra.map((p) => p.name)],
      ['unit_id', 'int', extra.map((p) => unit(p.unitKey))],
      ['title', 'text', extra.map((p) => p.title)],
      ['phone', 'text', extra.map((p) => p.phone)],
      ['leading_group', 'boolean', extra.map((p) => p.leadingGroup)],
      ['created_at', 'timestamptz', extra.map(() => '2023-01-01T00:00:00+08:00')],
    ]);
  }
  // Demo names are unique city-wide, so a name finds its person.
  const nameOfKey = new Map<string, string>();
  for (const p of [...city.people, ...extra]) nameOfKey.set(p.key, p.name);
  const idOfName = new Map(
    (await rows<{ id: number; name: string }>(tx, sql`select id, name from people`)).map((r) => [
      r.name,
      r.id,
    ]),
  );
  const person = (key: string) => {
    const id = idOfName.get(nameOfKey.get(key) ?? '');
    if (id === undefined) throw new Error(`demo ledgers: unknown person ${key}`);
    return id;
  };

  // Leading groups, then their members by the group ids the database assigned.
  const groups = ledgers.leadingGroups;
  await insertColumns(tx, 'leading_groups', [
    ['unit_id', 'int', groups.map((g) => unit(g.unitKey))],
    ['name', 'text', groups.map((g) => g.name)],
    ['adjusted_on', 'date', groups.map((g) => g.adjustedOn)],
    ['note', 'text', groups.map((g) => g.note)],
    ['created_at', 'timestamptz', groups.map((g) => g.createdAt)],
  ]);
  const groupIdOfUnit = new Map(
    (
      await rows<{ id: number; unit_id: number }>(tx, sql`select id, unit_id from leading_groups`)
    ).map((r) => [r.unit_id, r.id]),
  );
  const members = groups.flatMap((g) => g.members.map((m) => ({ unitId: unit(g.unitKey), ...m })));
  await insertColumns(tx, 'leading_group_members', [
    ['group_id', 'int', members.map((m) => groupIdOfUnit.get(m.unitId)!)],
    ['unit_id', 'int', members.map((m) => m.unitId)],
    ['person_id', 'int', members.map((m) => person(m.personKey))],
    ['duty', 'text', members.map((m) => m.duty)],
    ['sort', 'int', members.map((m) => m.sort)],
  ]);
  // The register's flag follows the group (市粮食和物资储备局's group reaches its section heads).
  await tx.execute(
    sql`update people set leading_group = true
         where id = any(${sql.param(members.map((m) => person(m.personKey)))}::int[])
           and not leading_group`,
  );

  const a = ledgers.assignments;
  await insertColumns(tx, 'responsibility_assignments', [
    ['unit_id', 'int', a.map((r) => unit(r.unitKey))],
    ['year', 'int', a.map((r) => r.year)],
    ['kind', 'text', a.map((r) => r.kind)],
    ['person_id', 'int', a.map((r) => (r.personKey ? person(r.personKey) : null))],
    ['holder', 'text', a.map((r) => r.holder)],
    ['fields', 'text', a.map((r) => r.fields)],
    ['created_at', 'timestamptz', a.map((r) => r.createdAt)],
  ]);

  const l = ledgers.letters;
  await insertColumns(tx, 'responsibility_letters', [
    ['unit_id', 'int', l.map((r) => unit(r.unitKey))],
    ['year', 'int', l.map((r) => r.year)],
    ['person_id', 'int', l.map((r) => person(r.personKey))],
    ['status', 'text', l.map((r) => r.status)],
    ['signed_on', 'date', l.map((r) => r.signedOn)],
    ['note', 'text', l.map((r) => r.note)],
    ['created_at', 'timestamptz', l.map((r) => r.createdAt)],
  ]);

  const m = ledgers.meetings;
  await insertColumns(
    tx,
    'agenda_meetings',
    [
      ['unit_id', 'int', m.map((r) => unit(r.unitKey))],
      ['kind', 'text', m.map((r) => r.kind)],
      ['held_at', 'timestamptz', m.map((r) => r.heldAt)],
      ['title', 'text', m.map((r) => r.title)],
      ['participants', 'text', m.map((r) => r.participants.join(SEPARATOR))],
      ['topics', 'text', m.map((r) => r.topics)],
      ['minutes', 'text', m.map((r) => r.minutes)],
      ['created_at', 'timestamptz', m.map((r) => r.createdAt)],
    ],
    (args) =>
      sql`select u, k, h, t, string_to_array(p, ${SEPARATOR}), tp, mn, c
            from unnest(${sql.join(args, sql`, `)}) as x(u, k, h, t, p, tp, mn, c)`,
  );

  const rp = ledgers.reports;
  await insertColumns(tx, 'yearly_reports', [
    ['unit_id', 'int', rp.map((r) => unit(r.unitKey))],
    ['year', 'int', rp.map((r) => r.year)],
    ['title', 'text', rp.map((r) => r.title)],
    ['submitted_on', 'date', rp.map((r) => r.submittedOn)],
    ['created_at', 'timestamptz', rp.map((r) => r.createdAt)],
  ]);

  const p = ledgers.plans;
  await insertColumns(tx, 'study_plans', [
    ['unit_id', 'int', p.map((r) => unit(r.unitKey))],
    ['year', 'int', p.map((r) => r.year)],
    ['title', 'text', p.map((r) => r.title)],
    ['created_at', 'timestamptz', p.map((r) => r.createdAt)],
  ]);

  // Sessions get their ids here so attendance can refer to them without reading them back.
  const [{ base }] = (await rows<{ base: number }>(
    tx,
    sql`select coalesce(max(id), 0)::int as base from study_sessions`,
  )) as [{ base: number }];
  const s = ledgers.sessions;
  await insertColumns(tx, 'study_sessions', [
    ['id', 'int', s.map((_, i) => base + i + 1)],
    ['unit_id', 'int', s.map((r) => unit(r.unitKey))],
    ['kind', 'text', s.map((r) => r.kind)],
    ['held_at', 'timestamptz', s.map((r) => r.heldAt)],
    ['title', 'text', s.map((r) => r.title)],
    ['topics', 'text', s.map((r) => r.topics)],
    ['first_topic', 'boolean', s.map((r) => r.firstTopic)],
    ['lecturer_id', 'int', s.map((r) => (r.lecturerKey ? person(r.lecturerKey) : null))],
    ['lecturer_name', 'text', s.map((r) => r.lecturerName)],
    ['created_at', 'timestamptz', s.map((r) => r.createdAt)],
  ]);
  if (s.length) {
    await tx.execute(
      sql`select setval(pg_get_serial_sequence('study_sessions', 'id'), ${base + s.length})`,
    );
  }
  const sessionIds: number[] = [];
  const personIds: number[] = [];
  const statuses: string[] = [];
  s.forEach((r, i) => {
    for (const [key, status] of r.attendance) {
      sessionIds.push(base + i + 1);
      personIds.push(person(key));
      statuses.push(status);
    }
  });
  await insertColumns(tx, 'study_attendance', [
    ['session_id', 'int', sessionIds],
    ['person_id', 'int', personIds],
    ['status', 'text', statuses],
  ]);

  const ac = ledgers.activities;
  await insertColumns(tx, 'activities', [
    ['unit_id', 'int', ac.map((r) => unit(r.unitKey))],
    ['type', 'text', ac.map((r) => r.type)],
    ['title', 'text', ac.map((r) => r.title)],
    ['held_on', 'date', ac.map((r) => r.heldOn)],
    ['sessions', 'int', ac.map((r) => r.sessions)],
    ['participants', 'int', ac.map((r) => r.participants)],
    ['beneficiaries', 'int', ac.map((r) => r.beneficiaries)],
    ['brand_project', 'text', ac.map((r) => r.brandProject)],
    ['note', 'text', ac.map((r) => r.note)],
    ['created_at', 'timestamptz', ac.map((r) => r.createdAt)],
  ]);

  if (relaxed) await restoreForeignKeyChecks(tx);

  // Parts that load their own rows, with foreign keys checked as usual.
  let own: Record<string, number> = {};
  for (const part of [...parts].sort((x, y) => x.order - y.order)) {
    if (part.load) own = { ...own, ...(await part.load({ tx, clock, unitIds, seed, options })) };
  }

  const counts: LedgerCounts = {
    leadingGroups: groups.length,
    members: members.length,
    assignments: a.length,
    letters: l.length,
    meetings: m.length,
    reports: rp.length,
    plans: p.length,
    sessions: s.length,
    attendance: sessionIds.length,
    activities: ac.length,
  };
  await writeAudit(tx, {
    at: clock.now(),
    actorId: null,
    actorName: '系统',
    ip: 'cli',
    action: 'demo.ledgers',
    outcome: 'success',
    after: { seed, ...counts, ...own },
  });
  return counts;
}
