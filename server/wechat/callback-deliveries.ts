/**
 * WeChat re-sends a callback it got no answer to within 5 s (wechat-protocol.md §3). Each delivery
 * is recorded under its dedup key with a unique `_id` insert, which both FerretDB and MongoDB
 * enforce across server instances: the first delivery does the work and stores its reply; a retry
 * gets that same reply, waiting for it while the first is still working. Records are swept after
 * the retry window (no TTL indexes on FerretDB).
 */
import { Schema, type Connection, type Model } from 'mongoose';

interface DeliveryDocument {
  _id: string;
  /** On the `<key>|reply` document: the passive reply's plaintext XML, or `success`. */
  reply?: string;
  expiresAt: Date;
}

const deliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    reply: String,
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
deliverySchema.index({ expiresAt: 1 });

/**
 * WeChat retries within about 15 s; an hour is ample. Kept short on purpose: on FerretDB every
 * update or delete costs time in proportion to the collection's size (docs/ferretdb.md).
 */
const KEEP_MS = 60 * 60_000;
const REPLY_SUFFIX = '|reply';
const POLL_MS = 40;
const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type DeliveryClaim = { first: true } | { first: false; reply: string | undefined };

export function createCallbackDeliveries(db: Connection, now: () => Date) {
  const Delivery =
    (db.models.CallbackDelivery as Model<DeliveryDocument>) ??
    db.model<DeliveryDocument>('CallbackDelivery', deliverySchema, 'wechat_callback_deliveries');

  /** First delivery of `key`? Otherwise the reply stored so far (undefined while in progress). */
  async function claim(key: string): Promise<DeliveryClaim> {
    try {
      await Delivery.collection.insertOne({
        _id: key as never,
        expiresAt: new Date(now().getTime() + KEEP_MS),
      });
      return { first: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return { first: false, reply: await readReply(key) };
    }
  }

  async function readReply(key: string): Promise<string | undefined> {
    return (await Delivery.findById(`${key}${REPLY_SUFFIX}`).lean<DeliveryDocument>())?.reply;
  }

  /** Stores the reply beside the claim: an insert, cheap on FerretDB where an update is not. */
  async function complete(key: string, reply: string): Promise<void> {
    try {
      await Delivery.collection.insertOne({
        _id: `${key}${REPLY_SUFFIX}` as never,
        reply,
        expiresAt: new Date(now().getTime() + KEEP_MS),
      });
    } catch (error) {
      // The first reply stored wins (e.g. `success` recorded when the budget ran out).
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The first delivery's reply, once stored, or undefined when `deadline` comes first. */
  async function waitForReply(key: string, deadline: number): Promise<string | undefined> {
    while (Date.now() < deadline) {
      await sleep(POLL_MS);
      const reply = await readReply(key);
      if (reply !== undefined) return reply;
    }
    return undefined;
  }

  /** Lets a retry do the work after all when the first delivery failed before replying. */
  async function forget(key: string): Promise<void> {
    if ((await readReply(key)) === undefined) await Delivery.deleteOne({ _id: key });
  }

  async function deleteExpired(): Promise<number> {
    return (await Delivery.deleteMany({ expiresAt: { $lt: now() } })).deletedCount;
  }

  return { claim, complete, waitForReply, forget, deleteExpired };
}

export type CallbackDeliveries = ReturnType<typeof createCallbackDeliveries>;
