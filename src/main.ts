import { type Command, UsageError } from './cli/command.js';

/** Every command of `shoutu`, loaded only when it runs so that a quick command starts quickly. */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./cli/serve.js'),
  proofread: () => import('./cli/proofread.js'),
  migrate: () => import('./cli/migrate.js'),
  demo: () => import('./cli/demo.js'),
  'init-admin': () => import('./cli/init-admin.js'),
  export: () => import('./cli/export.js'),
  import: () => import('./cli/import.js'),
  backup: () => import('./cli/backup.js'),
  restore: () => import('./cli/restore.js'),
  audit: () => import('./cli/audit.js'),
  'check-site': () => import('./cli/check-site.js'),
  compliance: () => import('./cli/compliance.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      Object.entries(commands).map(
        async ([n, load]) => `  ${n.padEnd(12)} ${(await load()).command.summary}`,
      ),
    );
    process.stdout.write(
      `用法：shoutu <命令> [选项]\n\n命令：\n${lines.join('\n')}\n\n每个命令都支持 --help。\n`,
    );
    return 0;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`未知命令：${name}（运行 shoutu --help 查看全部命令）`);
  const { command } = await load();
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
