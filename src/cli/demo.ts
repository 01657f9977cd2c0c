import { isDatabaseEmpty, loadDemo } from '../demo/load.js';
import { truncateAll } from '../platform/backup.js';
import { systemClock } from '../platform/clock.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';
import { withDatabase } from './database.js';

export const command: Command = {
  usage: '用法：shoutu demo [--reset]\n\n  --reset  清空数据库中的全部数据后重新加载演示城市',
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      { ...helpOption, reset: { type: 'boolean' } },
      { min: 0, max: 0, name: '' },
    );
    return withDatabase(async (database) => {
      if (values.reset) await truncateAll(database);
      else if (!(await isDatabaseEmpty(database.db))) {
        throw new UsageError('数据库中已有数据；如需重新加载请加 --reset（会清空全部数据）');
      }
      const ids = await database.db.transaction((tx) => loadDemo(tx, systemClock));
      process.stdout.write(`演示城市已加载：${ids.size} 个单位\n`);
      return 0;
    });
  },
};
