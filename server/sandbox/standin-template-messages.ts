/**
 * template/send as WeChat does it (wechat-protocol.md §5.4): the checks on the body, and the
 * client_msg_id rule: the same touser + client_msg_id within 10 minutes is not delivered again
 * and is answered with the first msgid. Over-long values are WeChat's to cut short, not to refuse.
 */
import { randomInt } from 'node:crypto';
import { isObject, readKeywordData, StandinRefusal } from './standin-protocol';

export interface StandinTemplateMessage {
  touser: string;
  templateId: string;
  data: Record<string, { value: string }>;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  clientMsgId?: string;
  /** 64-bit, as WeChat's: a client that reads it as a JS number gets a different one. */
  msgid: string;
  at: Date;
}

export type TemplateMessageRequest = Omit<StandinTemplateMessage, 'msgid' | 'at'>;

const DEDUPLICATION_WINDOW_MS = 10 * 60_000;

export function readTemplateMessage(body: Record<string, unknown>): TemplateMessageRequest {
  const { touser, template_id: templateId, url, miniprogram, client_msg_id: clientMsgId } = body;
  if (typeof touser !== 'string' || touser === '') throw new StandinRefusal(40003);
  if (typeof templateId !== 'string' || templateId === '') throw new StandinRefusal(40037);
  const data = readKeywordData(body.data);
  if (url !== undefined && typeof url !== 'string') throw new StandinRefusal(47001);
  if (clientMsgId !== undefined && (typeof clientMsgId !== 'string' || clientMsgId === '')) {
    throw new StandinRefusal(47001);
  }
  const message: TemplateMessageRequest = { touser, templateId, data, url, clientMsgId };
  if (miniprogram === undefined) return message;
  if (
    !isObject(miniprogram) ||
    typeof miniprogram.appid !== 'string' ||
    typeof miniprogram.pagepath !== 'string'
  ) {
    throw new StandinRefusal(47001);
  }
  return { ...message, miniprogram: { appid: miniprogram.appid, pagepath: miniprogram.pagepath } };
}

/** Hands out msgids and remembers, for 10 minutes, which touser + client_msg_id got which. */
export function createTemplateMsgids(now: () => Date) {
  // Past 2^53 on purpose, as WeChat's are (e.g. 7250021412600020992).
  let lastMsgid = 7_250_021_412_600_020_992n + BigInt(randomInt(1_000_000_000));
  const firstSends = new Map<string, { msgid: string; at: number }>();

  function forgetExpired(nowMs: number): void {
    // Insertion order is send order, so the expired ones are at the front.
    for (const [key, send] of firstSends) {
      if (nowMs - send.at < DEDUPLICATION_WINDOW_MS) return;
      firstSends.delete(key);
    }
  }

  /** The msgid to answer with; `deliver` is false for a repeat within the window. */
  function assignMsgid(touser: string, clientMsgId: string | undefined): { msgid: string; deliver: boolean } {
    const nowMs = now().getTime();
    forgetExpired(nowMs);
    const key = clientMsgId === undefined ? undefined : `${touser}\n${clientMsgId}`;
    const first = key === undefined ? undefined : firstSends.get(key);
    if (first) return { msgid: first.msgid, deliver: false };
    lastMsgid += BigInt(randomInt(1, 1000));
    const msgid = lastMsgid.toString();
    if (key !== undefined) firstSends.set(key, { msgid, at: nowMs });
    return { msgid, deliver: true };
  }

  return { assignMsgid };
}
