import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKey, verifyAuditChain } from '../platform/audit.js';
import { openDatabase } from '../platform/db.js';
import { openTestDatabase } from '../platform/testing.js';

// `shoutu demo --reset` empties the database and loads the demo city. Killed between the two, it
// must leave the old data as it was: both happen in one transaction.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'shoutu-reset-'));
let pgUrl: string | undefined;
let dropPg: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  const database = await openTestDatabase();
  pgUrl = database.url;
  dropPg = database.close;
});
afterAll(async () => {
  await dropPg?.();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, SHOUTU_DATA_DIR: dir, DATABASE_URL: pgUrl ?? '' });

describe('demo --reset killed midway', () => {
  it('leaves the old data intact and the audit chain whole', async () => {
    await run('node', ['bin/shoutu.mjs', 'init-admin', 'keeper', '--unit', '保留的工委'], {
      cwd: root,
      env: env(),
    });
    const child = spawn('node', ['bin/shoutu.mjs', 'demo', '--reset'], { cwd: root, env: env() });
    let output = '';
    const killedMidway = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 150_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // The old data is gone inside the transaction and the demo city is being written.
        if (output.includes('已清空旧数据')) {
          child.kill('SIGKILL');
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    expect(killedMidway, output).toBe(true);
    await new Promise((resolve) =>
      child.exitCode !== null ? resolve(null) : child.on('exit', resolve),
    );

    const database = await openDatabase(pgUrl ? { databaseUrl: pgUrl } : { dataDir: dir });
    try {
      const units = await database.query<{ name: string }>('select name from units');
      expect(units.map((u) => u.name)).toEqual(['保留的工委']);
      const users = await database.query<{ username: string }>('select username from users');
      expect(users.map((u) => u.username)).toEqual(['keeper']);
      const actions = await database.query<{ action: string }>(
        'select action from audit_log order by id',
      );
      expect(actions.map((a) => a.action)).not.toContain('demo.reset');
      const verified = await verifyAuditChain(
        database.db,
        2000,
        auditKey({ SHOUTU_DATA_DIR: dir }),
      );
      expect(verified.ok).toBe(true);
    } finally {
      await database.close();
    }
  }, 240_000);
});
