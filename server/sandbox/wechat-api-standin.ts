/**
 * A stand-in for WeChat's API servers (wechat-protocol.md §5, §6.1–6.3), for the tests and for
 * sandbox mode, which has no WeChat to talk to. It answers like WeChat: HTTP 200 with an errcode,
 * tokens checked on every call, media errors as JSON labelled text/plain. Its checks are written
 * here again, apart from server/wechat, so that one shared bug cannot make both agree.
 *
 * Every message it accepts for delivery also goes into `outbox`, in order, so that sandbox users
 * can see what the reporter would have received (GET /api/v1/dev/outbox).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createStandinMiniprogram } from './standin-miniprogram';
import { createStandinOfficialAccount } from './standin-official-account';
import {
  appendBounded,
  jsonAnswer,
  refusalBody,
  StandinRefusal,
  writeAnswer,
  type StandinAnswer,
  type StandinContext,
  type StandinOutboxKind,
} from './standin-protocol';
import { createStandinTokens, STABLE_TOKEN_PATH, type StandinAccount } from './standin-tokens';

export type { StandinCustomerMessage } from './standin-official-account';
export type { StandinMiniprogramUser, StandinSubscribeMessage } from './standin-miniprogram';
export type { StandinTemplateMessage } from './standin-template-messages';

export interface StandinOutboxEntry {
  kind: StandinOutboxKind;
  touser: string;
  at: Date;
  /** The request body as WeChat received it (tokens travel in the query, never here). */
  body: Record<string, unknown>;
}

type Parts = ReturnType<typeof createStandinOfficialAccount> & ReturnType<typeof createStandinMiniprogram>;

export interface WechatApiStandin extends Pick<
  Parts,
  | 'customerMessages'
  | 'templateMessages'
  | 'templateCounts'
  | 'subscribeMessages'
  | 'menus'
  | 'addMedia'
  | 'unfollow'
  | 'addLoginCode'
  | 'addPhoneCode'
  | 'refuseSubscribe'
> {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Listens on 127.0.0.1 on a free port. */
  listen(): Promise<{ baseUrl: string; close(): Promise<void> }>;
  /** Every message accepted for delivery (customer-service, template, subscribe), oldest first (bounded). */
  readonly outbox: StandinOutboxEntry[];
  /** How many stable_token calls were answered, refusals included, for every AppID. */
  readonly tokenRequests: number;
  /** How many stable_token calls named this AppID. */
  tokenRequestsFor(appId: string): number;
  /** The next `times` calls to `path` that pass the token and body checks answer `errcode`. */
  failNext(path: string, errcode: number, times?: number): void;
  /** Every answer on `path` comes `ms` later, before the call is carried out (0 to stop). */
  delay(path: string, ms: number): void;
  /** The next `times` calls to `path` are carried out, but their answers never come: a lost answer. */
  loseNextAnswers(path: string, times?: number): void;
  /** Invalidates every token issued so far: the next call gets 40001, stable_token a new one. */
  expireTokens(): void;
}

export interface WechatApiStandinOptions extends StandinAccount {
  /** The mini program's credentials; without them, its APIs answer as to an unknown AppID. */
  miniprogram?: StandinAccount;
  now?: () => Date;
  /** Sandbox mode: each outbound message is logged, so the console shows what was "sent". */
  logger?: Logger;
}

const MAX_OUTBOX_ENTRIES = 1000;

export function createWechatApiStandin(options: WechatApiStandinOptions): WechatApiStandin {
  const now = options.now ?? (() => new Date());
  const officialAccount = { appId: options.appId, appSecret: options.appSecret };
  const tokens = createStandinTokens(
    [officialAccount, ...(options.miniprogram ? [options.miniprogram] : [])],
    now,
  );
  const failures = new Map<string, { errcode: number; remaining: number }>();
  const delays = new Map<string, number>();
  const lostAnswers = new Map<string, number>();
  const outbox: StandinOutboxEntry[] = [];

  function consumeInjectedFailure(path: string): void {
    const failure = failures.get(path);
    if (!failure) return;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.delete(path);
    throw new StandinRefusal(failure.errcode);
  }

  const context: StandinContext = {
    now,
    checkToken: tokens.checkToken,
    consumeInjectedFailure,
    recordOutbound(kind, touser, body) {
      appendBounded(outbox, { kind, touser, at: now(), body }, MAX_OUTBOX_ENTRIES);
      options.logger?.info({ kind, touser }, 'sandbox outbound WeChat message');
    },
  };
  const account = createStandinOfficialAccount(options.appId, context);
  const miniprogram = createStandinMiniprogram(options.miniprogram, context);
  const routes = { ...account.routes, ...miniprogram.routes };

  async function answer(req: IncomingMessage, url: URL): Promise<StandinAnswer> {
    try {
      if (url.pathname === STABLE_TOKEN_PATH)
        return await tokens.answerStableToken(req, consumeInjectedFailure);
      const route = routes[url.pathname];
      if (route) return await route(req, url);
    } catch (error) {
      if (!(error instanceof StandinRefusal)) throw error;
      return jsonAnswer(refusalBody(error.errcode, error.detail));
    }
    return account.serveVideo(url.pathname) ?? { status: 404, contentType: 'text/plain', body: 'not found' };
  }

  function takeLostAnswer(path: string): boolean {
    const remaining = lostAnswers.get(path) ?? 0;
    if (remaining <= 0) return false;
    if (remaining === 1) lostAnswers.delete(path);
    else lostAnswers.set(path, remaining - 1);
    return true;
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
    const answered = await answer(req, url);
    // The work is done but the answer is held until the caller gives up (or the stand-in closes).
    if (takeLostAnswer(url.pathname)) return;
    writeAnswer(res, answered);
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        writeAnswer(res, { status: 500, contentType: 'text/plain', body: 'stand-in failure' });
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
    customerMessages: account.customerMessages,
    templateMessages: account.templateMessages,
    templateCounts: account.templateCounts,
    subscribeMessages: miniprogram.subscribeMessages,
    outbox,
    menus: account.menus,
    get tokenRequests() {
      return tokens.requests;
    },
    tokenRequestsFor: tokens.requestsFor,
    addMedia: account.addMedia,
    unfollow: account.unfollow,
    addLoginCode: miniprogram.addLoginCode,
    addPhoneCode: miniprogram.addPhoneCode,
    refuseSubscribe: miniprogram.refuseSubscribe,
    failNext(path, errcode, times = 1) {
      failures.set(path, { errcode, remaining: times });
    },
    delay(path, ms) {
      delays.set(path, ms);
    },
    loseNextAnswers(path, times = 1) {
      lostAnswers.set(path, times);
    },
    expireTokens: tokens.expireAll,
  };
}
