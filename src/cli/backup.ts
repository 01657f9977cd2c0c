import { backupDatabase } from '../platform/backup.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';
import { withDatabase } from './database.js';

export const command: Command = {
  usage:
    '用法：shoutu backup --out <文件>\n\n把整个数据库（内置数据库或 PostgreSQL）备份为一个压缩文件，可用 shoutu restore 恢复。',
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      { ...helpOption, out: { type: 'string', short: 'o' } },
      { min: 0, max: 0, name: '' },
    );
    if (!values.out) throw new UsageError('缺少选项 --out <文件>');
    const out = values.out;
    return withDatabase(async (database) => {
      const result = await backupDatabase(database, out, (table, rows) => {
        if (process.stderr.isTTY) process.stderr.write(`\r已备份 ${rows} 行（${table}）   `);
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(`备份完成：${out}，${result.tables} 张表，${result.rows} 行\n`);
      return 0;
    });
  },
};
