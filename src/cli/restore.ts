import { existsSync } from 'node:fs';
import { restoreDatabase } from '../platform/backup.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';
import { withDatabase } from './database.js';

export const command: Command = {
  usage:
    '用法：shoutu restore <文件>\n\n用备份文件替换数据库中的全部数据（一个事务内完成，失败则不做任何改动）。',
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, helpOption, {
      min: 1,
      max: 1,
      name: '备份文件',
    });
    const file = positionals[0]!;
    if (!existsSync(file)) throw new UsageError(`找不到备份文件：${file}`);
    return withDatabase(async (database) => {
      const result = await restoreDatabase(database, file);
      process.stdout.write(`恢复完成：${result.rows} 行\n`);
      return 0;
    });
  },
};
