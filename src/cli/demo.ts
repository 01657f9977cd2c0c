import { isDatabaseEmpty, loadDemo } from '../demo/load.js';
import { truncateAllIn } from '../platform/backup.js';
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
      if (!values.reset && !(await isDatabaseEmpty(database.db))) {
        throw new UsageError('数据库中已有数据；如需重新加载请加 --reset（会清空全部数据）');
      }
      // Emptying and loading are one transaction: a reset killed midway leaves the old data.
      const ids = await database.db.transaction(async (tx) => {
        if (values.reset) {
          await truncateAllIn(tx, {
            at: systemClock.now(),
            actorId: null,
            actorName: '系统',
            ip: 'cli',
            action: 'demo.reset',
          });
          process.stdout.write('已清空旧数据（提交前可撤销），正在加载演示城市…\n');
        }
        return loadDemo(tx, systemClock);
      });
      process.stdout.write(`演示城市已加载：${ids.size} 个单位\n`);
      return 0;
    });
  },
};
