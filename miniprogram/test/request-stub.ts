/**
 * Answers the mocked Taro.request by method and path, as the citizen API would, and records
 * every call, so a test reads what the page sent. Unknown paths answer 404 in the server's shape.
 */
import Taro from '@tarojs/taro';

export interface StubReply {
  statusCode: number;
  data: unknown;
}

type Handler = (body: unknown) => StubReply | Promise<StubReply>;

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

export function stubRequests(routes: Record<string, Handler | StubReply>): SentRequest[] {
  const sent: SentRequest[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation(
    async (options: { url: string; method: string; data?: unknown }) => {
      const path = options.url.replace(/^https?:\/\/[^/]+/, '');
      sent.push({ method: options.method, path, body: options.data });
      const route = routes[`${options.method} ${path}`];
      if (!route) return { statusCode: 404, data: { error: { code: 'not-found', message: '没有找到。' } } };
      return typeof route === 'function' ? route(options.data) : route;
    },
  );
  return sent;
}

export const ok = (data: unknown, statusCode = 200): StubReply => ({ statusCode, data });

/** A promise and the functions that settle it, for a request a test finishes when it wants. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
