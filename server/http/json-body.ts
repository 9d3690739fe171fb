import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import { AppError } from './app-error';

/**
 * Parses a JSON request body into ctx.request.body. Over the limit → 413, not JSON → 400.
 * Routes that need the raw bytes (the WeChat callback) are mounted without it.
 */
export function jsonBody(limit = '100kb'): Middleware {
  return async function parseJsonBody(ctx, next) {
    const isJsonRequest =
      ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method) && ctx.is('application/json');
    // The WeChat callback reads its own raw body, whatever content type a caller claims.
    if (!isJsonRequest || ctx.path.startsWith('/wechat/')) {
      return next();
    }
    let text: string;
    try {
      text = await getRawBody(ctx.req, {
        limit,
        length: ctx.get('content-length') || undefined,
        encoding: 'utf8',
      });
    } catch (error) {
      if ((error as { type?: string }).type === 'entity.too.large') {
        throw new AppError('body-too-large', 413, '提交的内容太大了，请删减后再试。');
      }
      throw new AppError('bad-body', 400, '提交的内容不完整，请重试。');
    }
    try {
      ctx.request.body = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new AppError('malformed-json', 400, '提交的数据格式不正确。');
    }
    return next();
  };
}

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
