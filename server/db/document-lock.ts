/**
 * Short leases on a named resource (a case, a job item), for read-modify-write that must not
 * interleave across requests or server instances.
 *
 * Why not a conditional findOneAndUpdate: FerretDB 1.24 on SQLite runs it as a read then a write,
 * so two writers with the same condition both "win" (measured; see docs/ferretdb.md). An insert
 * into a unique `_id` is enforced on both FerretDB and MongoDB, so a lease is an insert; a lease
 * whose holder died expires and can be taken over.
 */
import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export interface Lease {
  key: string;
  owner: string;
}

const lockSchema = new Schema<LockDocument>({
  _id: { type: String, required: true },
  owner: { type: String, required: true },
  expiresAt: { type: Date, required: true },
});

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

export function createDocumentLocks(db: Connection, now: () => Date = () => new Date()) {
  const Lock = (db.models.Lock as Model<LockDocument>) ?? db.model<LockDocument>('Lock', lockSchema, 'locks');

  async function insertLease(key: string, ttlMs: number): Promise<Lease | null> {
    const owner = randomBytes(9).toString('base64url');
    try {
      await Lock.create({ _id: key, owner, expiresAt: new Date(now().getTime() + ttlMs) });
      return { key, owner };
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  /** A lease on `key`, or null when someone else holds a live one. */
  async function tryAcquire(key: string, ttlMs = 15_000): Promise<Lease | null> {
    const lease = await insertLease(key, ttlMs);
    if (lease) return lease;
    const holder = await Lock.findById(key).lean();
    if (holder && holder.expiresAt > now()) return null;
    // The holder died: remove its lease (only that one) and race for a fresh one.
    if (holder) await Lock.deleteOne({ _id: key, owner: holder.owner });
    return insertLease(key, ttlMs);
  }

  async function release(lease: Lease): Promise<void> {
    await Lock.deleteOne({ _id: lease.key, owner: lease.owner });
  }

  /** Runs `work` holding the lease; `onBusy` decides what a held lease means to the caller. */
  async function withLease<T>(key: string, work: () => Promise<T>, onBusy: () => T | Promise<T>): Promise<T> {
    const lease = await tryAcquire(key);
    if (!lease) return onBusy();
    try {
      return await work();
    } finally {
      await release(lease);
    }
  }

  return { tryAcquire, release, withLease };
}

export type DocumentLocks = ReturnType<typeof createDocumentLocks>;
