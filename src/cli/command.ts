import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A wrong argument: main prints the one-line Chinese reason and exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Command {
  /** Full usage text, shown by `shoutu <command> --help`. */
  usage: string;
  /** Returns the process exit status. Throw UsageError for bad arguments. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/**
 * The one argument parser every command uses: node:util parseArgs in strict mode, with its
 * English errors turned into one-line Chinese reasons.
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  positionals: { min: number; max: number; name: string },
): ParsedArgs<O> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`未知选项：${unknown[1]}`);
    const missing = /Option '([^']+)' argument missing/.exec(message);
    if (missing) throw new UsageError(`选项 ${missing[1].split(',')[0]} 缺少取值`);
    throw new UsageError(`参数有误：${message}`);
  }
  if (parsed.positionals.length < positionals.min) {
    throw new UsageError(`缺少参数：${positionals.name}`);
  }
  if (parsed.positionals.length > positionals.max) {
    throw new UsageError(`多余的参数：${parsed.positionals.slice(positionals.max).join(' ')}`);
  }
  return parsed as unknown as ParsedArgs<O>;
}

/** Reads an integer option, refusing anything that is not a whole number in range. */
export function integerOption(
  value: string | undefined,
  name: string,
  fallback: number,
  range: { min: number; max: number } = { min: 1, max: Number.MAX_SAFE_INTEGER },
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`选项 --${name} 必须是整数，收到：${value}`);
  const n = Number(value);
  if (n < range.min || n > range.max) {
    throw new UsageError(`选项 --${name} 必须在 ${range.min} 到 ${range.max} 之间，收到：${value}`);
  }
  return n;
}

export const helpOption = { help: { type: 'boolean', short: 'h' } } as const;
