/**
 * The outbox's sender job. Each pass takes the shards no other instance holds (a lease per
 * shard), sends what is due there a few at a time, and records each outcome on the notification.
 * A pass killed half-way loses nothing: what was not marked sent is sent by the next holder.
 * Template messages carry the notification's id as client_msg_id, so WeChat drops a repeat of one
 * it accepted just before the crash; a subscribe or customer-service message has no such key, so
 * it is marked `sending` first and, found in that state later, is not sent again (recorded as
 * uncertain) rather than risk a duplicate.
 */
import type { Logger } from 'pino';
import type { DocumentLocks } from '../db/document-lock';
import {
  channelsFor,
  MAX_ATTEMPTS,
  nextAttemptAt,
  permanentReason,
  type Channel,
} from './domain/delivery-policy';
import type { Notice } from './domain/notice-builder';
import {
  SHARDS,
  type NotificationRecord,
  type NotificationRepository,
} from './data-access/notification-repository';

export interface NotificationTransport {
  sendTemplate(openid: string, notice: Notice, clientMsgId: string): Promise<{ msgid?: string }>;
  sendSubscribe(openid: string, notice: Notice): Promise<void>;
  sendCustomer(openid: string, notice: Notice): Promise<void>;
}

/** What the sender needs to know about the reporter at send time. */
export interface ReporterReach {
  openOpenid(sealed: string): string;
  /** Uses one mini-program subscription grant of this reporter; false when none is left. */
  takeSubscribeGrant(miniprogramOpenid: string): Promise<boolean>;
  /** The reporter's last message to the official account (the customer-service window). */
  isInCustomerWindow(officialAccountOpenid: string): Promise<boolean>;
}

export interface SenderDeps {
  repo: NotificationRepository;
  locks: DocumentLocks;
  transport: NotificationTransport;
  reach: ReporterReach;
  logger: Logger;
  now: () => Date;
  leaseMs?: number;
  batchSize?: number;
  concurrency?: number;
  /** How often finished notifications are moved out of the shards the pass holds. */
  archiveEveryMs?: number;
}

const SENDING_GRACE_MS = 10 * 60_000;
/** WeChat drops a repeated client_msg_id for 10 minutes only; repeat within that, with margin. */
const TEMPLATE_REPEAT_WINDOW_MS = 9 * 60_000;
const UNCERTAIN = 'uncertain: WeChat may have delivered it before the connection failed; not repeated';

const seqOf = (item: NotificationRecord) => Number(item.id.slice(item.id.lastIndexOf(':') + 1));

function errcodeOf(error: unknown): number | undefined {
  const errcode = (error as { errcode?: unknown }).errcode;
  return typeof errcode === 'number' ? errcode : undefined;
}

export function createNotificationSender(deps: SenderDeps) {
  const { repo, transport, reach, logger, now } = deps;
  const leaseMs = deps.leaseMs ?? 30_000;
  // A pass must end well inside its leases: at a few hundred sends a second, 1000 takes seconds.
  const batchSize = deps.batchSize ?? 1000;
  const concurrency = deps.concurrency ?? 8;
  const archiveEveryMs = deps.archiveEveryMs ?? 60_000;
  // Also moves, a minute in, what a crashed sender finished but left behind.
  let archivedAt = now().getTime();

  /** Tries the channels in order; returns what to record. */
  async function deliver(item: NotificationRecord): Promise<Partial<NotificationRecord>> {
    const refused = [...item.refused];
    const ruledOut = new Set(refused.map((entry) => entry.channel));
    const { officialAccountOpenid: sealedOa, miniprogramOpenid: sealedMp } = item.recipient;
    const oaOpenid = sealedOa ? reach.openOpenid(sealedOa) : undefined;
    const mpOpenid = sealedMp ? reach.openOpenid(sealedMp) : undefined;
    const channels = channelsFor({ hasOfficialAccountOpenid: !!oaOpenid, hasMiniprogramOpenid: !!mpOpenid });
    for (const channel of channels.filter((candidate) => !ruledOut.has(candidate))) {
      if (channel === 'subscribe' && !(await reach.takeSubscribeGrant(mpOpenid!))) {
        refused.push({ channel, reason: 'no subscription grant' });
        continue;
      }
      if (channel === 'customer' && !(await reach.isInCustomerWindow(oaOpenid!))) {
        refused.push({ channel, reason: 'outside the 48-hour customer-service window' });
        continue;
      }
      if (channel !== 'template') {
        await repo.update(item.id, {
          status: 'sending',
          nextAttemptAt: new Date(now().getTime() + SENDING_GRACE_MS),
        });
      }
      try {
        const sent = await send(channel, channel === 'subscribe' ? mpOpenid! : oaOpenid!, item);
        return { status: 'sent', refused, sent: { channel, at: now(), ...sent } };
      } catch (error) {
        const reason = permanentReason(errcodeOf(error));
        if (reason) {
          refused.push({ channel, reason: `${errcodeOf(error)} ${reason}` });
          continue;
        }
        const attempts = item.attempts + 1;
        const message = error instanceof Error ? error.message.slice(0, 300) : String(error);
        // Without an errcode the request may have reached WeChat: repeat only what WeChat dedups.
        const mayHaveArrived = errcodeOf(error) === undefined;
        const firstAttemptAt = item.firstAttemptAt ?? now();
        const repeatable =
          channel === 'template' && now().getTime() - firstAttemptAt.getTime() < TEMPLATE_REPEAT_WINDOW_MS;
        if (mayHaveArrived && !repeatable) {
          return { status: 'failed', refused, attempts, lastError: `${UNCERTAIN} (${message})` };
        }
        if (attempts >= MAX_ATTEMPTS) {
          return {
            status: 'failed',
            refused,
            attempts,
            lastError: `gave up after ${attempts} attempts: ${message}`,
          };
        }
        return {
          status: 'pending',
          refused,
          attempts,
          lastError: message,
          nextAttemptAt: nextAttemptAt(attempts, now()),
        };
      }
    }
    // No channel reaches the reporter: the step waits in 查询 and the mini-program.
    return refused.length > 0 && channels.length > 0
      ? {
          status: 'failed',
          refused,
          lastError: refused.map((entry) => `${entry.channel}: ${entry.reason}`).join('; '),
        }
      : { status: 'held', refused };
  }

  function send(channel: Channel, openid: string, item: NotificationRecord): Promise<{ msgid?: string }> {
    if (channel === 'template') return transport.sendTemplate(openid, item.notice, item.id);
    if (channel === 'subscribe') return transport.sendSubscribe(openid, item.notice).then(() => ({}));
    return transport.sendCustomer(openid, item.notice).then(() => ({}));
  }

  async function processItem(item: NotificationRecord): Promise<boolean> {
    if (item.status === 'sending') {
      await repo.update(item.id, {
        status: 'failed',
        lastError: 'uncertain: the sender stopped during this send; not repeated, to avoid a duplicate',
      });
      return false;
    }
    const outcome = await deliver(item);
    await repo.update(item.id, outcome);
    if (outcome.status === 'failed')
      logger.warn({ notification: item.id, reason: outcome.lastError }, 'notification not delivered');
    return outcome.status === 'sent';
  }

  /** A case's notices go out one after another, in timeline order; different cases in parallel. */
  async function sendAll(due: NotificationRecord[]): Promise<number> {
    const byCase = new Map<string, NotificationRecord[]>();
    for (const item of due) byCase.set(item.caseId, [...(byCase.get(item.caseId) ?? []), item]);
    const groups = [...byCase.values()].map((items) => items.sort((a, b) => seqOf(a) - seqOf(b)));
    let sent = 0;
    let next = 0;
    const worker = async () => {
      while (next < groups.length) {
        for (const item of groups[next++]!) {
          try {
            if (await processItem(item)) sent += 1;
          } catch (error) {
            // The store failed: the item stays due and is tried again next pass.
            logger.error({ err: error, notification: item.id }, 'notification pass failed for one item');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
    return sent;
  }

  /**
   * One pass: lease every shard no other instance holds, read what is due in them with one query
   * (each query scans on FerretDB), send it, now and then move what is finished to the history,
   * release. Returns how many were sent.
   */
  async function runOnce(): Promise<number> {
    const order = Array.from({ length: SHARDS }, (_, shard) => shard).sort(() => Math.random() - 0.5);
    const tried = await Promise.all(
      order.map(async (shard) => ({
        shard,
        lease: await deps.locks.tryAcquire(`notification-shard:${shard}`, leaseMs),
      })),
    );
    const leases = tried.flatMap(({ shard, lease }) => (lease ? [{ shard, lease }] : []));
    if (leases.length === 0) return 0;
    try {
      const due = await repo.listDue(
        leases.map(({ shard }) => shard),
        now(),
        batchSize,
      );
      const sent = await sendAll(due);
      if (now().getTime() - archivedAt >= archiveEveryMs) {
        await repo.archiveFinished(leases.map(({ shard }) => shard));
        archivedAt = now().getTime();
      }
      return sent;
    } finally {
      await Promise.all(leases.map(({ lease }) => deps.locks.release(lease)));
    }
  }

  return { runOnce };
}

export type NotificationSender = ReturnType<typeof createNotificationSender>;
