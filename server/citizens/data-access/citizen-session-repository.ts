/**
 * The citizen_sessions collection: one row per mini-program login. The row is keyed by the
 * SHA-256 of the token, so the database never holds a token that would work; the openid is kept
 * as a lookup hash and a sealed value, never as plaintext.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface CitizenSessionRecord {
  /** SHA-256 of the token, hex. */
  _id: string;
  openidHash: string;
  openidSealed: string;
  unionidSealed?: string;
  createdAt: Date;
  expiresAt: Date;
}

const citizenSessionSchema = new Schema<CitizenSessionRecord>(
  {
    _id: { type: String, required: true },
    openidHash: { type: String, required: true },
    openidSealed: { type: String, required: true },
    unionidSealed: { type: String },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'citizen_sessions', versionKey: false },
);
// FerretDB 1.x has no TTL indexes: expired rows are deleted at login instead.
citizenSessionSchema.index({ expiresAt: 1 });

function getCitizenSessionModel(db: Connection): Model<CitizenSessionRecord> {
  return (
    (db.models.CitizenSession as Model<CitizenSessionRecord> | undefined) ??
    db.model<CitizenSessionRecord>('CitizenSession', citizenSessionSchema)
  );
}

export function createCitizenSessionRepository(db: Connection) {
  const model = getCitizenSessionModel(db);

  async function insertSession(record: CitizenSessionRecord): Promise<void> {
    await model.create(record);
  }

  async function findActiveSession(id: string, now: Date): Promise<CitizenSessionRecord | null> {
    return model.findOne({ _id: id, expiresAt: { $gt: now } }).lean<CitizenSessionRecord>();
  }

  async function deleteExpiredSessions(now: Date): Promise<void> {
    await model.deleteMany({ expiresAt: { $lte: now } });
  }

  return { insertSession, findActiveSession, deleteExpiredSessions };
}

export type CitizenSessionRepository = ReturnType<typeof createCitizenSessionRepository>;
