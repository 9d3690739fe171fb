/**
 * Staff alerts: emergencies for the duty office, deadline reminders and overdue escalations (督办)
 * for the responsible staff and their supervisor. Recipients are roles (and a department or unit),
 * so whoever is on duty sees them.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor, StaffRole } from '../staff/staff-types';

export type AlertKind = 'emergency' | 'reminder' | 'overdue' | 'flagged';

export interface AlertRecipient {
  role: StaffRole;
  department?: string;
  unit?: string;
}

export interface Alert {
  id: string;
  kind: AlertKind;
  caseId: string;
  trackingNumber: string;
  message: string;
  recipients: AlertRecipient[];
  createdAt: Date;
}

const alertSchema = new Schema({
  /** Deterministic (case, kind, deadline), so raising the same alert twice stores it once. */
  _id: { type: String, required: true },
  kind: { type: String, required: true },
  caseId: { type: String, required: true },
  trackingNumber: { type: String, required: true },
  message: { type: String, required: true },
  recipients: [{ _id: false, role: String, department: String, unit: String }],
  /** 'office', 'department:riverlake', 'unit:anhui': one key per recipient (FerretDB has no $elemMatch). */
  recipientKeys: { type: [String], required: true },
  createdAt: { type: Date, required: true },
});
alertSchema.index({ recipientKeys: 1, createdAt: -1 });

function keyOf(recipient: { role: string; department?: string; unit?: string }): string {
  if (recipient.role === 'department') return `department:${recipient.department}`;
  if (recipient.role === 'unit') return `unit:${recipient.unit}`;
  return recipient.role;
}

function alertModel(db: Connection): Model<unknown> {
  return (db.models.Alert as Model<unknown>) ?? db.model('Alert', alertSchema, 'alerts');
}

export function createAlertRepository(db: Connection) {
  const Alert = alertModel(db);
  return {
    async raiseAlertOnce(id: string, alert: Omit<Alert, 'id'>): Promise<void> {
      const recipientKeys = alert.recipients.map(keyOf);
      try {
        await Alert.create({ _id: id, ...alert, recipientKeys });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error; // raised before: keep the first
      }
    },

    /** Alerts addressed to the actor's role (and, for departments and units, to theirs). */
    async listAlertsFor(actor: Actor, limit = 50): Promise<Alert[]> {
      const docs = await Alert.find({ recipientKeys: keyOf(actor) })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean();
      return docs.map((doc) => {
        const { _id, __v: _v, recipientKeys: _keys, ...rest } = doc as Record<string, unknown>;
        return { id: String(_id), ...rest } as Alert;
      });
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
