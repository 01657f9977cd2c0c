import { buildApp } from '../app.js';
import { DEMO_PASSWORD } from '../demo/city.js';
import { DEMO_ACCOUNTS, hasDemoAccounts, isDatabaseEmpty, loadDemo } from '../demo/load.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db.js';
import { type Command, helpOption, parseCommandArgs } from './command.js';
import { describeDatabase } from './database.js';

export const command: Command = {
  usage: `用法：shoutu serve

环境变量：PORT（默认 8080）、HOST（默认 localhost）、DATABASE_URL（PostgreSQL；不设则用 ./data 中的内置数据库）、
SHOUTU_DATA_DIR（内置数据库目录）、SHOUTU_DEMO=0（正式部署：不加载演示数据，存在演示账号时拒绝启动）`,
  async run(argv) {
    parseCommandArgs(argv, helpOption, { min: 0, max: 0, name: '' });
    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    await database.migrate();
    if (config.demo && (await isDatabaseEmpty(database.db))) {
      process.stderr.write('数据库为空，正在加载演示城市……\n');
      await database.db.transaction((tx) => loadDemo(tx, systemClock));
    }
    if (!config.demo && (await hasDemoAccounts(database.db))) {
      await database.close();
      process.stderr.write(
        'shoutu: 数据库中存在演示账号，正式部署（SHOUTU_DEMO=0）拒绝启动。请使用全新的数据库。\n',
      );
      return 1;
    }
    const app = await buildApp({
      database,
      secureCookies: config.secureCookies,
      loginRateLimit: config.loginRateLimit,
      demo: config.demo,
      logger: false,
    });
    const address = await app.listen({ port: config.port, host: config.host });
    const shown = address
      .replace('[::1]', 'localhost')
      .replace('127.0.0.1', config.host === 'localhost' ? 'localhost' : '127.0.0.1');
    process.stdout.write(`守土已启动：${shown}\n数据库：${describeDatabase()}\n`);
    if (config.demo) {
      process.stdout.write(`演示账号：${DEMO_ACCOUNTS.join('、')}，密码 ${DEMO_PASSWORD}\n`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await app.close();
    await database.close();
    return 0;
  },
};
