import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';
import { exportLedger, ledgerList } from './excel.js';

export const command: Command = {
  usage: `用法：shoutu export <台账> --out <文件.xlsx>\n\n台账：${await ledgerList()}`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { ...helpOption, out: { type: 'string', short: 'o' } },
      { min: 1, max: 1, name: '台账名称' },
    );
    if (!values.out) throw new UsageError('缺少选项 --out <文件.xlsx>');
    return exportLedger(positionals[0]!, values.out);
  },
};
