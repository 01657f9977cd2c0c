import { type Command, helpOption, parseCommandArgs } from './command.js';
import { importLedger, ledgerList } from './excel.js';

export const command: Command = {
  usage: `用法：shoutu import <台账> <文件.xlsx>\n\n台账：${await ledgerList()}\n有任何一行出错时整份文件被拒绝，并逐行列出错误。`,
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, helpOption, {
      min: 2,
      max: 2,
      name: '台账名称和文件',
    });
    return importLedger(positionals[0]!, positionals[1]!);
  },
};
