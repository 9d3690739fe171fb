/**
 * The stand-in's stable_token (wechat-protocol.md §5.1) for each account it plays: the official
 * account and, when given, the mini program. As at WeChat, tokens are per AppID, a valid token is
 * handed out again with what is left of its lifetime, and every API checks the token it is given.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  jsonAnswer,
  readJsonObject,
  requireMethod,
  StandinRefusal,
  type StandinAnswer,
} from './standin-protocol';

export interface StandinAccount {
  appId: string;
  appSecret: string;
}

export const STABLE_TOKEN_PATH = '/cgi-bin/stable_token';
const TOKEN_LIFETIME_SECONDS = 7200;

export function createStandinTokens(accounts: StandinAccount[], now: () => Date) {
  const issued = new Map<string, { token: string; expiresAt: number }>();
  const requestsByAppId = new Map<string, number>();
  let requests = 0;

  async function answerStableToken(
    req: IncomingMessage,
    consumeInjectedFailure: (path: string) => void,
  ): Promise<StandinAnswer> {
    requests += 1;
    requireMethod(req, 'POST');
    const body = await readJsonObject(req);
    if (typeof body.appid === 'string') {
      requestsByAppId.set(body.appid, (requestsByAppId.get(body.appid) ?? 0) + 1);
    }
    if (body.grant_type !== 'client_credential') throw new StandinRefusal(40002);
    const account = accounts.find((candidate) => candidate.appId === body.appid);
    if (!account) throw new StandinRefusal(40013);
    if (body.secret !== account.appSecret) throw new StandinRefusal(40125);
    consumeInjectedFailure(STABLE_TOKEN_PATH);
    const nowMs = now().getTime();
    let current = issued.get(account.appId);
    if (!current || nowMs >= current.expiresAt || body.force_refresh === true) {
      current = {
        token: randomBytes(48).toString('base64url'),
        expiresAt: nowMs + TOKEN_LIFETIME_SECONDS * 1000,
      };
      issued.set(account.appId, current);
    }
    // Normal mode hands out the same token with what is left of its lifetime.
    return jsonAnswer({
      access_token: current.token,
      expires_in: Math.floor((current.expiresAt - nowMs) / 1000),
    });
  }

  /**
   * Passes only a live token of `appId`. A live token of the other account gets 48001 (the API is
   * not open to that account; the errcode WeChat picks for this is unconfirmed), which makes a
   * client that mixes up the two tokens fail loudly instead of renewing in a loop.
   */
  function checkToken(url: URL, appId: string | undefined): void {
    const token = url.searchParams.get('access_token');
    const own = appId === undefined ? undefined : issued.get(appId);
    if (own && token === own.token) {
      if (now().getTime() >= own.expiresAt) throw new StandinRefusal(42001);
      return;
    }
    const ofOtherAccount = [...issued.values()].some(
      (other) => other.token === token && now().getTime() < other.expiresAt,
    );
    throw new StandinRefusal(ofOtherAccount ? 48001 : 40001);
  }

  return {
    answerStableToken,
    checkToken,
    /** Every token issued so far stops working: the next call gets 40001, stable_token a new one. */
    expireAll: () => issued.clear(),
    get requests() {
      return requests;
    },
    requestsFor: (appId: string) => requestsByAppId.get(appId) ?? 0,
  };
}
