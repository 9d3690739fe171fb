/**
 * The official account's calls to WeChat (wechat-protocol.md §5): customer-service messages,
 * media download, the menu, and a generic JSON POST for the notification work. Every call takes
 * the shared access token; a rejected token is renewed once, "system busy" is retried briefly,
 * anything else surfaces as a WechatApiError. Secrets and tokens never reach a log or a message.
 */
import { setTimeout as sleep } from 'node:timers/promises';
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

export { WechatApiError, WechatTransportError } from './wechat-http';

export interface WechatApiClient {
  /** customer-service (客服) text message, POST /cgi-bin/message/custom/send */
  sendCustomerText(openid: string, content: string): Promise<void>;
  /** GET /cgi-bin/media/get: JSON in the body means an error (or a video link), never media bytes */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
  /** POST /cgi-bin/menu/create */
  createMenu(menu: { button: unknown[] }): Promise<void>;
  /** generic JSON POST with the token, for the notification work that comes later */
  postJson<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
}

export interface WechatApiClientDeps {
  db: Connection;
  appId: string;
  appSecret: string;
  apiBase: string;
  logger: Logger;
  now?: () => Date;
  timeoutMs?: number;
}

const STABLE_TOKEN_PATH = '/cgi-bin/stable_token';
/** invalid credential, invalid access_token, access_token expired */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
const SYSTEM_BUSY = -1;
const MAX_BUSY_RETRIES = 2;
const BUSY_BACKOFF_MS = 200;

/** What an operator should do when WeChat refuses to issue a token. */
const TOKEN_FAILURE_HINTS: Record<number, string> = {
  40013: 'WeChat does not know this AppID: check WECHAT_APPID',
  40125: 'WeChat rejected the AppSecret: check WECHAT_APPSECRET (it changes when reset in the console)',
  40164: "this server's IP address is not in the official account's IP whitelist",
  40243: 'the AppSecret is frozen: unfreeze or reset it in the console',
};

export function createWechatApiClient(deps: WechatApiClientDeps): WechatApiClient {
  const { db, appId, appSecret, now = () => new Date(), timeoutMs = 10_000 } = deps;
  const apiBase = deps.apiBase.replace(/\/+$/, '');
  const logger = deps.logger.child({ component: 'wechat-api' });

  function send(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown) {
    const url = new URL(`${apiBase}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return requestWechat({ method, url, path, body, timeoutMs });
  }

  function fail(path: string, failure: WechatFailure, hint?: string): never {
    logger.warn(
      { path, errcode: failure.errcode, errmsg: failure.errmsg, rid: failure.rid },
      'WeChat said no',
    );
    throw new WechatApiError(path, failure, hint);
  }

  /** WeChat asks for retries on -1; any other answer (success included) is returned as is. */
  async function retryWhileBusy(path: string, attempt: () => Promise<WechatResponse>) {
    for (let retries = 0; ; retries += 1) {
      const response = await attempt();
      if (readFailure(response.json)?.errcode !== SYSTEM_BUSY || retries === MAX_BUSY_RETRIES)
        return response;
      logger.info({ path, retry: retries + 1 }, 'WeChat is busy (-1); retrying');
      await sleep(BUSY_BACKOFF_MS * 2 ** retries);
    }
  }

  async function fetchStableToken(): Promise<FreshAccessToken> {
    // Normal mode only: force_refresh would invalidate the token every other instance holds.
    const credentials = { grant_type: 'client_credential', appid: appId, secret: appSecret };
    const response = await retryWhileBusy(STABLE_TOKEN_PATH, () =>
      send('POST', STABLE_TOKEN_PATH, {}, credentials),
    );
    const failure = readFailure(response.json);
    if (failure) fail(STABLE_TOKEN_PATH, failure, TOKEN_FAILURE_HINTS[failure.errcode]);
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
    // A token fetch may retry twice on "busy"; past this, another instance takes over.
    leaseMs: timeoutMs * (MAX_BUSY_RETRIES + 1) + 2_000,
  });

  async function callWithToken(path: string, attempt: (accessToken: string) => Promise<WechatResponse>) {
    for (let renewed = false; ; renewed = true) {
      const accessToken = await tokens.getToken();
      const response = await retryWhileBusy(path, () => attempt(accessToken));
      const failure = readFailure(response.json);
      if (!failure) return response;
      if (!TOKEN_REJECTED.has(failure.errcode) || renewed) fail(path, failure);
      logger.info({ path, errcode: failure.errcode }, 'WeChat rejected the access token; renewing it once');
      await tokens.expireIfCurrent(accessToken);
    }
  }

  async function postJson<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    const response = await callWithToken(path, (accessToken) =>
      send('POST', path, { access_token: accessToken }, body),
    );
    if (!response.json) throw new WechatTransportError(path, `answered ${response.contentType}, not JSON`);
    return response.json as T;
  }

  async function downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const path = '/cgi-bin/media/get';
    const response = await callWithToken(path, (accessToken) =>
      send('GET', path, { access_token: accessToken, media_id: mediaId }),
    );
    if (!response.json) return { bytes: response.bytes, contentType: response.contentType };
    // Videos come as a link to fetch (§5.6); it carries no token, so it goes as is.
    const { video_url: videoUrl } = response.json;
    if (typeof videoUrl !== 'string' || !URL.canParse(videoUrl)) {
      throw new WechatTransportError(path, 'answered JSON instead of media');
    }
    const video = await requestWechat({ method: 'GET', url: new URL(videoUrl), path, timeoutMs });
    return { bytes: video.bytes, contentType: video.contentType };
  }

  return {
    async sendCustomerText(openid, content) {
      await postJson('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content } });
    },
    downloadMedia,
    async createMenu(menu) {
      await postJson('/cgi-bin/menu/create', menu);
    },
    postJson,
  };
}
