/**
 * The official account's calls to WeChat (wechat-protocol.md §5): customer-service and template
 * messages, media download, the menu, and a generic JSON POST. Tokens, renewal and retries live
 * in wechat-caller.ts; anything WeChat refuses surfaces as a WechatApiError, an answer that never
 * came as a WechatTransportError. Secrets and tokens never reach a log or a message.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createWechatCaller, readJsonAnswer } from './wechat-caller';
import { requestWechat, WechatTransportError, type WechatResponse } from './wechat-http';
import { callWithRetries } from './wechat-retry';

export { isPermanentWechatError, WechatApiError, WechatTransportError } from './wechat-http';

export interface TemplateMessage {
  touser: string;
  templateId: string;
  /** `{ keyword1: { value } }`; since 2023 WeChat shows neither `first` nor `remark` (§5.4). */
  data: Record<string, { value: string }>;
  /** Wins over `url` on clients that support it; the mini program must be linked to the account. */
  miniprogram?: { appid: string; pagepath: string };
  url?: string;
  /**
   * WeChat delivers the same touser + client_msg_id only once within 10 minutes, which is what
   * makes a template send safe to retry after a lost answer. Derive it from what is notified
   * (e.g. case id + event id), never from the attempt.
   */
  clientMsgId: string;
}

export interface WechatApiClient {
  /** customer-service (客服) text message, POST /cgi-bin/message/custom/send; never retried after a lost answer */
  sendCustomerText(openid: string, content: string): Promise<void>;
  /** POST /cgi-bin/message/template/send; msgid is a 64-bit number, so it comes back as a string */
  sendTemplate(message: TemplateMessage): Promise<{ msgid: string }>;
  /** GET /cgi-bin/media/get: JSON in the body means an error (or a video link), never media bytes */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
  /** POST /cgi-bin/menu/create; replaces the whole menu */
  createMenu(menu: { button: unknown[] }): Promise<void>;
  /** generic JSON POST with the token; not repeated after a lost answer, since it may not be safe */
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

const TEMPLATE_SEND_PATH = '/cgi-bin/message/template/send';

/** What an operator should do when WeChat refuses to issue a token. */
const TOKEN_FAILURE_HINTS: Record<number, string> = {
  40013: 'WeChat does not know this AppID: check WECHAT_APPID',
  40125: 'WeChat rejected the AppSecret: check WECHAT_APPSECRET (it changes when reset in the console)',
  40164: "this server's IP address is not in the official account's IP whitelist",
  40243: 'the AppSecret is frozen: unfreeze or reset it in the console',
};

/** The msgid's digits from the raw answer: JSON.parse would round a 64-bit number (§7). */
function readMsgid(response: WechatResponse): string | undefined {
  return /"msgid"\s*:\s*"?(\d+)/.exec(response.bytes.toString('utf8'))?.[1];
}

export function createWechatApiClient(deps: WechatApiClientDeps): WechatApiClient {
  const { now = () => new Date(), timeoutMs = 10_000 } = deps;
  const logger = deps.logger.child({ component: 'wechat-api' });
  const caller = createWechatCaller({
    ...deps,
    logger,
    now,
    timeoutMs,
    tokenFailureHints: TOKEN_FAILURE_HINTS,
  });

  async function postJson<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    const response = await caller.callWithToken({ method: 'POST', path, body, repeatable: false });
    return readJsonAnswer(path, response) as T;
  }

  async function sendTemplate(message: TemplateMessage): Promise<{ msgid: string }> {
    const { touser, templateId, data, miniprogram, url, clientMsgId } = message;
    const body = { touser, template_id: templateId, data, miniprogram, url, client_msg_id: clientMsgId };
    const response = await caller.callWithToken({
      method: 'POST',
      path: TEMPLATE_SEND_PATH,
      body,
      repeatable: true,
    });
    const msgid = readMsgid(response);
    if (!msgid) throw new WechatTransportError(TEMPLATE_SEND_PATH, 'answered without a msgid');
    return { msgid };
  }

  async function downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const path = '/cgi-bin/media/get';
    const response = await caller.callWithToken({
      method: 'GET',
      path,
      query: { media_id: mediaId },
      repeatable: true,
    });
    if (!response.json) return { bytes: response.bytes, contentType: response.contentType };
    // Videos come as a link to fetch (§5.6); it carries no token, so it goes as is.
    const { video_url: videoUrl } = response.json;
    if (typeof videoUrl !== 'string' || !URL.canParse(videoUrl)) {
      throw new WechatTransportError(path, 'answered JSON instead of media');
    }
    const attempt = () => requestWechat({ method: 'GET', url: new URL(videoUrl), path, timeoutMs });
    const video = await callWithRetries({ path, repeatable: true, attempt }, logger);
    return { bytes: video.bytes, contentType: video.contentType };
  }

  return {
    async sendCustomerText(openid, content) {
      await postJson('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content } });
    },
    sendTemplate,
    downloadMedia,
    async createMenu(menu) {
      // Creating the same menu twice leaves one menu, so a lost answer may be followed by a retry.
      await caller.callWithToken({
        method: 'POST',
        path: '/cgi-bin/menu/create',
        body: menu,
        repeatable: true,
      });
    },
    postJson,
  };
}
