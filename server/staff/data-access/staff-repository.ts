/**
 * Staff accounts and sessions in the database. Returns plain objects; mongoose documents stay in
 * this folder. Updates that race (failed-login counting, locking) are single-document atomic
 * operations, because FerretDB has no multi-document transactions.
 */
import { isValidObjectId, type Connection } from 'mongoose';
import {
  getStaffModel,
  getStaffSessionModel,
  type StaffRecord,
  type StaffSessionRecord,
} from './staff-model';

/** A staff document as plain data: the record with a string id. */
export type StaffAccount = Omit<StaffRecord, '_id'> & { id: string };

export type NewStaffAccount = Omit<StaffAccount, 'id' | 'failedLogins' | 'lockedUntil' | 'disabled'>;

export interface StaffSession {
  sid: string;
  staffId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
}

function toAccount({ _id, ...rest }: StaffRecord): StaffAccount {
  return { id: _id.toHexString(), ...rest };
}

function toSession({ _id: _ignored, ...rest }: StaffSessionRecord): StaffSession {
  return rest;
}

const DUPLICATE_KEY = 11000;

export type StaffRepository = ReturnType<typeof createStaffRepository>;

export function createStaffRepository(db: Connection) {
  const Staff = getStaffModel(db);
  const Sessions = getStaffSessionModel(db);

  return {
    /** Undefined when the username is taken (the unique index decides, so two racing inserts are safe). */
    async insertStaff(account: NewStaffAccount): Promise<StaffAccount | undefined> {
      await Staff.init(); // the unique index must exist before the first insert relies on it
      try {
        const created = await Staff.create({ ...account, failedLogins: 0, disabled: false });
        return toAccount(created.toObject());
      } catch (error) {
        if ((error as { code?: unknown }).code === DUPLICATE_KEY) return undefined;
        throw error;
      }
    },

    async findStaffByUsername(username: string): Promise<StaffAccount | undefined> {
      const found = await Staff.findOne({ username }).lean<StaffRecord>();
      return found ? toAccount(found) : undefined;
    },

    async findStaffById(id: string): Promise<StaffAccount | undefined> {
      if (!isValidObjectId(id)) return undefined;
      const found = await Staff.findById(id).lean<StaffRecord>();
      return found ? toAccount(found) : undefined;
    },

    async listStaff(): Promise<StaffAccount[]> {
      const found = await Staff.find().sort({ username: 1 }).lean<StaffRecord[]>();
      return found.map(toAccount);
    },

    /** Counts one wrong password and returns the new count. */
    async recordFailedLogin(id: string): Promise<number> {
      // No projection: FerretDB 1.x does not implement `fields` on findAndModify.
      const updated = await Staff.findOneAndUpdate(
        { _id: id },
        { $inc: { failedLogins: 1 } },
        { new: true },
      ).lean<Pick<StaffRecord, 'failedLogins'>>();
      return updated?.failedLogins ?? 0;
    },

    /**
     * Locks the account if it has reached the threshold. The condition makes the lock happen once
     * even when several failures race past the threshold; true for the call that locked it.
     */
    async lockStaffAfterFailures(id: string, threshold: number, until: Date): Promise<boolean> {
      const result = await Staff.updateOne(
        { _id: id, failedLogins: { $gte: threshold } },
        { $set: { lockedUntil: until, failedLogins: 0 } },
      );
      return result.modifiedCount === 1;
    },

    async recordSuccessfulLogin(id: string): Promise<void> {
      await Staff.updateOne({ _id: id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: 1 } });
    },

    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await Staff.updateOne(
        { _id: id },
        { $set: { passwordHash, failedLogins: 0 }, $unset: { lockedUntil: 1 } },
      );
    },

    async insertSession(session: Omit<StaffSession, 'revokedAt'>): Promise<void> {
      await Sessions.create(session);
    },

    async findSession(sid: string): Promise<StaffSession | undefined> {
      const found = await Sessions.findOne({ sid }).lean<StaffSessionRecord>();
      return found ? toSession(found) : undefined;
    },

    async revokeSession(sid: string, at: Date): Promise<void> {
      await Sessions.updateOne({ sid, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
    },

    /** Stands in for a TTL index, which FerretDB 1.x lacks; called on login, so it stays small. */
    async deleteSessionsExpiredBefore(before: Date): Promise<void> {
      await Sessions.deleteMany({ expiresAt: { $lt: before } });
    },
  };
}
