import { loadManifests } from '../modules.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db.js';
import { type JobsDefinitions, startJobs, stopJobs } from '../platform/jobs.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';

/** Every job handler and schedule, from the modules' manifests. */
export async function jobDefinitions(): Promise<JobsDefinitions> {
  const manifests = await loadManifests();
  return {
    jobs: manifests.flatMap((m) => m.jobs ?? []),
    schedules: manifests.flatMap((m) => m.schedules ?? []),
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const command: Command = {
  usage: `用法：shoutu worker

只运行后台任务（网站检查、提醒等），不监听端口。任意多个 shoutu worker 与 shoutu serve
进程共用同一个 PostgreSQL 上的任务队列：每个任务只完成一次；某个进程意外退出时，它手上的任务
会在 2 分钟内由其他进程接手。

环境变量：DATABASE_URL（必需：PostgreSQL）。内置数据库（PGlite）只能由一个进程打开，
这时后台任务在 shoutu serve 进程内运行。`,
  async run(argv) {
    parseCommandArgs(argv, helpOption, { min: 0, max: 0, name: '' });
    const config = loadConfig();
    if (!config.databaseUrl) {
      throw new UsageError(
        '未设置 DATABASE_URL：内置数据库只能由一个进程打开，后台任务已在 shoutu serve 进程内运行',
      );
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl });
    try {
      await database.migrate();
      await startJobs(database, await jobDefinitions(), {
        workers: true,
        databaseUrl: config.databaseUrl,
        clock: systemClock,
        instanceName: 'worker',
      });
      process.stdout.write(`守土后台任务进程已启动（pid ${process.pid}）\n`);
      await untilStopped();
      await stopJobs();
    } finally {
      await database.close();
    }
    return 0;
  },
};
