/**
 * The notification outbox. One document per reporter-visible case event, its `_id` the
 * idempotency key `<case id>:<event seq>`: queuing twice inserts once. Documents are spread over
 * shards so several sender instances each take a whole shard under one lease, and the sender
 * reads and writes them by `_id` except for the one "what is due in my shards" query. Each shard
 * is its own collection: on FerretDB an update by `_id` costs time in proportion to the
 * collection's size (docs/ferretdb.md); 32 small collections drained 10x faster than one.
 */
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Notice } from '../domain/notice-builder';
import type { Channel } from '../domain/delivery-policy';

export const SHARDS = 32;

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held';

export interface NotificationRecord {
  id: string;
  caseId: string;
  shard: number;
  notice: Notice;
  /** Sealed openids, copied from the case: the outbox never holds them in plaintext. */
  recipient: { officialAccountOpenid?: string; miniprogramOpenid?: string };
  status: NotificationStatus;
  /** Channels ruled out for good, with why. */
  refused: { channel: Channel; reason: string }[];
  attempts: number;
  /** Set at the first failed attempt: WeChat's client_msg_id protection lasts 10 minutes from it. */
  firstAttemptAt?: Date;
  nextAttemptAt: Date;
  lastError?: string;
  sent?: { channel: Channel; at: Date; msgid?: string };
  createdAt: Date;
}

type NotificationDocument = Omit<NotificationRecord, 'id'> & { _id: string };

const notificationSchema = new Schema<NotificationDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    shard: { type: Number, required: true },
    notice: { type: Schema.Types.Mixed, required: true },
    recipient: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    refused: { type: Schema.Types.Mixed, default: [] },
    attempts: { type: Number, required: true },
    firstAttemptAt: Date,
    nextAttemptAt: { type: Date, required: true },
    lastError: String,
    sent: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
notificationSchema.index({ status: 1, nextAttemptAt: 1 });
notificationSchema.index({ caseId: 1 });

interface ReceiptDocument {
  _id: string;
  status: string;
  at: Date;
}
const receiptSchema = new Schema<ReceiptDocument>(
  { _id: String, status: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

export function shardOf(id: string): number {
  return createHash('sha1').update(id).digest().readUInt16BE(0) % SHARDS;
}

const seqOf = (id: string) => Number(id.slice(id.lastIndexOf(':') + 1));

function toRecord({ _id, ...rest }: NotificationDocument): NotificationRecord {
  return { id: _id, ...rest };
}

export function createNotificationRepository(db: Connection) {
  const shardModels = Array.from({ length: SHARDS }, (_, shard) => {
    const name = `Notification${shard}`;
    return (
      (db.models[name] as Model<NotificationDocument>) ??
      db.model<NotificationDocument>(
        name,
        notificationSchema,
        `notifications_${String(shard).padStart(2, '0')}`,
      )
    );
  });
  const modelOf = (id: string) => shardModels[shardOf(id)]!;
  const Receipt =
    (db.models.TemplateReceipt as Model<ReceiptDocument>) ??
    db.model<ReceiptDocument>('TemplateReceipt', receiptSchema, 'template_receipts');
  const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

  /** False when this notification was queued before (same case event). */
  async function insertIfAbsent(record: NotificationRecord): Promise<boolean> {
    const { id, ...rest } = record;
    try {
      await modelOf(id).collection.insertOne({ _id: id as never, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async function listDue(shards: number[], now: Date, limit: number): Promise<NotificationRecord[]> {
    const perShard = await Promise.all(
      shards.map((shard) =>
        shardModels[shard]!.collection.find<NotificationDocument>({
          status: { $in: ['pending', 'sending'] },
          nextAttemptAt: { $lte: now },
        })
          .sort({ nextAttemptAt: 1 })
          .limit(limit)
          .toArray(),
      ),
    );
    return perShard
      .flat()
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit)
      .map(toRecord);
  }

  /** The driver's own call: this runs once per message sent, and mongoose's casting is not free. */
  async function update(id: string, set: Partial<Omit<NotificationRecord, 'id'>>): Promise<void> {
    const defined = Object.fromEntries(Object.entries(set).filter(([, value]) => value !== undefined));
    await modelOf(id).collection.updateOne({ _id: id as never }, { $set: defined });
  }

  async function listForCase(caseId: string): Promise<NotificationRecord[]> {
    const perShard = await Promise.all(
      shardModels.map((model) => model.find({ caseId }).lean<NotificationDocument[]>()),
    );
    return perShard
      .flat()
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || seqOf(a._id) - seqOf(b._id))
      .map(toRecord);
  }

  async function findById(id: string): Promise<NotificationRecord | undefined> {
    const doc = await modelOf(id).findById(id).lean<NotificationDocument>();
    return doc ? toRecord(doc) : undefined;
  }

  /** TEMPLATESENDJOBFINISH: kept by msgid (one insert), read beside the notification that has it. */
  async function recordReceipt(msgid: string, status: string, at: Date): Promise<void> {
    await Receipt.replaceOne({ _id: msgid }, { status, at }, { upsert: true });
  }

  async function findReceipt(msgid: string): Promise<{ status: string; at: Date } | undefined> {
    const doc = await Receipt.findById(msgid).lean<ReceiptDocument>();
    return doc ? { status: doc.status, at: doc.at } : undefined;
  }

  return {
    insertIfAbsent,
    listDue,
    update,
    listForCase,
    findById,
    recordReceipt,
    findReceipt,
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
