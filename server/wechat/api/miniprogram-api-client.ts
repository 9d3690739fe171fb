/**
 * The mini program's calls to WeChat (wechat-protocol.md §6.1–6.3): login (code2Session), the
 * reporter's phone number, and subscription messages. The mini program is an account of its own:
 * its own AppID, secret and cached token, never the official account's. Neither the AppSecret nor
 * a session_key reaches a log; the session_key stays on the server (§6.1).
 */
import type { WechatApiClientDeps } from './wechat-api-client';
import { createWechatCaller, readJsonAnswer } from './wechat-caller';
import { WechatTransportError } from './wechat-http';

export { isPermanentWechatError, WechatApiError, WechatTransportError } from './wechat-http';

export interface MiniprogramSession {
  openid: string;
  /** Only when the mini program is bound to an Open Platform (开放平台) account. */
  unionid?: string;
  /** Never send it to the mini program: issue a session of our own instead. */
  sessionKey: string;
}

export interface MiniprogramPhoneNumber {
  /** With the country code for numbers outside China. */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** A page of the released mini program, query allowed (`pages/case/index?id=…`); 41030 otherwise. */
  page?: string;
  /** `{ thing1: { value } }`; WeChat refuses the whole message (47003) if one value breaks its type's rule (§6.3). */
  data: Record<string, { value: string }>;
  /** Which version a tap opens; WeChat's default is formal. */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

export interface MiniprogramApiClient {
  /** GET /sns/jscode2session; a js_code works once, within 5 minutes (40029, 40163) */
  code2Session(jsCode: string): Promise<MiniprogramSession>;
  /** POST /wxa/business/getuserphonenumber with the code from the getPhoneNumber button */
  getPhoneNumber(code: string): Promise<MiniprogramPhoneNumber>;
  /** POST /cgi-bin/message/subscribe/send; uses up one grant; never retried after a lost answer */
  sendSubscribe(message: SubscribeMessage): Promise<void>;
}

/** The same account settings as the official account's client, with the mini-program's AppID. */
export type MiniprogramApiClientDeps = WechatApiClientDeps;

const CODE_TO_SESSION_PATH = '/sns/jscode2session';
const PHONE_NUMBER_PATH = '/wxa/business/getuserphonenumber';

/** Mini programs need no IP whitelist (§5.1), so 40164 has no hint here. */
const TOKEN_FAILURE_HINTS: Record<number, string> = {
  40013: 'WeChat does not know this AppID: check MINIPROGRAM_APPID',
  40125: 'WeChat rejected the AppSecret: check MINIPROGRAM_SECRET (it changes when reset in the console)',
  40243: 'the AppSecret is frozen: unfreeze or reset it in the console',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function createMiniprogramApiClient(deps: MiniprogramApiClientDeps): MiniprogramApiClient {
  const { appId, appSecret, now = () => new Date(), timeoutMs = 10_000 } = deps;
  const logger = deps.logger.child({ component: 'miniprogram-api' });
  const caller = createWechatCaller({
    ...deps,
    logger,
    now,
    timeoutMs,
    tokenFailureHints: TOKEN_FAILURE_HINTS,
  });

  async function code2Session(jsCode: string): Promise<MiniprogramSession> {
    const query = { appid: appId, secret: appSecret, js_code: jsCode, grant_type: 'authorization_code' };
    // A GET is repeated after a lost answer: if WeChat had used the code, the retry gets 40163
    // and the reporter logs in again, which is what giving up would have cost anyway.
    const response = await caller.callWithoutToken({
      method: 'GET',
      path: CODE_TO_SESSION_PATH,
      query,
      repeatable: true,
    });
    const { openid, unionid, session_key: sessionKey } = readJsonAnswer(CODE_TO_SESSION_PATH, response);
    if (typeof openid !== 'string' || typeof sessionKey !== 'string') {
      throw new WechatTransportError(CODE_TO_SESSION_PATH, 'answered without openid and session_key');
    }
    return typeof unionid === 'string' ? { openid, unionid, sessionKey } : { openid, sessionKey };
  }

  async function getPhoneNumber(code: string): Promise<MiniprogramPhoneNumber> {
    // Not repeated after a lost answer: the code works once, so a retry could only get 40029.
    const response = await caller.callWithToken({
      method: 'POST',
      path: PHONE_NUMBER_PATH,
      body: { code },
      repeatable: false,
    });
    const phoneInfo = readJsonAnswer(PHONE_NUMBER_PATH, response).phone_info;
    const { phoneNumber, purePhoneNumber, countryCode, watermark } = isObject(phoneInfo) ? phoneInfo : {};
    if (
      typeof phoneNumber !== 'string' ||
      typeof purePhoneNumber !== 'string' ||
      typeof countryCode !== 'string'
    ) {
      throw new WechatTransportError(PHONE_NUMBER_PATH, 'answered without phone_info');
    }
    // §6.2: the watermark proves the number was issued to this mini program.
    if (!isObject(watermark) || watermark.appid !== appId) {
      throw new WechatTransportError(PHONE_NUMBER_PATH, 'answered a phone number issued to another AppID');
    }
    return { phoneNumber, purePhoneNumber, countryCode };
  }

  async function sendSubscribe(message: SubscribeMessage): Promise<void> {
    const { touser, templateId, page, data, miniprogramState } = message;
    await caller.callWithToken({
      method: 'POST',
      path: '/cgi-bin/message/subscribe/send',
      body: { touser, template_id: templateId, page, data, miniprogram_state: miniprogramState },
      repeatable: false,
    });
  }

  return { code2Session, getPhoneNumber, sendSubscribe };
}
