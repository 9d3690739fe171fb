/**
 * The stand-in's official-account APIs (wechat-protocol.md §5.3, 5.4, 5.6, 5.7): customer-service
 * and template messages, media download and the menu, each checking the official account's token.
 * A reporter who unfollowed gets no template (43004) and no customer-service message (45015).
 */
import type { IncomingMessage } from 'node:http';
import { findStandinMenuErrors } from './standin-menu-rules';
import {
  appendBounded,
  jsonAnswer,
  jsonTextAnswer,
  OK_ANSWER,
  readCustomerMessage,
  readJsonObject,
  refusalBody,
  requireMethod,
  StandinRefusal,
  type StandinAnswer,
  type StandinContext,
  type StandinRoute,
} from './standin-protocol';
import {
  createTemplateMsgids,
  readTemplateMessage,
  type StandinTemplateMessage,
} from './standin-template-messages';

export interface StandinCustomerMessage {
  touser: string;
  msgtype: string;
  text?: { content: string };
  at: Date;
}

const MAX_KEPT_MESSAGES = 500;
const VIDEO_PATH_PREFIX = '/standin/video/';

export function createStandinOfficialAccount(appId: string, context: StandinContext) {
  const { now, checkToken, consumeInjectedFailure, recordOutbound } = context;
  const customerMessages: StandinCustomerMessage[] = [];
  const templateMessages: StandinTemplateMessage[] = [];
  const menus: unknown[] = [];
  const media = new Map<string, { bytes: Buffer; contentType: string }>();
  const unfollowed = new Set<string>();
  const templateMsgids = createTemplateMsgids(now);
  /** Counted apart from the bounded list, for crash tests and the bench. */
  const templateCounts = { delivered: 0, repeats: 0 };

  async function answerCustomerMessage(req: IncomingMessage, url: URL): Promise<StandinAnswer> {
    requireMethod(req, 'POST');
    checkToken(url, appId);
    const body = await readJsonObject(req);
    const message = readCustomerMessage(body);
    consumeInjectedFailure(url.pathname);
    if (unfollowed.has(message.touser)) throw new StandinRefusal(45015);
    appendBounded(customerMessages, { ...message, at: now() }, MAX_KEPT_MESSAGES);
    recordOutbound('customer', message.touser, body);
    return OK_ANSWER;
  }

  async function answerTemplateMessage(req: IncomingMessage, url: URL): Promise<StandinAnswer> {
    requireMethod(req, 'POST');
    checkToken(url, appId);
    const body = await readJsonObject(req);
    const message = readTemplateMessage(body);
    consumeInjectedFailure(url.pathname);
    if (unfollowed.has(message.touser)) throw new StandinRefusal(43004);
    const { msgid, deliver } = templateMsgids.assignMsgid(message.touser, message.clientMsgId);
    if (deliver) {
      templateCounts.delivered += 1;
      appendBounded(templateMessages, { ...message, msgid, at: now() }, MAX_KEPT_MESSAGES);
      recordOutbound('template', message.touser, body);
    } else {
      templateCounts.repeats += 1;
    }
    // A number, as WeChat writes it, and too big for JSON.stringify to write from a BigInt.
    return jsonTextAnswer(`{"errcode":0,"errmsg":"ok","msgid":${msgid}}`);
  }

  function answerMediaDownload(req: IncomingMessage, url: URL): StandinAnswer {
    requireMethod(req, 'GET');
    checkToken(url, appId);
    consumeInjectedFailure(url.pathname);
    const mediaId = url.searchParams.get('media_id') ?? '';
    const found = media.get(mediaId);
    if (!found) {
      // WeChat labels this JSON error text/plain: clients must look at the body, not the header.
      return { status: 200, contentType: 'text/plain', body: JSON.stringify(refusalBody(40007)) };
    }
    if (found.contentType.startsWith('video/')) {
      return jsonAnswer({ video_url: `http://${req.headers.host}${VIDEO_PATH_PREFIX}${mediaId}` });
    }
    return {
      status: 200,
      contentType: found.contentType,
      body: found.bytes,
      headers: { 'Content-disposition': `attachment; filename="${mediaId}"` },
    };
  }

  async function answerMenuCreate(req: IncomingMessage, url: URL): Promise<StandinAnswer> {
    requireMethod(req, 'POST');
    checkToken(url, appId);
    const body = await readJsonObject(req);
    const errcode = findStandinMenuErrors(body);
    if (errcode) throw new StandinRefusal(errcode);
    consumeInjectedFailure(url.pathname);
    menus.push(body);
    return OK_ANSWER;
  }

  const routes: Record<string, StandinRoute> = {
    '/cgi-bin/message/custom/send': answerCustomerMessage,
    '/cgi-bin/message/template/send': answerTemplateMessage,
    '/cgi-bin/media/get': answerMediaDownload,
    '/cgi-bin/menu/create': answerMenuCreate,
  };

  /** The download behind a video_url: no token, as on WeChat's media servers. */
  function serveVideo(pathname: string): StandinAnswer | undefined {
    if (!pathname.startsWith(VIDEO_PATH_PREFIX)) return undefined;
    const video = media.get(decodeURIComponent(pathname.slice(VIDEO_PATH_PREFIX.length)));
    return video && { status: 200, contentType: video.contentType, body: video.bytes };
  }

  return {
    routes,
    serveVideo,
    customerMessages,
    templateMessages,
    templateCounts,
    menus,
    addMedia(mediaId: string, bytes: Buffer, contentType: string) {
      media.set(mediaId, { bytes, contentType });
    },
    unfollow(openid: string) {
      unfollowed.add(openid);
    },
  };
}
