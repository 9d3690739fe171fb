/**
 * The notification outbox. One document per reporter-visible case event, its `_id` the
 * idempotency key `<case id>:<event seq>`: queuing twice inserts once. Documents are spread over
 * shards so several sender instances each take a whole shard under one lease, and the sender
 * reads and writes them by `_id` except for the one "what is due in my shards" query. That query
 * scans on FerretDB (docs/ferretdb.md), so the shards hold only the work in hand: finished
 * notifications (sent, failed or held) are moved to `notification_history` in bulk, about once a
 * minute, and the scan stays as small as a minute's traffic however long the history grows.
 */
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Notice } from '../domain/notice-builder';
import type { Channel } from '../domain/delivery-policy';

export const SHARDS = 32;

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held';
const FINISHED: NotificationStatus[] = ['sent', 'failed', 'held'];

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
  const History =
    (db.models.NotificationHistory as Model<NotificationDocument>) ??
    db.model<NotificationDocument>('NotificationHistory', notificationSchema, 'notification_history');
  const Receipt =
    (db.models.TemplateReceipt as Model<ReceiptDocument>) ??
    db.model<ReceiptDocument>('TemplateReceipt', receiptSchema, 'template_receipts');
  const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

  const inHistory = async (id: string) =>
    (await History.collection.findOne({ _id: id as never }, { projection: { _id: 1 } })) !== null;

  /**
   * False when this notification was queued before (same case event), in hand or finished. The
   * second look at the history covers an archive that ran between the first look and the insert.
   */
  async function insertIfAbsent(record: NotificationRecord): Promise<boolean> {
    const { id, ...rest } = record;
    if (await inHistory(id)) return false;
    try {
      await modelOf(id).collection.insertOne({ _id: id as never, ...rest });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    if (!(await inHistory(id))) return true;
    await modelOf(id).collection.deleteOne({ _id: id as never });
    return false;
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

  /**
   * Moves the finished notifications of these shards to the history: copied first, then removed,
   * so a crash in between leaves a finished copy behind (moved next time), never a loss.
   * Returns how many were moved.
   */
  async function archiveFinished(shards: number[]): Promise<number> {
    const moved = await Promise.all(
      shards.map(async (shard) => {
        const shardCollection = shardModels[shard]!.collection;
        const finished = await shardCollection
          .find<NotificationDocument>({ status: { $in: FINISHED } })
          .toArray();
        if (finished.length === 0) return 0;
        try {
          await History.collection.insertMany(finished as never[], { ordered: false });
        } catch (error) {
          const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
          if (!writeErrors?.every(isDuplicateKey)) throw error; // copied before a crash: fine
        }
        const ids = finished.map((doc) => doc._id as never);
        await shardCollection.deleteMany({ _id: { $in: ids }, status: { $in: FINISHED } });
        return finished.length;
      }),
    );
    return moved.reduce((sum, count) => sum + count, 0);
  }

  /**
   * The notifications of these case events, in hand or finished, in timeline order: looked up by
   * `_id` (one per event), since a query on `caseId` would scan the whole history on FerretDB.
   */
  async function listForCase(caseId: string, eventSeqs: number[]): Promise<NotificationRecord[]> {
    const found = await Promise.all(eventSeqs.map((seq) => findById(`${caseId}:${seq}`)));
    return found
      .filter((item): item is NotificationRecord => item !== undefined)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || seqOf(a.id) - seqOf(b.id));
  }

  async function findById(id: string): Promise<NotificationRecord | undefined> {
    const doc =
      (await modelOf(id).findById(id).lean<NotificationDocument>()) ??
      (await History.findById(id).lean<NotificationDocument>());
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
    archiveFinished,
    listForCase,
    findById,
    recordReceipt,
    findReceipt,
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
