/**
 * A stand-in for WeChat's API servers (wechat-protocol.md §5.1, 5.3, 5.6, 5.7), for the tests
 * and for sandbox mode, which has no WeChat to talk to. It answers like WeChat: HTTP 200 with an
 * errcode, tokens checked on every call, media errors as JSON labelled text/plain. Its checks are
 * written here again, apart from server/wechat, so that one shared bug cannot make both agree.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { findStandinMenuErrors } from './standin-menu-rules';
import {
  readCustomerMessage,
  readJsonObject,
  refusalBody,
  respond,
  respondJson,
  StandinRefusal,
} from './standin-protocol';

export interface StandinCustomerMessage {
  touser: string;
  msgtype: string;
  text?: { content: string };
  at: Date;
}

export interface WechatApiStandin {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Listens on 127.0.0.1 on a free port. */
  listen(): Promise<{ baseUrl: string; close(): Promise<void> }>;
  /** The latest customer-service messages, oldest first (bounded). */
  readonly customerMessages: StandinCustomerMessage[];
  readonly menus: unknown[];
  /** How many stable_token calls were answered, refusals included. */
  readonly tokenRequests: number;
  /** User-sent media for media/get to serve; video/* is served as a video_url, as WeChat does. */
  addMedia(mediaId: string, bytes: Buffer, contentType: string): void;
  /** The next `times` calls to `path` that pass the token check answer `errcode`. */
  failNext(path: string, errcode: number, times?: number): void;
  /** Every answer on `path` comes `ms` later (0 to stop). */
  delay(path: string, ms: number): void;
  /** Invalidates every token issued so far: the next call gets 40001, stable_token a new one. */
  expireTokens(): void;
}

export interface WechatApiStandinOptions {
  appId: string;
  appSecret: string;
  now?: () => Date;
}

const TOKEN_LIFETIME_SECONDS = 7200;
const MAX_CUSTOMER_MESSAGES = 500;
const VIDEO_PATH_PREFIX = '/standin/video/';
export function createWechatApiStandin(options: WechatApiStandinOptions): WechatApiStandin {
  const now = options.now ?? (() => new Date());
  const customerMessages: StandinCustomerMessage[] = [];
  const menus: unknown[] = [];
  const media = new Map<string, { bytes: Buffer; contentType: string }>();
  const failures = new Map<string, { errcode: number; remaining: number }>();
  const delays = new Map<string, number>();
  let issued: { token: string; expiresAt: number } | undefined;
  let tokenRequests = 0;

  function checkToken(url: URL): void {
    const token = url.searchParams.get('access_token');
    if (!issued || token !== issued.token) throw new StandinRefusal(40001);
    if (now().getTime() >= issued.expiresAt) throw new StandinRefusal(42001);
  }

  function consumeInjectedFailure(path: string): void {
    const failure = failures.get(path);
    if (!failure) return;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.delete(path);
    throw new StandinRefusal(failure.errcode);
  }

  function requireMethod(req: IncomingMessage, method: 'GET' | 'POST'): void {
    if (req.method !== method) throw new StandinRefusal(method === 'GET' ? 43001 : 43002);
  }

  async function answerStableToken(req: IncomingMessage, res: ServerResponse) {
    tokenRequests += 1;
    requireMethod(req, 'POST');
    const body = await readJsonObject(req);
    if (body.grant_type !== 'client_credential') throw new StandinRefusal(40002);
    if (body.appid !== options.appId) throw new StandinRefusal(40013);
    if (body.secret !== options.appSecret) throw new StandinRefusal(40125);
    consumeInjectedFailure('/cgi-bin/stable_token');
    const nowMs = now().getTime();
    if (!issued || nowMs >= issued.expiresAt || body.force_refresh === true) {
      issued = {
        token: randomBytes(48).toString('base64url'),
        expiresAt: nowMs + TOKEN_LIFETIME_SECONDS * 1000,
      };
    }
    // Normal mode hands out the same token with what is left of its lifetime.
    respondJson(res, {
      access_token: issued.token,
      expires_in: Math.floor((issued.expiresAt - nowMs) / 1000),
    });
  }

  async function answerCustomerMessage(req: IncomingMessage, res: ServerResponse, url: URL) {
    requireMethod(req, 'POST');
    checkToken(url);
    const message = readCustomerMessage(await readJsonObject(req));
    consumeInjectedFailure(url.pathname);
    customerMessages.push({ ...message, at: now() });
    customerMessages.splice(0, customerMessages.length - MAX_CUSTOMER_MESSAGES);
    respondJson(res, { errcode: 0, errmsg: 'ok' });
  }

  function answerMediaDownload(req: IncomingMessage, res: ServerResponse, url: URL) {
    requireMethod(req, 'GET');
    checkToken(url);
    consumeInjectedFailure(url.pathname);
    const mediaId = url.searchParams.get('media_id') ?? '';
    const found = media.get(mediaId);
    if (!found) {
      // WeChat labels this JSON error text/plain: clients must look at the body, not the header.
      return respond(res, 200, 'text/plain', JSON.stringify(refusalBody(40007)));
    }
    if (found.contentType.startsWith('video/')) {
      return respondJson(res, { video_url: `http://${req.headers.host}${VIDEO_PATH_PREFIX}${mediaId}` });
    }
    res.setHeader('Content-disposition', `attachment; filename="${mediaId}"`);
    respond(res, 200, found.contentType, found.bytes);
  }

  async function answerMenuCreate(req: IncomingMessage, res: ServerResponse, url: URL) {
    requireMethod(req, 'POST');
    checkToken(url);
    const body = await readJsonObject(req);
    const errcode = findStandinMenuErrors(body);
    if (errcode) throw new StandinRefusal(errcode);
    consumeInjectedFailure(url.pathname);
    menus.push(body);
    respondJson(res, { errcode: 0, errmsg: 'ok' });
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL) {
    switch (url.pathname) {
      case '/cgi-bin/stable_token':
        return answerStableToken(req, res);
      case '/cgi-bin/message/custom/send':
        return answerCustomerMessage(req, res, url);
      case '/cgi-bin/media/get':
        return answerMediaDownload(req, res, url);
      case '/cgi-bin/menu/create':
        return answerMenuCreate(req, res, url);
    }
    const video = url.pathname.startsWith(VIDEO_PATH_PREFIX)
      ? media.get(decodeURIComponent(url.pathname.slice(VIDEO_PATH_PREFIX.length)))
      : undefined;
    if (video) return respond(res, 200, video.contentType, video.bytes);
    respond(res, 404, 'text/plain', 'not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://standin.invalid');
    const delayMs = delays.get(url.pathname);
    if (delayMs) {
      // Stop waiting when the caller gives up, so no timer outlives a closed stand-in.
      const callerLeft = new AbortController();
      res.once('close', () => callerLeft.abort());
      await sleep(delayMs, undefined, { signal: callerLeft.signal }).catch(() => undefined);
      if (callerLeft.signal.aborted) return;
    }
    try {
      await route(req, res, url);
    } catch (error) {
      if (!(error instanceof StandinRefusal)) throw error;
      respondJson(res, refusalBody(error.errcode));
    }
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    handle(req, res).catch(() => {
      if (!res.headersSent) respond(res, 500, 'text/plain', 'stand-in failure');
    });
  }

  return {
    handler,
    async listen() {
      const server = http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        baseUrl: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      };
    },
    customerMessages,
    menus,
    get tokenRequests() {
      return tokenRequests;
    },
    addMedia(mediaId, bytes, contentType) {
      media.set(mediaId, { bytes, contentType });
    },
    failNext(path, errcode, times = 1) {
      failures.set(path, { errcode, remaining: times });
    },
    delay(path, ms) {
      delays.set(path, ms);
    },
    expireTokens() {
      issued = undefined;
    },
  };
}
