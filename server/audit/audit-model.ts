/**
 * The audit log: one append-only row per thing a person or the platform did that someone may
 * later have to account for (logins, lockouts, case decisions). Rows are never updated.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A snapshot of who acted, as they were at the time (a later rename does not rewrite history). */
export interface AuditActorRecord {
  kind: 'staff' | 'reporter' | 'system' | 'anonymous';
  staffId?: string;
  username?: string;
  displayName?: string;
  role?: string;
  department?: string;
  unit?: string;
}

export interface AuditRecord {
  _id: Types.ObjectId;
  at: Date;
  action: string;
  actor: AuditActorRecord;
  caseId?: string;
  trackingNumber?: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

const auditSchema = new Schema<AuditRecord>(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    actor: {
      type: new Schema<AuditActorRecord>(
        {
          kind: { type: String, required: true },
          staffId: String,
          username: String,
          displayName: String,
          role: String,
          department: String,
          unit: String,
        },
        { _id: false },
      ),
      required: true,
    },
    caseId: String,
    trackingNumber: String,
    reason: String,
    detail: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_log', versionKey: false, minimize: true },
);
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ caseId: 1, at: -1 });
auditSchema.index({ trackingNumber: 1, at: -1 });
auditSchema.index({ 'actor.staffId': 1, at: -1 });
auditSchema.index({ action: 1, at: -1 });

export function getAuditModel(db: Connection): Model<AuditRecord> {
  return (
    (db.models.AuditEvent as Model<AuditRecord> | undefined) ??
    db.model<AuditRecord>('AuditEvent', auditSchema)
  );
}
