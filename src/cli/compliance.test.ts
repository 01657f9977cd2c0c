import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../platform/context.js';
import { openDatabase } from '../platform/db.js';
import { createMeeting } from '../responsibility/service.js';

let dataDir: string;
const ids = { committee: 0, unit: 0, branch: 0, other: 0 };

const run = async (...args: string[]) => {
  // The command reads the PGlite directory prepared here, whatever the suite's DATABASE_URL.
  const env = { ...process.env, SHOUTU_DATA_DIR: dataDir, DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['bin/shoutu.mjs', 'compliance', ...args],
      { env, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'shoutu-compliance-cli-'));
  const database = await openDatabase({ dataDir });
  await database.migrate();
  const insert = async (name: string, kind: string, parent: number | null, parentPath: string) => {
    const [row] = await database.query<{ id: number }>(
      `insert into units (name, kind, parent_id, created_at) values ($1, $2, $3, '2020-01-01') returning id`,
      [name, kind, parent],
    );
    const unitPath = `${parentPath}${row!.id}/`;
    await database.query('update units set path = $1 where id = $2', [unitPath, row!.id]);
    return { id: row!.id, path: unitPath };
  };
  const committee = await insert('市直机关工委', 'committee', null, '/');
  const unit = await insert('市粮食和物资储备局', 'unit', committee.id, committee.path);
  const branch = await insert('机关党支部', 'branch', unit.id, unit.path);
  const other = await insert('市妇联', 'unit', committee.id, committee.path);
  Object.assign(ids, {
    committee: committee.id,
    unit: unit.id,
    branch: branch.id,
    other: other.id,
  });
  await database.db.transaction((tx) =>
    createMeeting(systemContext(tx, { now: () => new Date('2025-07-01T00:00:00Z') }, '测试'), {
      unitId: unit.id,
      kind: 'special-study',
      heldAt: new Date('2025-06-30T23:30:00+08:00'),
      title: '专题研究意识形态工作',
    }),
  );
  await database.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('shoutu compliance', () => {
  it.each([
    [[], '缺少选项 --year'],
    [['--year', 'abc'], '--year 必须是整数'],
    [['--year', '1999'], '--year 必须在 2000 到 2100 之间'],
    [['--year', '2025', '--unit', 'x'], '--unit 必须是整数'],
    [['--year', '2025', '--now', '2025-02-30'], '--now'],
    [['--year', '2025', '--bogus'], '未知选项'],
  ])('exits 2 with a one-line Chinese reason for %j', async (args, reason) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints exactly {"year","units":[{"id","name","requirements":[{"rule","period","status","count","required"}]}]}', async () => {
    const result = await run('--year', '2025', '--json', '--now', '2026-11-27');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['year', 'units']);
    expect(report.year).toBe(2025);
    // Every unit of kind 'unit', and the branch because branch rules apply to it; never the committee.
    expect(report.units.map((u: { id: number }) => u.id).sort()).toEqual(
      [ids.unit, ids.branch, ids.other].sort(),
    );
    for (const unit of report.units) {
      expect(Object.keys(unit)).toEqual(['id', 'name', 'requirements']);
      expect(unit.requirements.length).toBeGreaterThan(0);
      for (const r of unit.requirements) {
        expect(Object.keys(r)).toEqual(['rule', 'period', 'status', 'count', 'required']);
      }
    }
    const unit = report.units.find((u: { id: number }) => u.id === ids.unit);
    expect(unit.name).toBe('市粮食和物资储备局');
    const special = unit.requirements.filter(
      (r: { rule: string }) => r.rule === 'special-study-half-year',
    );
    // 23:30 Beijing time on 30 June counts for the first half-year.
    expect(special).toEqual([
      { rule: 'special-study-half-year', period: '2025-H1', status: 'met', count: 1, required: 1 },
      {
        rule: 'special-study-half-year',
        period: '2025-H2',
        status: 'overdue',
        count: 0,
        required: 1,
      },
    ]);
    const branch = report.units.find((u: { id: number }) => u.id === ids.branch);
    expect(
      branch.requirements.filter((r: { rule: string }) => r.rule === 'theme-party-day-month'),
    ).toHaveLength(12);
  });

  it('--unit limits the report to that unit and its branches; an unknown unit exits 2', async () => {
    const result = await run(
      '--year',
      '2025',
      '--json',
      '--unit',
      String(ids.unit),
      '--now',
      '2026-11-27',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).units.map((u: { id: number }) => u.id)).toEqual([
      ids.unit,
      ids.branch,
    ]);
    const missing = await run('--year', '2025', '--unit', '99999');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('单位不存在：99999');
  });

  it('prints a readable Chinese table without --json', async () => {
    const result = await run('--year', '2025', '--now', '2026-11-27');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('【市粮食和物资储备局】');
    expect(result.stdout).toContain('党组（党委）专题研究意识形态工作');
    expect(result.stdout).toMatch(/2025-H1\s+已完成\s+1\/1/);
    expect(result.stdout).toContain('逾期');
    expect(result.stdout).toMatch(/共 3 个单位/);
  });
});
