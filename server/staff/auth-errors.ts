/**
 * The errors staff authentication answers with. One place for their codes and wording, so the
 * login form, the middleware and the tests agree. Messages are for the person at the screen.
 */
import { AppError } from '../http/app-error';

/** Same code and words for an unknown user, a wrong password and a disabled account. */
export const invalidCredentials = () =>
  new AppError('invalid-credentials', 401, '用户名或密码不正确，请重新输入。');

/**
 * 423 Locked rather than 429: the account is locked, whoever asks and from wherever; 429 is kept
 * for the per-address throttle below, which is about the caller, not the account.
 */
export function accountLocked(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError('account-locked', 423, `密码错误次数过多，账号已暂时锁定，请${minutes}分钟后再试。`);
}

export const tooManyAttempts = () => new AppError('too-many-attempts', 429, '登录尝试过于频繁，请稍后再试。');

export const unauthenticated = (expired = false) =>
  new AppError('unauthenticated', 401, expired ? '登录已过期，请重新登录。' : '请先登录。');

export const forbidden = () => new AppError('forbidden', 403, '您没有权限进行此操作。');
