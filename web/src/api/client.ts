// The one API client of the web app: every request to the server goes through `api`.
import { t } from '../locale/zh-CN.js';
import type { ApiErrorBody, ImportRowError } from './types.js';

export const API_BASE = '/api/v1';
const CSRF_COOKIE = 'shoutu_csrf';
const CSRF_HEADER = 'x-csrf-token';
export const TOTP_REQUIRED = 'SHOUTU_ERR_TOTP_REQUIRED';
const PASSWORD_CHANGE_REQUIRED = 'SHOUTU_ERR_PASSWORD_CHANGE_REQUIRED';

/** A failed request, carrying the server's code, Chinese message and (for imports) row errors. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly rows?: ImportRowError[];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.rows = body.rows;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body. */
  body?: unknown;
  /** Multipart body (imports); sent as is so the browser sets the boundary. */
  form?: FormData;
  /**
   * Login itself answers 401 for a wrong password: that is a message for the form, not a
   * reason to leave the page.
   */
  redirectOn401?: boolean;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Sends the user to the login page, remembering where they were. */
export function redirectToLogin(): void {
  const { pathname, search } = window.location;
  if (pathname === '/login') return;
  const from = encodeURIComponent(`${pathname}${search}`);
  window.location.assign(`/login?from=${from}`);
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'SHOUTU_ERR_NETWORK', message: t('common.networkError') });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }

  if (!response.ok) {
    const error = isErrorBody(parsed)
      ? new ApiError(response.status, parsed.error)
      : new ApiError(response.status, {
          code: `HTTP_${response.status}`,
          message: t('common.unknownError'),
        });
    if (
      response.status === 401 &&
      error.code !== TOTP_REQUIRED &&
      options.redirectOn401 !== false
    ) {
      redirectToLogin();
    }
    if (error.code === PASSWORD_CHANGE_REQUIRED && window.location.pathname !== '/password') {
      window.location.assign('/password');
    }
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, opts?: RequestOptions) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<T>('POST', path, { form });
  },
};

/** The message to show for any thrown value: the server's Chinese text when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return t('common.unknownError');
}
