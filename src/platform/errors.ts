import { format } from 'node:util';

/**
 * The one error type of Shoutu. Every code maps to an HTTP status and a Chinese message template
 * here and nowhere else.
 */
export const errorTable = {
  VALIDATION: [400, '%s'],
  INVALID_JSON: [400, '请求体不是有效的 JSON'],
  IMPORT_INVALID: [400, '导入文件有 %d 处错误，未写入任何数据'],
  UNAUTHENTICATED: [401, '请先登录'],
  SESSION_EXPIRED: [401, '登录已超时，请重新登录'],
  BAD_CREDENTIALS: [401, '用户名或密码错误'],
  TOTP_REQUIRED: [401, '请输入两步验证码'],
  TOTP_INVALID: [401, '两步验证码错误'],
  FORBIDDEN: [403, '无权执行此操作'],
  CSRF: [403, '请求校验失败，请刷新页面后重试'],
  PASSWORD_CHANGE_REQUIRED: [403, '首次登录请先修改密码'],
  NOT_FOUND: [404, '记录不存在或无权访问'],
  CONFLICT: [409, '%s'],
  PAYLOAD_TOO_LARGE: [413, '上传内容过大（最大 %s）'],
  UNSUPPORTED_MEDIA: [415, '不支持的文件类型：%s'],
  ACCOUNT_LOCKED: [423, '连续登录失败次数过多，账号已锁定，请于 %s 后再试'],
  RATE_LIMITED: [429, '请求过于频繁，请稍后再试'],
  INTERNAL: [500, '服务器内部错误，请稍后再试'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof errorTable;

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; rows?: RowError[] } = {},
  ) {
    super(message);
    this.status = errorTable[code][0];
  }

  toJSON() {
    return {
      error: {
        code: `SHOUTU_ERR_${this.code}`,
        message: this.message,
        ...(this.details.field ? { field: this.details.field } : {}),
        ...(this.details.rows ? { rows: this.details.rows } : {}),
      },
    };
  }
}

/** Builds an AppError from the table: `fail('NOT_FOUND')`, `fail('CONFLICT', ['名称已存在'])`. */
export function fail(
  code: ErrorCode,
  args: (string | number)[] = [],
  details: { field?: string; rows?: RowError[] } = {},
): AppError {
  return new AppError(code, format(errorTable[code][1], ...args), details);
}
