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

/**
 * Only the cause's message: the error itself may quote the URL, access token included. Checked
 * by name, not instanceof: under jest, abort reasons are DOMExceptions from another realm.
 */
function describeFetchError(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const causeMessage = (cause as { message?: unknown } | undefined)?.message;
  return `unreachable (${String(typeof causeMessage === 'string' ? causeMessage : message)})`;
}

export async function requestWechat(request: WechatRequest): Promise<WechatResponse> {
  const { method, url, path, body, timeoutMs } = request;
  let response: Response;
  let bytes: Buffer;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // The signal also bounds reading the body, so a stalled download cannot hang a caller.
      signal: AbortSignal.timeout(timeoutMs),
    });
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new WechatTransportError(path, describeFetchError(error, timeoutMs));
  }
  if (!response.ok) throw new WechatTransportError(path, `answered HTTP ${response.status}`);
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  return { contentType, bytes, json: readJsonBody(bytes, contentType) };
}
