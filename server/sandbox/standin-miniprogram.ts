/**
 * The stand-in's mini-program APIs (wechat-protocol.md §6.1–6.3): login codes, phone-number
 * codes and subscription messages. Codes are registered by the test or the sandbox, work once,
 * and only within 5 minutes, as WeChat's do. Without a mini-program account the stand-in answers
 * as WeChat does to an AppID it does not know.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  appendBounded,
  jsonAnswer,
  OK_ANSWER,
  readJsonObject,
  readKeywordData,
  requireMethod,
  StandinRefusal,
  type StandinAnswer,
  type StandinContext,
  type StandinRoute,
} from './standin-protocol';
import { findSubscribeDataError } from './standin-subscribe-rules';
import type { StandinAccount } from './standin-tokens';

export interface StandinMiniprogramUser {
  openid: string;
  unionid?: string;
}

export interface StandinSubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
  at: Date;
}

const CODE_LIFETIME_MS = 5 * 60_000;
const MAX_KEPT_MESSAGES = 500;
const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;

export function createStandinMiniprogram(account: StandinAccount | undefined, context: StandinContext) {
  const { now, checkToken, consumeInjectedFailure, recordOutbound } = context;
  const loginCodes = new Map<string, { user: StandinMiniprogramUser; issuedAt: number; used: boolean }>();
  const phoneCodes = new Map<string, { purePhoneNumber: string; countryCode: string; issuedAt: number }>();
  const refusingSubscriptions = new Set<string>();
  const subscribeMessages: StandinSubscribeMessage[] = [];
  const isExpired = (issuedAt: number) => now().getTime() - issuedAt > CODE_LIFETIME_MS;

  function answerCodeToSession(req: IncomingMessage, url: URL): StandinAnswer {
    requireMethod(req, 'GET');
    const query = url.searchParams;
    if (!account || query.get('appid') !== account.appId) throw new StandinRefusal(40013);
    if (query.get('secret') !== account.appSecret) throw new StandinRefusal(40125);
    if (query.get('grant_type') !== 'authorization_code') throw new StandinRefusal(40002);
    consumeInjectedFailure(url.pathname);
    const code = loginCodes.get(query.get('js_code') ?? '');
    if (!code || isExpired(code.issuedAt)) throw new StandinRefusal(40029);
    if (code.used) throw new StandinRefusal(40163);
    code.used = true;
    const { openid, unionid } = code.user;
    return jsonAnswer({ session_key: randomBytes(16).toString('base64'), openid, unionid });
  }

  async function answerPhoneNumber(req: IncomingMessage, url: URL): Promise<StandinAnswer> {
    requireMethod(req, 'POST');
    checkToken(url, account?.appId);
    const { code } = await readJsonObject(req);
    consumeInjectedFailure(url.pathname);
    const phone = typeof code === 'string' ? phoneCodes.get(code) : undefined;
    if (typeof code !== 'string' || !phone || isExpired(phone.issuedAt)) throw new StandinRefusal(40029);
    phoneCodes.delete(code);
    const { purePhoneNumber, countryCode } = phone;
    return jsonAnswer({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: countryCode === '86' ? purePhoneNumber : `+${countryCode}${purePhoneNumber}`,
        purePhoneNumber,
        countryCode,
        watermark: { timestamp: Math.floor(now().getTime() / 1000), appid: account?.appId },
      },
    });
  }

  async function answerSubscribeMessage(req: IncomingMessage, url: URL): Promise<StandinAnswer> {
    requireMethod(req, 'POST');
    checkToken(url, account?.appId);
    const body = await readJsonObject(req);
    const { touser, template_id: templateId, page, miniprogram_state: state = 'formal' } = body;
    if (typeof touser !== 'string' || touser === '') throw new StandinRefusal(40003);
    if (typeof templateId !== 'string' || templateId === '') throw new StandinRefusal(40037);
    // The stand-in does not know the released pages (§6.3), so only a page that is no text fails.
    if (page !== undefined && typeof page !== 'string') throw new StandinRefusal(41030);
    const miniprogramState = MINIPROGRAM_STATES.find((known) => known === state);
    if (!miniprogramState) throw new StandinRefusal(47003, 'miniprogram_state invalid');
    const data = readKeywordData(body.data);
    const dataError = findSubscribeDataError(data);
    if (dataError) throw new StandinRefusal(47003, dataError);
    consumeInjectedFailure(url.pathname);
    if (refusingSubscriptions.has(touser)) throw new StandinRefusal(43101);
    appendBounded(
      subscribeMessages,
      { touser, templateId, page, data, miniprogramState, at: now() },
      MAX_KEPT_MESSAGES,
    );
    recordOutbound('subscribe', touser, body);
    return OK_ANSWER;
  }

  const routes: Record<string, StandinRoute> = {
    '/sns/jscode2session': answerCodeToSession,
    '/wxa/business/getuserphonenumber': answerPhoneNumber,
    '/cgi-bin/message/subscribe/send': answerSubscribeMessage,
  };

  return {
    routes,
    subscribeMessages,
    addLoginCode(code: string, user: StandinMiniprogramUser) {
      loginCodes.set(code, { user: { ...user }, issuedAt: now().getTime(), used: false });
    },
    addPhoneCode(code: string, purePhoneNumber: string, countryCode = '86') {
      phoneCodes.set(code, { purePhoneNumber, countryCode, issuedAt: now().getTime() });
    },
    refuseSubscribe(openid: string) {
      refusingSubscriptions.add(openid);
    },
  };
}
