import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  ChunkedChecker,
  defaultProofreader,
  type ProofCode,
  type ProofFinding,
} from '../proofread/index.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';

const LABELS: Record<ProofCode, string> = {
  'formulation-error': '规范表述错误',
  typo: '错别字',
  'pii-idcard': '身份证号',
  'pii-mobile': '手机号码',
  'secret-marking': '密级标志',
};

/** Bytes inspected to tell text from a binary file. */
const SNIFF_BYTES = 64 * 1024;

function readErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EISDIR') return '这是一个目录，不是文件';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限';
  return (error as Error).message;
}

/** Refuses input that is evidently not UTF-8 text (NUL bytes, or mostly undecodable). */
function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) return true;
  const text = new TextDecoder('utf-8').decode(sample);
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return bad >= 8 && bad * 20 > text.length;
}

async function* openInput(source: string): AsyncGenerator<Buffer> {
  if (source === '-') {
    for await (const chunk of process.stdin) yield chunk as Buffer;
    return;
  }
  try {
    const info = await stat(source);
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  } catch (error) {
    throw new UsageError(`无法读取输入 ${source}：${readErrorReason(error)}`);
  }
  const stream = createReadStream(source, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new UsageError(`无法读取输入 ${source}：${readErrorReason(error)}`);
  }
}

export const command: Command = {
  usage: `用法：shoutu proofread <文件 | -> [--json]

检查一个 UTF-8 文本文件（“-” 表示标准输入），报告规范表述错误、常见错别字、
身份证号、手机号码和密级标志。

选项：
  --json    输出 JSON：{"chars": 字数, "findings": [...]}，位置按 Unicode 码点计
  -h, --help  显示本帮助

退出状态：0 已检查；2 参数有误或输入无法读取（含二进制文件）。`,

  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' }, ...helpOption },
      { min: 1, max: 1, name: '要检查的文件（或 - 表示标准输入）' },
    );
    const source = positionals[0];
    const checker = new ChunkedChecker(defaultProofreader());
    const decoder = new TextDecoder('utf-8');
    const findings: ProofFinding[] = [];
    let first = true;
    for await (const chunk of openInput(source)) {
      if (first) {
        first = false;
        if (looksBinary(chunk)) {
          throw new UsageError(`输入 ${source} 不是 UTF-8 文本（像是二进制文件），未检查`);
        }
      }
      for (const f of checker.push(decoder.decode(chunk, { stream: true }))) findings.push(f);
    }
    for (const f of checker.push(decoder.decode())) findings.push(f);
    for (const f of checker.end()) findings.push(f);

    if (values.json) {
      process.stdout.write(`${JSON.stringify({ chars: checker.chars, findings })}\n`);
      return 0;
    }
    const lines = findings.map((f) => {
      const hint = f.suggestion ? `，建议改为“${f.suggestion}”` : '';
      return `  [${LABELS[f.code]}] 第 ${f.offset + 1} 字起：“${f.text}”${hint}（规则 ${f.rule}）`;
    });
    const head =
      findings.length === 0
        ? `共检查 ${checker.chars} 字，未发现问题。`
        : `共检查 ${checker.chars} 字，发现 ${findings.length} 处问题：`;
    process.stdout.write(`${[head, ...lines].join('\n')}\n`);
    return 0;
  },
};
