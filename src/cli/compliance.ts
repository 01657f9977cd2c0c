import { eq } from 'drizzle-orm';
import { statusNames } from '../compliance/compute.js';
import { loadRuleSet } from '../compliance/requirements.js';
import { complianceReport, requirementNames } from '../compliance/service.js';
import { units } from '../platform/tables.js';
import {
  type Command,
  helpOption,
  integerOption,
  parseCommandArgs,
  UsageError,
} from './command.js';
import { withDatabase } from './database.js';

const usage = `用法：shoutu compliance --year YYYY [--unit 单位编号] [--now YYYY-MM-DD] [--json]

按考核要求（周期规则）检查各单位某年度的落实情况：每个单位、每项要求、每个周期的状态
（已完成 / 临期 / 逾期 / 未到期 / 不适用）、完成次数与要求次数。

列出全部“单位”类单位；党支部、处室在有要求适用于它们时（如“三会一课”适用于党支部）也列出。

  --year YYYY        检查的年度（必填）
  --unit 编号        只检查该单位及其下级单位
  --now YYYY-MM-DD   以该日期（北京时间当天 12:00）为“现在”判断是否逾期（默认：当前时间）
  --json             输出 {"year","units":[{"id","name","requirements":[{"rule","period","status","count","required"}]}]}

退出码：0 完成；2 参数错误。
`;

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!day || day.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`选项 --now 必须是 YYYY-MM-DD 格式的日期，收到：${value}`);
  }
  // Noon Beijing time: the middle of the named day, whatever the machine's time zone.
  return new Date(`${value}T12:00:00+08:00`);
}

const pad = (text: string, width: number): string => {
  // CJK characters take two columns in a terminal.
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return text + ' '.repeat(Math.max(1, width - w));
};

export const command: Command = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        ...helpOption,
        year: { type: 'string' },
        unit: { type: 'string' },
        now: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 0, max: 0, name: '' },
    );
    if (values.year === undefined)
      throw new UsageError('缺少选项 --year（检查的年度，如 --year 2025）');
    const year = integerOption(values.year, 'year', 0, { min: 2000, max: 2100 });
    const unitId =
      values.unit === undefined
        ? undefined
        : integerOption(values.unit, 'unit', 0, { min: 1, max: 2_147_483_647 });
    const now = parseNow(values.now);
    return withDatabase(async (database) => {
      let pathPrefix: string | undefined;
      if (unitId !== undefined) {
        const [unit] = await database.db.select().from(units).where(eq(units.id, unitId));
        if (!unit) throw new UsageError(`单位不存在：${unitId}`);
        pathPrefix = unit.path;
      }
      const report = await complianceReport(database.db, { year, now, pathPrefix });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return 0;
      }
      const names = requirementNames(await loadRuleSet(database.db, now));
      const lines: string[] = [
        `${year} 年度考核要求落实情况（截至 ${now.toISOString().slice(0, 10)}）`,
        '',
      ];
      const tally = { met: 0, overdue: 0 };
      for (const unit of report.units) {
        lines.push(`【${unit.name}】（编号 ${unit.id}）`);
        if (unit.requirements.length === 0) lines.push('  （无适用要求）');
        for (const r of unit.requirements) {
          if (r.status === 'met') tally.met++;
          if (r.status === 'overdue') tally.overdue++;
          lines.push(
            `  ${pad(names.get(r.rule) ?? r.rule, 34)}${pad(r.period, 9)}${pad(statusNames[r.status], 8)}${r.count}/${r.required}`,
          );
        }
        lines.push('');
      }
      lines.push(
        `共 ${report.units.length} 个单位；已完成 ${tally.met} 项，逾期 ${tally.overdue} 项。`,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    });
  },
};
