import { type Command, UsageError } from './cli/command.js';

/**
 * Every command of `shoutu` with its one-line summary. A command's code is loaded only when it
 * runs, so `--help` and a quick command start without loading the server.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  serve: { summary: '启动平台（npm start 运行的就是它）', load: () => import('./cli/serve.js') },
  worker: {
    summary: '只运行后台任务，不提供网页服务（需 PostgreSQL）',
    load: () => import('./cli/worker.js'),
  },
  proofread: {
    summary: '校对文本：规范表述、错别字、个人信息、密级标志',
    load: () => import('./cli/proofread.js'),
  },
  migrate: { summary: '对所配置的数据库执行迁移', load: () => import('./cli/migrate.js') },
  demo: { summary: '加载演示城市', load: () => import('./cli/demo.js') },
  'init-admin': {
    summary: '正式部署：创建第一个工委管理员，并打印一次性密码',
    load: () => import('./cli/init-admin.js'),
  },
  export: { summary: '把一个台账导出为 Excel', load: () => import('./cli/export.js') },
  import: {
    summary: '从 Excel 导入一个台账（全部成功或全部不写入）',
    load: () => import('./cli/import.js'),
  },
  backup: { summary: '整库备份到文件', load: () => import('./cli/backup.js') },
  restore: { summary: '从备份文件恢复整库', load: () => import('./cli/restore.js') },
  audit: { summary: '校验审计日志的 SM3 哈希链', load: () => import('./cli/audit.js') },
  'check-site': {
    summary: '检查网站：更新情况、空白栏目、错链断链、错误表述和敏感信息',
    load: () => import('./cli/check-site.js'),
  },
  compliance: {
    summary: '检查各单位考核要求（周期规则）的落实情况',
    load: () => import('./cli/compliance.js'),
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`);
    process.stdout.write(
      `用法：shoutu <命令> [选项]\n\n命令：\n${lines.join('\n')}\n\n每个命令都支持 --help。\n`,
    );
    return 0;
  }
  const entry = commands[name];
  if (!entry) throw new UsageError(`未知命令：${name}（运行 shoutu --help 查看全部命令）`);
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`shoutu: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `shoutu: 运行出错：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
