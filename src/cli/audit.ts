import { verifyAuditChain } from '../platform/audit.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';
import { withDatabase } from './database.js';

export const command: Command = {
  usage:
    '用法：shoutu audit verify\n\n逐条校验审计记录的哈希链，发现篡改或删除时报告第一处断点并以状态 1 退出。',
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, helpOption, {
      min: 1,
      max: 1,
      name: '子命令（verify）',
    });
    if (positionals[0] !== 'verify')
      throw new UsageError(`未知子命令：${positionals[0]}（可用：verify）`);
    return withDatabase(async (database) => {
      const result = await verifyAuditChain(database.db);
      if (result.ok) {
        process.stdout.write(`审计链完好：共校验 ${result.checked} 条记录\n`);
        return 0;
      }
      process.stdout.write(
        `审计链断裂：第 ${result.brokenId} 条记录——${result.reason}（此前 ${result.checked} 条完好）\n`,
      );
      return 1;
    });
  },
};
