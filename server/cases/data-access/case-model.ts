/**
 * The stored shape of a case. Reporter identity is stored sealed (AES-256-GCM) with keyed hashes
 * for lookups; the timeline is an array on the case so every change is one atomic document update.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { CASE_STATUSES, CATEGORY_CODES, CHANNELS } from '../domain/case-types';

const eventSchema = new Schema(
  {
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { kind: String, staffId: String, role: String, name: String },
    note: String,
    visibleToReporter: { type: Boolean, required: true },
    data: Schema.Types.Mixed,
  },
  { _id: false },
);

const caseSchema = new Schema(
  {
    trackingNumber: { type: String, required: true, unique: true },
    channel: { type: String, enum: CHANNELS, required: true },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    description: { type: String, required: true },
    place: { address: String, latitude: Number, longitude: Number, regionCode: String, waterBody: String },
    /** The grid cell of the place's coordinates (domain/geo-cells.ts), for the duplicate check. */
    geoCell: String,
    photos: [{ _id: false, id: String, mime: String, size: Number, width: Number, height: Number }],
    reporter: { type: Schema.Types.Mixed, required: true },
    /** Keyed hashes of the reporter's phone and openids, for "my cases" and same-reporter checks. */
    reporterKeys: { type: [String], default: [] },
    emergency: { type: Boolean, default: false },
    /** 满意度回访: the reporter's own verdict, kept apart from the department's resolution. */
    survey: { type: Schema.Types.Mixed },
    /** 复查/复核 requests (rules art. 13), oldest first. */
    reviews: { type: Schema.Types.Mixed },
    status: { type: String, enum: CASE_STATUSES, required: true },
    assignment: { department: String, unit: String },
    deadlines: {
      assign: Date,
      answer: Date,
      requestInfo: Date,
      departmentReturn: Date,
      handle: Date,
      handleMax: Date,
    },
    due: { kind: String, at: Date, remindAt: Date },
    /** Set when a deadline is (re)set, cleared by the job that raises the reminder / escalation. */
    reminderPending: { type: Boolean, default: false },
    escalationPending: { type: Boolean, default: false },
    returnCount: { type: Number, default: 0 },
    flaggedForOffice: { type: Boolean, default: false },
    extension: Schema.Types.Mixed,
    mergedInto: String,
    statusBeforeMerge: String,
    resolution: { summary: String, at: Date },
    rejection: { reason: String, referral: String },
    intakeFindings: Schema.Types.Mixed,
    timeline: { type: [eventSchema], default: [] },
    timelineLength: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
  },
  { timestamps: true, minimize: true },
);

// Staff lists are newest first within a status, department, unit or category: each such index
// ends in the list's order, so the embedded database reads a page straight off the index.
caseSchema.index({ createdAt: -1, _id: -1 });
caseSchema.index({ 'survey.tokenHash': 1 }, { sparse: true });
caseSchema.index({ status: 1, createdAt: -1, _id: -1 });
caseSchema.index({ 'assignment.department': 1, createdAt: -1, _id: -1 });
caseSchema.index({ 'assignment.unit': 1, createdAt: -1, _id: -1 });
caseSchema.index({ category: 1, createdAt: -1, _id: -1 });
// The due-soon and overdue queues: nearest deadline first, for everyone, a department or a unit.
caseSchema.index({ 'due.at': 1, _id: 1 });
caseSchema.index({ 'assignment.department': 1, 'due.at': 1, _id: 1 });
caseSchema.index({ 'assignment.unit': 1, 'due.at': 1, _id: 1 });
// The office's figures for a period: results given and survey answers received in it.
caseSchema.index({ 'resolution.at': 1 });
caseSchema.index({ 'survey.answer.at': 1 });
caseSchema.index({ reminderPending: 1, 'due.remindAt': 1 });
caseSchema.index({ escalationPending: 1, 'due.at': 1 });
caseSchema.index({ reporterKeys: 1 });
caseSchema.index({ mergedInto: 1 });
// The duplicate check: recent cases of some categories at one place (region, water body, cell).
caseSchema.index({ 'place.regionCode': 1, category: 1, createdAt: -1 });
caseSchema.index({ 'place.waterBody': 1, category: 1, createdAt: -1 });
caseSchema.index({ 'place.waterBody': 1, 'place.regionCode': 1, category: 1, createdAt: -1 });
caseSchema.index({ geoCell: 1, category: 1, createdAt: -1 });

const counterSchema = new Schema({ _id: String, seq: Number });

export function caseModels(db: Connection) {
  return {
    Case: (db.models.Case as Model<unknown>) ?? db.model('Case', caseSchema, 'cases'),
    Counter: (db.models.Counter as Model<unknown>) ?? db.model('Counter', counterSchema, 'counters'),
  };
}
