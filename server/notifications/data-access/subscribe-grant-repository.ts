/**
 * One-time mini-program subscription grants (一次性订阅, §6.3): each accepted template in
 * wx.requestSubscribeMessage allows one message. A grant is a document; using it is deleting it
 * by `_id`, which only one sender can do.
 */
import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

interface GrantDocument {
  _id: string;
  /** lookupHash of the mini-program openid: the store never holds the openid itself. */
  openidHash: string;
  templateId: string;
  grantedAt: Date;
}

const grantSchema = new Schema<GrantDocument>(
  {
    _id: { type: String, required: true },
    openidHash: { type: String, required: true },
    templateId: { type: String, required: true },
    grantedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
grantSchema.index({ openidHash: 1, templateId: 1 });

export function createSubscribeGrantRepository(db: Connection) {
  const Grant =
    (db.models.SubscribeGrant as Model<GrantDocument>) ??
    db.model<GrantDocument>('SubscribeGrant', grantSchema, 'subscribe_grants');

  async function recordGrant(openidHash: string, templateId: string, now: Date): Promise<void> {
    await Grant.create({ _id: randomBytes(12).toString('hex'), openidHash, templateId, grantedAt: now });
  }

  /** Uses one grant; false when none is left. */
  async function takeGrant(openidHash: string, templateId: string): Promise<boolean> {
    for (const grant of await Grant.find({ openidHash, templateId }).limit(3).lean<GrantDocument[]>()) {
      if ((await Grant.deleteOne({ _id: grant._id })).deletedCount === 1) return true;
    }
    return false;
  }

  async function countGrants(openidHash: string, templateId: string): Promise<number> {
    return Grant.countDocuments({ openidHash, templateId });
  }

  return { recordGrant, takeGrant, countGrants };
}

export type SubscribeGrantRepository = ReturnType<typeof createSubscribeGrantRepository>;
