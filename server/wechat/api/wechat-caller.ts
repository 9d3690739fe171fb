/**
 * How one WeChat account (the official account, or the mini program) calls WeChat's API
 * (wechat-protocol.md §5.1, §5.2): with its own stable token, cached in the database under its
 * AppID, renewed once when WeChat rejects it, and with the retries of wechat-retry.ts. Each
 * account builds its own caller, so the two accounts' tokens can never be mixed up.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createAccessTokenStore, type FreshAccessToken } from './access-token-store';
import {
  readFailure,
  requestWechat,
  WechatApiError,
  WechatTransportError,
  type WechatFailure,
  type WechatResponse,
} from './wechat-http';
import { callWithRetries, MAX_RETRIES, TOTAL_BACKOFF_MS } from './wechat-retry';

export interface WechatCallerDeps {
  db: Connection;
  appId: string;
  appSecret: string;
  apiBase: string;
  /** Already labelled with the client's component: the caller logs paths and errcodes only. */
  logger: Logger;
  now: () => Date;
  timeoutMs: number;
  /** What an operator should do when WeChat refuses to issue a token, by errcode. */
  tokenFailureHints: Record<number, string>;
}

export interface WechatCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** May a lost answer be followed by the same request? See wechat-retry.ts. */
  repeatable: boolean;
}

export interface WechatCaller {
  /** With the account's access token; a refusal becomes a WechatApiError. */
  callWithToken(call: WechatCall): Promise<WechatResponse>;
  /** Without a token (code2Session carries the AppSecret itself); a refusal becomes a WechatApiError. */
  callWithoutToken(call: WechatCall): Promise<WechatResponse>;
}

const STABLE_TOKEN_PATH = '/cgi-bin/stable_token';
/** invalid credential, invalid access_token, access_token expired */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);

/** The answer's JSON body; anything else from a JSON endpoint means we did not reach WeChat's API. */
export function readJsonAnswer(path: string, response: WechatResponse): Record<string, unknown> {
  if (!response.json) throw new WechatTransportError(path, `answered ${response.contentType}, not JSON`);
  return response.json;
}

export function createWechatCaller(deps: WechatCallerDeps): WechatCaller {
  const { db, appId, appSecret, logger, now, timeoutMs, tokenFailureHints } = deps;
  const apiBase = deps.apiBase.replace(/\/+$/, '');

  function send(call: WechatCall): Promise<WechatResponse> {
    const url = new URL(`${apiBase}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    const attempt = () =>
      requestWechat({ method: call.method, url, path: call.path, body: call.body, timeoutMs });
    return callWithRetries({ path: call.path, repeatable: call.repeatable, attempt }, logger);
  }

  function fail(path: string, failure: WechatFailure, hint?: string): never {
    logger.warn(
      { path, errcode: failure.errcode, errmsg: failure.errmsg, rid: failure.rid },
      'WeChat said no',
    );
    throw new WechatApiError(path, failure, hint);
  }

  async function fetchStableToken(): Promise<FreshAccessToken> {
    // Normal mode only: force_refresh would invalidate the token every other instance holds.
    const credentials = { grant_type: 'client_credential', appid: appId, secret: appSecret };
    const response = await send({
      method: 'POST',
      path: STABLE_TOKEN_PATH,
      body: credentials,
      repeatable: true,
    });
    const failure = readFailure(response.json);
    if (failure) fail(STABLE_TOKEN_PATH, failure, tokenFailureHints[failure.errcode]);
    const { access_token: token, expires_in: expiresInSeconds } = response.json ?? {};
    if (typeof token !== 'string' || typeof expiresInSeconds !== 'number' || expiresInSeconds <= 0) {
      throw new WechatTransportError(STABLE_TOKEN_PATH, 'answered without access_token and expires_in');
    }
    logger.info({ expiresInSeconds }, 'fetched the WeChat access token');
    return { token, expiresInSeconds };
  }

  const tokens = createAccessTokenStore({
    db,
    appId,
    now,
    fetchToken: fetchStableToken,
    // Every attempt of a token fetch may time out; past this, another instance takes over.
    leaseMs: timeoutMs * (MAX_RETRIES + 1) + TOTAL_BACKOFF_MS + 2_000,
  });

  async function callWithToken(call: WechatCall): Promise<WechatResponse> {
    for (let renewed = false; ; renewed = true) {
      const accessToken = await tokens.getToken();
      const response = await send({ ...call, query: { ...call.query, access_token: accessToken } });
      const failure = readFailure(response.json);
      if (!failure) return response;
      if (!TOKEN_REJECTED.has(failure.errcode) || renewed) fail(call.path, failure);
      logger.info(
        { path: call.path, errcode: failure.errcode },
        'WeChat rejected the access token; renewing it once',
      );
      await tokens.expireIfCurrent(accessToken);
    }
  }

  async function callWithoutToken(call: WechatCall): Promise<WechatResponse> {
    const response = await send(call);
    const failure = readFailure(response.json);
    if (failure) fail(call.path, failure);
    return response;
  }

  return { callWithToken, callWithoutToken };
}
