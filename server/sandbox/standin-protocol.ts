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
  40125: 'invalid appsecret',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  44004: 'empty content',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  47001: 'data format error',
};

/** Thrown inside a handler: the request is answered with this errcode. */
export class StandinRefusal {
  constructor(readonly errcode: number) {}
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function refusalBody(errcode: number): { errcode: number; errmsg: string } {
  const rid = randomBytes(6).toString('hex');
  return { errcode, errmsg: `${ERROR_MESSAGES[errcode] ?? 'injected failure'} rid: ${rid}` };
}

export function respond(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  res.writeHead(status, { 'Content-Type': contentType }).end(body);
}

export function respondJson(res: ServerResponse, body: object): void {
  respond(res, 200, 'application/json; encoding=utf-8', JSON.stringify(body));
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
