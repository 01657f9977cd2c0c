import { defaultProofreader } from '../proofread/index.js';
import { checkSite } from '../sitecheck/index.js';
import type { Finding, SiteCheckReport, TextChecker } from '../sitecheck/types.js';
import {
  type Command,
  helpOption,
  integerOption,
  parseCommandArgs,
  UsageError,
} from './command.js';

const usage = `用法：shoutu check-site <网址> [--now YYYY-MM-DD] [--max-pages N] [--concurrency N]
                        [--allow-private] [--json]

按政府网站检查指标检查一个网站：抓取同一主机上可到达的全部页面，检查所有外链、图片、脚本、
样式表和附件，找出首页和栏目不更新、空白栏目、错链断链、错误表述、个人信息和涉密标识。

  --now YYYY-MM-DD   以该日期为“今天”计算更新时限（默认：实际日期）
  --max-pages N      最多抓取的页面数（默认 20000）
  --concurrency N    同时进行的请求数（默认 8）
  --allow-private    允许检查内网、回环和链路本地地址（默认拒绝）
  --json             输出一个 JSON 对象

退出码：0 检查已完成；2 参数错误；3 网站无法检查（JSON 中说明原因）。
`;

const CODE_NAMES: Record<Finding['code'], string> = {
  'site-unreachable': '网站无法访问',
  'home-stale': '首页长期未更新',
  'column-stale': '栏目长期未更新',
  'column-blank': '空白栏目',
  'link-broken': '错链断链',
  'formulation-error': '规范表述错误',
  typo: '错别字',
  'pii-idcard': '泄露身份证号',
  'pii-mobile': '公开手机号码',
  'secret-marking': '涉密标识',
};
const SEVERITY_NAMES = { veto: '单项否决', deduct: '扣分项', info: '提示' } as const;

function today(): string {
  // Age rules are reckoned in China Standard Time.
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function parseNow(value: string | undefined): string {
  if (value === undefined) return today();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`选项 --now 必须是 YYYY-MM-DD 格式的日期，收到：${value}`);
  }
  return value;
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `http://${value}`);
  } catch {
    throw new UsageError(`网址无效：${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`只能检查 http 或 https 网址，收到：${value}`);
  }
  return url.href;
}

/** The proofreading engine, compiled once for the whole crawl. */
function textChecker(): TextChecker {
  const engine = defaultProofreader();
  return (text) => engine.check(text);
}

function describe(finding: Finding): string {
  switch (finding.code) {
    case 'site-unreachable':
      return `${finding.target}：${finding.reason ?? ''}`;
    case 'home-stale':
    case 'column-stale':
    case 'column-blank': {
      const where = finding.code === 'home-stale' ? '首页' : `「${finding.name}」${finding.column}`;
      const last = finding.lastUpdated ? `最近更新 ${finding.lastUpdated}` : '未找到带日期的条目';
      return finding.code === 'column-blank'
        ? `${where} 没有任何条目`
        : `${where} ${last}，超过 ${finding.limitDays} 天`;
    }
    case 'link-broken':
      return `${finding.target}（${finding.status === 0 ? '无响应' : `HTTP ${finding.status}`}${finding.reason ? `，${finding.reason}` : ''}）见于 ${finding.page}${finding.onHomepage ? '【首页】' : ''}`;
    default:
      return `“${finding.text}”${finding.suggestion ? ` 应为“${finding.suggestion}”` : ''} 见于 ${finding.page}`;
  }
}

function summary(report: SiteCheckReport): string {
  const lines = [
    `网站检查：${report.site}（检查日期 ${report.now}）`,
    `已抓取页面：${report.pages}`,
  ];
  if (report.columns.length > 0) {
    lines.push('', `栏目（${report.columns.length}）：`);
    for (const c of report.columns) {
      lines.push(`  ${c.name}  ${c.url}  条目 ${c.items}  最近更新 ${c.lastUpdated ?? '—'}`);
    }
  }
  for (const severity of ['veto', 'deduct', 'info'] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${SEVERITY_NAMES[severity]}（${group.length}）：`);
    for (const f of group) lines.push(`  [${CODE_NAMES[f.code]}] ${describe(f)}`);
  }
  if (report.findings.length === 0) lines.push('', '未发现问题。');
  if (report.notes && report.notes.length > 0) {
    lines.push('', '说明：');
    for (const note of report.notes) lines.push(`  ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        ...helpOption,
        now: { type: 'string' },
        'max-pages': { type: 'string' },
        concurrency: { type: 'string' },
        'allow-private': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      { min: 1, max: 1, name: '网址' },
    );
    const url = parseUrl(positionals[0]!);
    const now = parseNow(values.now);
    const maxPages = integerOption(values['max-pages'], 'max-pages', 20_000, {
      min: 1,
      max: 1_000_000,
    });
    const concurrency = integerOption(values.concurrency, 'concurrency', 8, { min: 1, max: 256 });
    const tty = process.stderr.isTTY === true;
    let lastProgress = 0;
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    const report = await checkSite({
      url,
      now,
      maxPages,
      concurrency,
      allowPrivate: values['allow-private'] === true,
      textChecker: textChecker(),
      signal: controller.signal,
      onProgress: tty
        ? (p) => {
            const t = Date.now();
            if (t - lastProgress < 200) return;
            lastProgress = t;
            const rate = p.pagesDone / Math.max(p.elapsedMs / 1000, 0.001);
            process.stderr.write(
              `\r已检查页面 ${p.pagesDone}，资源 ${p.resourcesDone}，待检查 ${p.queued}，${rate.toFixed(1)} 页/秒   `,
            );
          }
        : undefined,
    }).finally(() => process.off('SIGINT', interrupt));
    if (tty && lastProgress > 0) process.stderr.write('\n');
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : summary(report));
    return report.findings.some((f) => f.code === 'site-unreachable') ? 3 : 0;
  },
};
