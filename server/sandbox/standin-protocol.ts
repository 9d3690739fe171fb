/**
 * How WeChat's API servers talk, for the stand-in: HTTP 200 whatever happens, an errcode and an
 * errmsg that ends in a request id ("rid"), 47001 for a body that is not a JSON object, and the
 * checks a customer-service message must pass.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

const ERROR_MESSAGES: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40018: 'invalid button name size',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43004: 'require subscribe',
  43101: 'user refuse to accept the msg',
  44004: 'empty content',
  45009: 'reach max api daily quota limit',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
};

/** Thrown inside a handler: the request is answered with this errcode. */
export class StandinRefusal {
  constructor(
    readonly errcode: number,
    /** Which field, for 47003: WeChat's errmsg names it (`data.thing1.value invalid`). */
    readonly detail?: string,
  ) {}
}

/** What a handler answers; written by the stand-in's request loop, which may hold it back. */
export interface StandinAnswer {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function refusalBody(errcode: number, detail?: string): { errcode: number; errmsg: string } {
  const rid = randomBytes(6).toString('hex');
  const message = ERROR_MESSAGES[errcode] ?? 'injected failure';
  return { errcode, errmsg: `${message}${detail ? ` ${detail}` : ''} rid: ${rid}` };
}

/** JSON already written, for what JSON.stringify cannot write (a 64-bit msgid as a number). */
export function jsonTextAnswer(text: string): StandinAnswer {
  return { status: 200, contentType: 'application/json; encoding=utf-8', body: text };
}

export const jsonAnswer = (body: object): StandinAnswer => jsonTextAnswer(JSON.stringify(body));

export const OK_ANSWER: StandinAnswer = jsonAnswer({ errcode: 0, errmsg: 'ok' });

export function writeAnswer(res: ServerResponse, answer: StandinAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'Content-Type': answer.contentType }).end(answer.body);
}

/** Appends and drops the oldest beyond `max`: the stand-in runs for days in sandbox mode. */
export function appendBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  list.splice(0, list.length - max);
}

export function requireMethod(req: IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method) throw new StandinRefusal(method === 'GET' ? 43001 : 43002);
}

export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new StandinRefusal(47001);
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (isObject(parsed)) return parsed;
  } catch {
    // not JSON: answered below like any other malformed body
  }
  throw new StandinRefusal(47001);
}

const CUSTOMER_MESSAGE_TYPES = ['text', 'image', 'voice', 'video', 'music', 'news', 'mpnews', 'msgmenu'];

/** custom/send's checks (§5.3): a receiver, a known msgtype, and text for a text message. */
export function readCustomerMessage(body: Record<string, unknown>): {
  touser: string;
  msgtype: string;
  text?: { content: string };
} {
  const { touser, msgtype, text } = body;
  if (typeof touser !== 'string' || touser === '') throw new StandinRefusal(40003);
  if (typeof msgtype !== 'string' || !CUSTOMER_MESSAGE_TYPES.includes(msgtype))
    throw new StandinRefusal(40008);
  const content = isObject(text) && typeof text.content === 'string' ? text.content : undefined;
  if (msgtype !== 'text') return { touser, msgtype };
  if (!content) throw new StandinRefusal(44004);
  return { touser, msgtype, text: { content } };
}

/**
 * Template and subscription data (§5.4, §6.3): `{ key: { value: "…" } }`. WeChat's 47003 names
 * the field it stopped at, and so does this.
 */
export function readKeywordData(data: unknown): Record<string, { value: string }> {
  if (!isObject(data) || Object.keys(data).length === 0) throw new StandinRefusal(47003, 'data invalid');
  const keywords: Record<string, { value: string }> = {};
  for (const [key, entry] of Object.entries(data)) {
    if (!isObject(entry) || typeof entry.value !== 'string') {
      throw new StandinRefusal(47003, `data.${key}.value invalid`);
    }
    keywords[key] = { value: entry.value };
  }
  return keywords;
}

export type StandinOutboxKind = 'customer' | 'template' | 'subscribe';

/** What the stand-in's API handlers share: the clock, token checks, injected failures, the outbox. */
export interface StandinContext {
  now: () => Date;
  /** Refuses unless the URL carries a live token of `appId` (undefined: no such account). */
  checkToken(url: URL, appId: string | undefined): void;
  consumeInjectedFailure(path: string): void;
  recordOutbound(kind: StandinOutboxKind, touser: string, body: Record<string, unknown>): void;
}

export type StandinRoute = (req: IncomingMessage, url: URL) => Promise<StandinAnswer> | StandinAnswer;
