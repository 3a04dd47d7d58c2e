import type { z } from 'zod';
import type { ErrorCode } from '../../shared/errors';
import { currentLanguage } from '../i18n';
import { noteAnswer } from './freshness';
import { CACHED_AT_HEADER } from './offlineProtocol';

/** An error answer from the API; `message` is already in the language the UI asked for. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'unknown';
  readonly field: string | undefined;

  constructor(status: number, code: ErrorCode | 'network' | 'unknown', message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;

/** The session's CSRF token, from the sign-in or `me` answer; sent with every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, such as `Idempotency-Key`. */
  headers?: Record<string, string>;
}

function isErrorBody(
  value: unknown,
): value is { error: { code: ErrorCode; message: string; field?: string } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * Calls the Linli API on the same origin and answers its JSON, or throws an ApiError. The residents' pages
 * use it as it is: checking answers against the contracts would bring zod and them to every phone.
 */
export async function request(path: string, options: RequestOptions = {}): Promise<unknown> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(method !== 'GET' ? { body: JSON.stringify(options.body ?? {}) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', '');
  }
  if (method === 'GET') noteAnswer(response.headers.get(CACHED_AT_HEADER));
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(payload)) {
      throw new ApiError(response.status, payload.error.code, payload.error.message, payload.error.field);
    }
    throw new ApiError(response.status, 'unknown', '');
  }
  return payload;
}

/** Calls the Linli API; answers are checked against the shared contracts. */
export async function api<T>(path: string, options: RequestOptions & { schema: z.ZodType<T> }): Promise<T> {
  const parsed = options.schema.safeParse(await request(path, options));
  if (!parsed.success) throw new ApiError(200, 'unknown', '');
  return parsed.data;
}

function baseHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': currentLanguage() };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => null);
  if (isErrorBody(payload)) {
    return new ApiError(response.status, payload.error.code, payload.error.message, payload.error.field);
  }
  return new ApiError(response.status, 'unknown', '');
}

/** Sends a file as the multipart field `file` and answers the JSON the server sent back. */
export async function upload(path: string, file: File): Promise<unknown> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { ...baseHeaders(), Accept: 'application/json' },
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) throw await errorFrom(response);
  return response.json().catch(() => null);
}

/** Sends a file; the answer is checked against the shared contract. */
export async function apiUpload<T>(path: string, file: File, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await upload(path, file));
  if (!parsed.success) throw new ApiError(200, 'unknown', '');
  return parsed.data;
}

/** The file name the server suggests in Content-Disposition, else the fallback. */
function fileNameFrom(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file through fetch (so the session, CSRF and language headers go with it) and saves it
 * with the browser's own download. A `file` makes it a multipart POST.
 */
export async function download(path: string, fallbackName: string, file?: File): Promise<void> {
  let response: Response;
  try {
    if (file) {
      const form = new FormData();
      form.append('file', file, file.name);
      response = await fetch(path, {
        method: 'POST',
        headers: baseHeaders(),
        credentials: 'same-origin',
        body: form,
      });
    } else {
      response = await fetch(path, { headers: baseHeaders(), credentials: 'same-origin' });
    }
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) throw await errorFrom(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response, fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
