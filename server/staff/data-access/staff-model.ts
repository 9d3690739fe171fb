/**
 * Mongoose models for staff accounts and their sessions, compiled on the connection they are given
 * (never the global mongoose), so tests and tools can each use their own database.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { STAFF_ROLES, type StaffRole } from '../staff-types';

export interface StaffRecord {
  _id: Types.ObjectId;
  username: string;
  displayName: string;
  role: StaffRole;
  department?: string;
  unit?: string;
  passwordHash: string;
  /** Consecutive wrong passwords since the last success or lock. */
  failedLogins: number;
  lockedUntil?: Date;
  createdAt: Date;
  disabled: boolean;
}

export interface StaffSessionRecord {
  _id: Types.ObjectId;
  sid: string;
  staffId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
}

const staffSchema = new Schema<StaffRecord>(
  {
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    role: { type: String, enum: STAFF_ROLES, required: true },
    department: { type: String },
    unit: { type: String },
    passwordHash: { type: String, required: true },
    failedLogins: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date },
    createdAt: { type: Date, required: true },
    disabled: { type: Boolean, required: true, default: false },
  },
  { collection: 'staff', versionKey: false },
);
staffSchema.index({ username: 1 }, { unique: true });

const staffSessionSchema = new Schema<StaffSessionRecord>(
  {
    sid: { type: String, required: true },
    staffId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'staff_sessions', versionKey: false },
);
staffSessionSchema.index({ sid: 1 }, { unique: true });
// FerretDB 1.x has no TTL indexes: expired rows are deleted by the repository instead.
staffSessionSchema.index({ expiresAt: 1 });

export function getStaffModel(db: Connection): Model<StaffRecord> {
  return (db.models.Staff as Model<StaffRecord> | undefined) ?? db.model<StaffRecord>('Staff', staffSchema);
}

export function getStaffSessionModel(db: Connection): Model<StaffSessionRecord> {
  return (
    (db.models.StaffSession as Model<StaffSessionRecord> | undefined) ??
    db.model<StaffSessionRecord>('StaffSession', staffSessionSchema)
  );
}
