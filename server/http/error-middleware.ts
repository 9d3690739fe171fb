import type { Middleware } from 'koa';
import { AppError } from './app-error';

const GENERIC_MESSAGE = '服务器出了点问题，请稍后再试。';

/** Errors thrown by Koa and its libraries (http-errors) carry `status`/`expose` but no code. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = (error as { expose?: boolean; message?: string }).expose
      ? String((error as Error).message)
      : '请求有误。';
    return new AppError(`http-${status}`, status, message);
  }
  return new AppError('internal-error', 500, GENERIC_MESSAGE, false);
}

/** Maps every error to {"error":{"code","message"}}; unexposed causes are logged, never sent. */
export function errorMiddleware(): Middleware {
  return async function handleErrors(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('not-found', 404, '没有找到您要访问的地址。');
      }
    } catch (error) {
      const appError = toAppError(error);
      ctx.status = appError.status;
      ctx.body = {
        error: { code: appError.code, message: appError.expose ? appError.message : GENERIC_MESSAGE },
      };
      if (appError.status >= 500) ctx.state.log?.error({ err: error }, 'request failed');
    }
  };
}
