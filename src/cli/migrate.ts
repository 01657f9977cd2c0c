import { type Command, helpOption, parseCommandArgs } from './command.js';
import { describeDatabase, withDatabase } from './database.js';

export const command: Command = {
  usage:
    '用法：shoutu migrate\n\n对 DATABASE_URL 指向的 PostgreSQL（或 ./data 中的内置数据库）执行全部迁移。',
  async run(argv) {
    parseCommandArgs(argv, helpOption, { min: 0, max: 0, name: '' });
    await withDatabase(async () => undefined);
    process.stdout.write(`迁移完成：${describeDatabase()}\n`);
    return 0;
  },
};
