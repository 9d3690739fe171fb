/**
 * Which failed WeChat calls are tried again, and how soon (wechat-protocol.md §5.2).
 *
 * "System busy" (-1) and the quota answer 45009 are retried for every call: WeChat did not do
 * the work, so trying again cannot deliver anything twice. A daily quota does not come back
 * within the backoff, so 45009 usually surfaces after the last retry; the retries cost nothing.
 *
 * A lost connection or a timeout is retried only when the call is safe to repeat: WeChat may
 * have done the work before the answer was lost, and a customer-service or subscription message
 * would then reach the reporter twice. Those throw the WechatTransportError to their caller.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { readFailure, WechatTransportError, type WechatResponse } from './wechat-http';

const RETRIED_ERRCODES = new Set([-1, 45009]);
export const MAX_RETRIES = 3;
const FIRST_BACKOFF_MS = 200;
/** What the waits of one call add up to at most: 200 + 400 + 800 ms. */
export const TOTAL_BACKOFF_MS = FIRST_BACKOFF_MS * (2 ** MAX_RETRIES - 1);

export interface RetriedCall {
  /** For logs: the URL's path only, since the query may hold a token or the AppSecret. */
  path: string;
  /** Safe to send twice: token fetches, GETs, and sends WeChat deduplicates (client_msg_id). */
  repeatable: boolean;
  attempt: () => Promise<WechatResponse>;
}

/** WeChat's answer to the last attempt; a transport error once retries are spent or not allowed. */
export async function callWithRetries(call: RetriedCall, logger: Logger): Promise<WechatResponse> {
  for (let retries = 0; ; retries += 1) {
    let reason: string;
    try {
      const response = await call.attempt();
      const errcode = readFailure(response.json)?.errcode;
      if (errcode === undefined || !RETRIED_ERRCODES.has(errcode) || retries === MAX_RETRIES) {
        return response;
      }
      reason = `errcode ${errcode}`;
    } catch (error) {
      const mayRetry = error instanceof WechatTransportError && call.repeatable && retries < MAX_RETRIES;
      if (!mayRetry) throw error;
      reason = error.message;
    }
    logger.warn({ path: call.path, retry: retries + 1, reason }, 'retrying a WeChat call');
    await sleep(FIRST_BACKOFF_MS * 2 ** retries);
  }
}
