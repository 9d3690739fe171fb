/**
 * How a notification travels and what a failure means (pure). Channels in order of preference
 * (issue: template message to a follower, then a granted mini-program subscription, then a
 * customer-service message inside the 48-hour window); without any, the status waits in 查询
 * and the mini-program.
 */
export type Channel = 'template' | 'subscribe' | 'customer';

export interface Reachability {
  hasOfficialAccountOpenid: boolean;
  hasMiniprogramOpenid: boolean;
}

/** The channels worth trying for this reporter, best first. */
export function channelsFor(reach: Reachability): Channel[] {
  const channels: Channel[] = [];
  if (reach.hasOfficialAccountOpenid) channels.push('template');
  if (reach.hasMiniprogramOpenid) channels.push('subscribe');
  if (reach.hasOfficialAccountOpenid) channels.push('customer');
  return channels;
}

const CUSTOMER_WINDOW_MS = 48 * 60 * 60_000;

export function isInsideCustomerWindow(lastMessageAt: Date | undefined, now: Date): boolean {
  return !!lastMessageAt && now.getTime() - lastMessageAt.getTime() < CUSTOMER_WINDOW_MS;
}

/** WeChat refusals that no retry fixes, with the reason staff read. */
const PERMANENT_REASONS: Record<number, string> = {
  43004: 'not following the official account',
  43101: 'subscription refused or no grant left',
  40003: 'invalid openid',
  40037: 'invalid template id',
  47003: 'template data refused',
  45015: 'customer-service window expired',
  45047: 'customer-service message limit reached',
  41030: 'invalid mini-program page',
  48001: 'API not authorised for this account',
};

/** For this channel only: the next channel may still reach the reporter. */
export function permanentReason(errcode: number | undefined): string | undefined {
  return errcode === undefined ? undefined : PERMANENT_REASONS[errcode];
}

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 30 * 60_000;

/** Exponential backoff for transient failures: 5 s, 10 s, 20 s … at most 30 minutes. */
export function nextAttemptAt(attempts: number, now: Date): Date {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + delay);
}
