import { readFile, writeFile } from 'node:fs/promises';
import { loadLedgers } from '../ledgers.js';
import { systemClock } from '../platform/clock.js';
import { systemContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { UsageError } from './command.js';
import { withDatabase } from './database.js';

export async function ledgerList() {
  return Object.entries(await loadLedgers())
    .map(([name, l]) => `${name}（${l.label}）`)
    .join('、');
}

export async function ledgerByName(name: string | undefined) {
  if (!name) throw new UsageError(`缺少台账名称（可用：${await ledgerList()}）`);
  const ledger = (await loadLedgers())[name];
  if (!ledger) throw new UsageError(`未知台账：${name}（可用：${await ledgerList()}）`);
  return ledger;
}

export async function exportLedger(name: string, out: string) {
  const ledger = await ledgerByName(name);
  await withDatabase(async (database) => {
    const file = await database.db.transaction(async (tx) => {
      const ctx = systemContext(tx, systemClock, '命令行');
      const buffer = await ledger.export(ctx);
      await ctx.audit({ action: `${name}.export`, entity: name, after: { file: out } });
      return buffer;
    });
    await writeFile(out, file);
  });
  process.stdout.write(`已导出${ledger.label}台账：${out}\n`);
  return 0;
}

export async function importLedger(name: string, file: string) {
  const ledger = await ledgerByName(name);
  const buffer = await readFile(file).catch(() => {
    throw new UsageError(`无法读取文件：${file}`);
  });
  return withDatabase(async (database) => {
    try {
      const result = await database.db.transaction((tx) =>
        ledger.import(systemContext(tx, systemClock, '命令行'), buffer),
      );
      process.stdout.write(`已导入${ledger.label} ${result.imported} 行\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      process.stderr.write(`导入被拒绝，未写入任何数据：${error.message}\n`);
      for (const row of error.details.rows ?? []) {
        process.stderr.write(`  第 ${row.row} 行 ${row.field}：${row.message}\n`);
      }
      return 1;
    }
  });
}
