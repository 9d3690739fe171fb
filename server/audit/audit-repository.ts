/**
 * Writes and reads the audit log. recordAudit is called by every component that must leave a
 * trace; listAudit pages newest first with an opaque cursor, so a page stays stable while new
 * rows arrive.
 */
import { isValidObjectId, Types, type Connection } from 'mongoose';
import { badRequest } from '../http/app-error';
import type { Actor } from '../staff/staff-types';
import { getAuditModel, type AuditActorRecord, type AuditRecord } from './audit-model';

export type AuditActor = Actor | { kind: 'reporter' } | { kind: 'system' } | { kind: 'anonymous' };

export interface AuditInput {
  actor: AuditActor;
  action: string;
  caseId?: string;
  trackingNumber?: string;
  reason?: string;
  /** Never put passwords, tokens or a reporter's identity here. */
  detail?: Record<string, unknown>;
  at: Date;
}

export interface AuditEntry extends Omit<AuditInput, 'actor'> {
  id: string;
  actor: AuditActorRecord;
}

export interface AuditFilters {
  action?: string;
  caseId?: string;
  trackingNumber?: string;
  staffId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Absent on the last page. */
  nextCursor?: string;
}

function snapshotActor(actor: AuditActor): AuditActorRecord {
  if (actor.kind !== 'staff') return { kind: actor.kind };
  const { staffId, username, displayName, role, department, unit } = actor;
  return { kind: 'staff', staffId, username, displayName, role, department, unit };
}

function toEntry({ _id, ...rest }: AuditRecord): AuditEntry {
  return { id: _id.toHexString(), ...rest };
}

export async function recordAudit(db: Connection, input: AuditInput): Promise<AuditEntry> {
  const created = await getAuditModel(db).create({ ...input, actor: snapshotActor(input.actor) });
  return toEntry(created.toObject());
}

function encodeCursor(entry: AuditEntry): string {
  return Buffer.from(JSON.stringify({ at: entry.at.getTime(), id: entry.id })).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: Types.ObjectId } {
  try {
    const { at, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      at: unknown;
      id: unknown;
    };
    if (typeof at === 'number' && typeof id === 'string' && isValidObjectId(id)) {
      return { at: new Date(at), id: new Types.ObjectId(id) };
    }
  } catch {
    // falls through to the error below
  }
  throw badRequest('invalid-input', '请求内容有误：cursor 无效，请从第一页重新查询。');
}

export async function listAudit(
  db: Connection,
  filters: AuditFilters,
  page: { limit: number; cursor?: string },
): Promise<AuditPage> {
  const query: Record<string, unknown> = {};
  if (filters.action) query.action = filters.action;
  if (filters.caseId) query.caseId = filters.caseId;
  if (filters.trackingNumber) query.trackingNumber = filters.trackingNumber;
  if (filters.staffId) query['actor.staffId'] = filters.staffId;
  if (filters.from || filters.to) {
    query.at = { ...(filters.from && { $gte: filters.from }), ...(filters.to && { $lt: filters.to }) };
  }
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    // Rows can share a timestamp, so the id breaks ties: (at, _id) is a strict order.
    query.$and = [{ $or: [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }] }];
  }
  const rows = await getAuditModel(db)
    .find(query)
    .sort({ at: -1, _id: -1 })
    .limit(page.limit + 1)
    .lean<AuditRecord[]>();
  const items = rows.slice(0, page.limit).map(toEntry);
  const last = items[items.length - 1];
  return rows.length > page.limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
}
