import http from 'node:http';
import https from 'node:https';

/**
 * One HTTP exchange with WeChat's API servers (wechat-protocol.md §5): every request has a
 * deadline, and WeChat's error convention (HTTP 200 with a JSON body whose `errcode` is not 0,
 * sometimes labelled text/plain) is read the same way for JSON and binary endpoints.
 */

export interface WechatFailure {
  errcode: number;
  errmsg: string;
  /** WeChat support asks for it; some answers carry it as a field, most inside errmsg. */
  rid?: string;
}

/** WeChat answered, and said no. */
export class WechatApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  readonly rid: string | undefined;

  constructor(
    readonly path: string,
    failure: WechatFailure,
    hint?: string,
  ) {
    super(`WeChat ${path} failed: ${failure.errcode} ${failure.errmsg}${hint ? `. ${hint}` : ''}`);
    this.name = 'WechatApiError';
    this.errcode = failure.errcode;
    this.errmsg = failure.errmsg;
    this.rid = failure.rid;
  }
}

/**
 * WeChat did not answer in time, could not be reached, or answered something that is not its
 * API. A POST may or may not have taken effect, so only calls that are safe to repeat are tried
 * again (wechat-retry.ts); for the others the caller decides.
 */
export class WechatTransportError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`WeChat ${path}: ${message}`);
    this.name = 'WechatTransportError';
  }
}

/**
 * Refusals that say the same however often the call is repeated (wechat-protocol.md §5.2):
 * the reporter unfollowed, refused or used up a subscription, the openid, template or page is
 * wrong, the 客服 window is closed or used up, or the account may not call the API.
 */
const PERMANENT_ERRCODES = new Set([43004, 43101, 40003, 40037, 47003, 45015, 45047, 41030, 48001]);

/** True when retrying later cannot help: the notification should be given up or sent another way. */
export function isPermanentWechatError(error: unknown): boolean {
  return error instanceof WechatApiError && PERMANENT_ERRCODES.has(error.errcode);
}

export interface WechatResponse {
  contentType: string;
  bytes: Buffer;
  /** The body as an object when it is JSON, whatever the Content-Type says. */
  json: Record<string, unknown> | undefined;
}

export interface WechatRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** For logs and errors: the URL's path only, since the query holds the access token. */
  path: string;
  body?: unknown;
  timeoutMs: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readJsonBody(bytes: Buffer, contentType: string): Record<string, unknown> | undefined {
  // Media are images, voice and video: none of them starts with "{", so a sniff is safe.
  const mayBeJson = /json|text\/plain/i.test(contentType) || bytes[0] === 0x7b;
  if (!mayBeJson) return undefined;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function readFailure(json: Record<string, unknown> | undefined): WechatFailure | undefined {
  if (!json || typeof json.errcode !== 'number' || json.errcode === 0) return undefined;
  const errmsg = typeof json.errmsg === 'string' ? json.errmsg : '';
  const rid = typeof json.rid === 'string' ? json.rid : /\brid: ?([\w-]+)/.exec(errmsg)?.[1];
  return { errcode: json.errcode, errmsg, rid };
}

// Keep-alive connections: a fresh TCP (and TLS) handshake per message costs more than the send.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  bytes: Buffer;
}

/**
 * One exchange on node:http (fetch costs several times the CPU per request). The deadline covers
 * the whole exchange, reading the body included, so a stalled download cannot hang a caller.
 */
function exchange(method: string, url: URL, body: string | undefined, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const agent = agents[url.protocol as keyof typeof agents];
    const headers =
      body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const request = transport.request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          bytes: Buffer.concat(chunks),
        });
      });
      response.on('error', fail);
    });
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      request.destroy();
      reject(error);
    }
    request.on('error', fail);
    request.end(body);
  });
}

export async function requestWechat(request: WechatRequest): Promise<WechatResponse> {
  const { method, url, path, body, timeoutMs } = request;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WechatTransportError(path, `unsupported address (${url.protocol})`);
  }
  let answer: RawAnswer;
  try {
    answer = await exchange(method, url, body === undefined ? undefined : JSON.stringify(body), timeoutMs);
  } catch (error) {
    // Only the error's own message: node:http never puts the URL (and its access token) in it.
    const message = (error as Error).message;
    throw new WechatTransportError(
      path,
      message.startsWith('no answer') ? message : `unreachable (${message})`,
    );
  }
  if (answer.status < 200 || answer.status > 299)
    throw new WechatTransportError(path, `answered HTTP ${answer.status}`);
  const contentType = answer.contentType ?? 'application/octet-stream';
  return { contentType, bytes: answer.bytes, json: readJsonBody(answer.bytes, contentType) };
}
