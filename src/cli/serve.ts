import { buildApp } from '../app.js';
import { DEMO_PASSWORD } from '../demo/city.js';
import { DEMO_ACCOUNTS, hasDemoAccounts, isDatabaseEmpty, loadDemo } from '../demo/load.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db.js';
import { startJobs, stopJobs } from '../platform/jobs.js';
import { demoSiteBase } from '../positions/demo-sites.js';
import { type Command, helpOption, parseCommandArgs } from './command.js';
import { describeDatabase } from './database.js';
import { jobDefinitions, untilStopped } from './worker.js';

export const command: Command = {
  usage: `用法：shoutu serve

环境变量：PORT（默认 8080）、HOST（默认 localhost）、DATABASE_URL（PostgreSQL；不设则用 ./data 中的内置数据库）、
SHOUTU_DATA_DIR（内置数据库目录）、SHOUTU_DEMO=0（正式部署：不加载演示数据，存在演示账号时拒绝启动）、
SHOUTU_WORKERS=0（本进程不运行后台任务，只提供网页服务；任务由 shoutu worker 进程运行，需 PostgreSQL）`,
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
      // The demo sites' positions point at this server's own /demo-sites/ pages.
      const siteBase = demoSiteBase(config.host, config.port);
      await database.db.transaction((tx) => loadDemo(tx, systemClock, undefined, { siteBase }));
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
    // Workers run here unless SHOUTU_WORKERS=0 (a web-only node); the queue is started either way
    // so that this process can enqueue and schedule.
    const workers = process.env.SHOUTU_WORKERS !== '0';
    await startJobs(database, await jobDefinitions(), {
      workers,
      databaseUrl: config.databaseUrl || undefined,
      clock: systemClock,
      instanceName: workers ? 'serve' : 'web',
    });
    if (!workers && !config.databaseUrl) {
      process.stderr.write(
        '注意：SHOUTU_WORKERS=0 且使用内置数据库，后台任务不会运行（内置数据库只能由本进程打开）。\n',
      );
    }
    const address = await app.listen({ port: config.port, host: config.host });
    const shown = address
      .replace('[::1]', 'localhost')
      .replace('127.0.0.1', config.host === 'localhost' ? 'localhost' : '127.0.0.1');
    process.stdout.write(`守土已启动：${shown}\n数据库：${describeDatabase()}\n`);
    if (config.demo) {
      process.stdout.write(`演示账号：${DEMO_ACCOUNTS.join('、')}，密码 ${DEMO_PASSWORD}\n`);
    }
    await untilStopped();
    await app.close();
    await stopJobs();
    await database.close();
    return 0;
  },
};
