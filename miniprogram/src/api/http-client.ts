/**
 * One request helper for the citizen API: JSON in and out, the Bearer token, and the server's
 * error contract `{ error: { code, message } }` turned into an ApiError whose message can be shown
 * to the citizen as is. A 401 logs in again once and retries.
 */
import Taro from '@tarojs/taro';
import { getToken, login } from './citizen-auth';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NETWORK_MESSAGE = '网络不太通畅，请稍后再试。您填写的内容已保留。';

export type Method = 'GET' | 'POST';

export async function requestJson<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const first = await send<T>(method, path, body, await getToken());
  if (first.status !== 401) return unwrap(first);
  return unwrap(await send<T>(method, path, body, await login()));
}

/** Without a token: the login routes themselves. */
export async function requestJsonPublic<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return unwrap(await send<T>(method, path, body));
}

export interface Reply<T> {
  status: number;
  data: T | { error?: { code?: string; message?: string } } | undefined;
}

export async function send<T>(
  method: Method,
  path: string,
  body: unknown,
  token?: string,
): Promise<Reply<T>> {
  try {
    const response = await Taro.request({
      url: `${API_BASE}${path}`,
      method,
      data: body,
      header: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      timeout: 20000,
    });
    return { status: response.statusCode, data: response.data };
  } catch {
    throw new ApiError('network', 0, NETWORK_MESSAGE);
  }
}

export function unwrap<T>(reply: Reply<T>): T {
  if (reply.status >= 200 && reply.status < 300) return reply.data as T;
  throw toApiError(reply.status, reply.data);
}

/** The server's `{ error: { code, message } }` as an ApiError; a generic message when there is none. */
export function toApiError(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ApiError(
    error?.code ?? 'http-error',
    status,
    error?.message ?? '服务暂时不可用，请稍后再试，或拨打12314热线。',
  );
}
