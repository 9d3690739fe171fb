/**
 * Signing a mini-program user in: the login code goes to WeChat (code2Session) and the openid
 * that comes back gets a session of our own. In sandbox mode, or with no mini program configured,
 * a device id the client made up stands in for WeChat, so the mini program runs without it.
 */
import type { Logger } from 'pino';
import { AppError } from '../http/app-error';
import { WechatApiError, type MiniprogramApiClient } from '../wechat/api/miniprogram-api-client';
import type { CitizenSessions } from './citizen-session';
import { citizenLoginSchema, parseInput, sandboxLoginSchema } from './citizen-input';

/** Invalid code, code already used, user blocked for risk. */
const REFUSED_CODE = new Set([40029, 40163, 40226]);
const RATE_LIMITED = 45011;

export interface CitizenLoginDeps {
  sessions: Pick<CitizenSessions, 'startSession'>;
  miniprogram: Pick<MiniprogramApiClient, 'code2Session'> | undefined;
  sandboxLogin: boolean;
  logger: Logger;
}

const loginUnavailable = () => new AppError('login-unavailable', 404, '小程序登录暂未开通，请稍后再试。');

function toLoginError(error: unknown): AppError {
  if (error instanceof WechatApiError && REFUSED_CODE.has(error.errcode)) {
    return new AppError('login-code-invalid', 401, '微信登录凭证无效或已过期，请重新进入小程序后再试。');
  }
  if (error instanceof WechatApiError && error.errcode === RATE_LIMITED) {
    return new AppError('too-many-attempts', 429, '登录太频繁了，请稍后再试。');
  }
  return new AppError('wechat-unavailable', 502, '微信登录暂时不可用，请稍后再试。', true);
}

export function createCitizenLogin(deps: CitizenLoginDeps) {
  async function loginWithCode(body: unknown): Promise<{ token: string; expiresAt: Date }> {
    const { code } = parseInput(citizenLoginSchema, body);
    if (!deps.miniprogram) throw loginUnavailable();
    let session;
    try {
      session = await deps.miniprogram.code2Session(code);
    } catch (error) {
      const refusal = toLoginError(error);
      deps.logger.warn({ err: error, code: refusal.code }, 'mini-program login refused');
      throw refusal;
    }
    // session.sessionKey is dropped here on purpose: nothing we do needs it.
    return deps.sessions.startSession({ openid: session.openid, unionid: session.unionid });
  }

  async function loginInSandbox(body: unknown): Promise<{ token: string; expiresAt: Date }> {
    if (!deps.sandboxLogin) throw new AppError('not-found', 404, '没有找到您要访问的地址。');
    const { deviceId } = parseInput(sandboxLoginSchema, body);
    return deps.sessions.startSession({ openid: `sandbox-${deviceId}` });
  }

  return { loginWithCode, loginInSandbox };
}

export type CitizenLogin = ReturnType<typeof createCitizenLogin>;
