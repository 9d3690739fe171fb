/**
 * Reads and writes cases. Every change is one conditional findOneAndUpdate on the case's version,
 * so two concurrent actions cannot both win (no multi-document transactions: see docs/ferretdb.md).
 */
import { Types, type Connection } from 'mongoose';
import type {
  CaseEvent,
  CaseState,
  CaseStatus,
  CategoryCode,
  Channel,
  CasePlace,
} from '../domain/case-types';
import { geoCellOf, geoCellsTouching, type GeoBox } from '../domain/geo-cells';
import {
  formatShanghaiDate,
  formatTrackingNumber,
  TRACKING_NUMBER,
  trackingNumbersStartingWith,
} from '../domain/tracking-number';
import type { StoredReporterIdentity } from '../../identity/identity-crypto';
import { caseModels } from './case-model';

export interface CasePhoto {
  id: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
}

export interface IntakeFindings {
  /** From config/domain/routing-rules.json: category → department, region code → local unit. */
  suggestedAssignment?: { department?: string; unit?: string };
  duplicates?: { caseId: string; trackingNumber: string; score: number; reasons: string[] }[];
  outOfScope?: { kind: string; referral: string; matched: string[] };
}

export interface CaseRecord extends CaseState {
  id: string;
  trackingNumber: string;
  channel: Channel;
  description: string;
  place: CasePlace;
  photos: CasePhoto[];
  reporter: StoredReporterIdentity;
  reporterKeys: string[];
  intakeFindings?: IntakeFindings;
  timeline: CaseEvent[];
  version: number;
  reminderPending: boolean;
  escalationPending: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewCase = Omit<CaseRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export interface CaseQuery {
  /** The actor's visibility, as a database filter (see case-visibility.ts). */
  scope: Record<string, unknown>;
  statuses?: CaseStatus[];
  category?: CategoryCode;
  department?: string;
  overdueAt?: Date;
  dueSoonAt?: Date;
  text?: string;
  createdFrom?: Date;
  createdTo?: Date;
  reporterKey?: string;
  flaggedForOffice?: boolean;
  /** Newest first (the default), or the nearest deadline first (the due-soon and overdue queues). */
  order?: CaseListOrder;
  /** The last case of the previous page: its id and its createdAt (newest) or due.at (deadline). */
  after?: { at: Date; id: string };
  limit: number;
}

export type CaseListOrder = 'newest' | 'deadline';

function toRecord(doc: Record<string, unknown> | null): CaseRecord | null {
  if (!doc) return null;
  const { _id, __v: _version, ...rest } = doc;
  // Mongoose drops a nested object whose fields are all empty: a report without a place has none stored.
  return { id: String(_id), ...rest, place: rest.place ?? {} } as unknown as CaseRecord;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createCaseRepository(db: Connection) {
  const { Case, Counter } = caseModels(db);

  return {
    /**
     * Inserts the case under the next free tracking number of its day. The unique index on
     * trackingNumber is the guarantee (a number is never handed out twice, across instances too);
     * the per-day counter is only a hint of where to start, so a lost hint update costs a retry.
     */
    async insertCase(data: Omit<NewCase, 'trackingNumber'>, now: Date): Promise<CaseRecord> {
      const day = `case:${formatShanghaiDate(now)}`;
      const hint = (await Counter.findById(day).lean()) as unknown as { seq?: number } | null;
      for (let sequence = (hint?.seq ?? 0) + 1; ; sequence += 1) {
        try {
          const created = await Case.create({
            ...data,
            geoCell: geoCellOf(data.place),
            trackingNumber: formatTrackingNumber(now, sequence),
            version: 0,
          });
          await Counter.updateOne({ _id: day }, { $max: { seq: sequence } }, { upsert: true }).catch(
            () => undefined,
          );
          return toRecord(created.toObject()) as CaseRecord;
        } catch (error) {
          const duplicateNumber =
            (error as { code?: number }).code === 11000 &&
            /trackingNumber/.test(String((error as Error).message));
          if (!duplicateNumber) throw error;
        }
      }
    },

    async findCase(idOrNumber: string, scope: Record<string, unknown> = {}): Promise<CaseRecord | null> {
      const key = TRACKING_NUMBER.test(idOrNumber)
        ? { trackingNumber: idOrNumber }
        : Types.ObjectId.isValid(idOrNumber) && /^[0-9a-f]{24}$/i.test(idOrNumber)
          ? { _id: new Types.ObjectId(idOrNumber) }
          : null;
      if (!key) return null;
      return toRecord(await Case.findOne({ ...key, ...scope }).lean());
    },

    /**
     * Applies a change if the case is still at `version`; null otherwise. On FerretDB this check is
     * not atomic by itself: callers hold the case's lease (server/db/document-lock.ts).
     */
    async updateIfVersion(
      id: string,
      version: number,
      set: Record<string, unknown>,
      unset: string[],
      event?: CaseEvent,
      extra: Record<string, unknown> = {},
    ): Promise<CaseRecord | null> {
      const update: Record<string, unknown> = { $set: set, $inc: { version: 1 }, ...extra };
      if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((field) => [field, '']));
      if (event) update.$push = { timeline: event };
      return toRecord(
        await Case.findOneAndUpdate({ _id: new Types.ObjectId(id), version }, update, { new: true }).lean(),
      );
    },

    async listCases(query: CaseQuery): Promise<CaseRecord[]> {
      const filter: Record<string, unknown> = { ...query.scope };
      if (query.statuses?.length) filter.status = { $in: query.statuses };
      if (query.category) filter.category = query.category;
      if (query.department) filter['assignment.department'] = query.department;
      if (query.overdueAt) filter['due.at'] = { $lt: query.overdueAt };
      if (query.dueSoonAt) filter['due.remindAt'] = { $lte: query.dueSoonAt };
      if (query.dueSoonAt && !query.overdueAt) filter['due.at'] = { $gte: query.dueSoonAt };
      if (query.reporterKey) filter.reporterKeys = query.reporterKey;
      if (query.flaggedForOffice !== undefined) filter.flaggedForOffice = query.flaggedForOffice;
      if (query.createdFrom || query.createdTo) {
        filter.createdAt = {
          ...(query.createdFrom ? { $gte: query.createdFrom } : {}),
          ...(query.createdTo ? { $lte: query.createdTo } : {}),
        };
      }
      const and: Record<string, unknown>[] = [];
      const text = query.text?.slice(0, 50);
      const numbers = text ? trackingNumbersStartingWith(text) : undefined;
      if (numbers) {
        // A tracking number, whole or down to its day: read from the trackingNumber index.
        filter.trackingNumber = { $gte: numbers.from, $lte: numbers.to };
      } else if (text) {
        const pattern = escapeRegex(text);
        and.push({ $or: [{ description: { $regex: pattern } }, { trackingNumber: { $regex: pattern } }] });
      }
      // Each order has indexes ending in (its field, _id), so a page is read straight off one.
      const byDeadline = query.order === 'deadline';
      const orderField = byDeadline ? 'due.at' : 'createdAt';
      const direction = byDeadline ? 1 : -1;
      if (query.after) {
        const { at, id } = query.after;
        const later = byDeadline ? '$gt' : '$lt';
        // Implied by the $or below; said plainly, it lets the index start at the cursor.
        const bounds = (filter[orderField] ?? {}) as Record<string, Date>;
        const inclusive = byDeadline ? '$gte' : '$lte';
        const current = bounds[inclusive];
        if (!current || (byDeadline ? current < at : current > at)) bounds[inclusive] = at;
        filter[orderField] = bounds;
        and.push({
          $or: [
            { [orderField]: { [later]: at } },
            { [orderField]: at, _id: { [later]: new Types.ObjectId(id) } },
          ],
        });
      }
      if (and.length) filter.$and = and;
      const docs = await Case.find(filter)
        .sort({ [orderField]: direction, _id: direction })
        .limit(query.limit)
        .select({ timeline: 0 })
        .lean();
      return docs.map((doc) => toRecord(doc as Record<string, unknown>) as CaseRecord);
    },

    /**
     * Recent cases near a place, for the duplicate check (art. 7(2) 比对查重): same region code, same
     * water body, or a grid cell that the box around the coordinates touches (no geo operators on
     * FerretDB; the exact distance is computed in code). One indexed query per kind of place; each
     * finds every case the scorer could call nearby, and may find more.
     */
    async listNearbyRecent(near: {
      categories: CategoryCode[];
      since: Date;
      regionCode?: string;
      waterBody?: string;
      box?: GeoBox;
      limit: number;
    }): Promise<CaseRecord[]> {
      const places: Record<string, unknown>[] = [];
      if (near.regionCode) places.push({ 'place.regionCode': near.regionCode });
      // Two reports in different counties are never one place unless their coordinates are within
      // the radius (the cells below find those): with a region code at hand, the same water body
      // only matters for reports that have none (duplicate-scoring.ts, comparePlaces).
      if (near.waterBody) {
        places.push({
          'place.waterBody': near.waterBody,
          ...(near.regionCode ? { 'place.regionCode': null } : {}),
        });
      }
      const cells = near.box ? geoCellsTouching(near.box) : [];
      if (cells.length > 0) places.push({ geoCell: { $in: cells } });
      const found = await Promise.all(
        places.map((place) =>
          Case.find({
            ...place,
            category: { $in: near.categories },
            createdAt: { $gte: near.since },
            status: { $ne: 'merged' },
          })
            .select({
              trackingNumber: 1,
              category: 1,
              description: 1,
              place: 1,
              reporterKeys: 1,
              createdAt: 1,
              status: 1,
            })
            .sort({ createdAt: -1 })
            .limit(near.limit)
            .lean(),
        ),
      );
      const records = found.flat().map((doc) => toRecord(doc as Record<string, unknown>) as CaseRecord);
      const byId = new Map(records.map((record) => [record.id, record]));
      return [...byId.values()]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, near.limit);
    },

    async isPhotoOnVisibleCase(photoId: string, scope: Record<string, unknown>): Promise<boolean> {
      return (await Case.countDocuments({ ...scope, 'photos.id': photoId }).limit(1)) > 0;
    },

    /** Tracking numbers of the cases merged into this one (derived, so it cannot drift). */
    async listMergedInto(trackingNumber: string): Promise<string[]> {
      const docs = await Case.find({ mergedInto: trackingNumber }).select({ trackingNumber: 1 }).lean();
      return docs.map((doc) => String((doc as unknown as { trackingNumber: string }).trackingNumber));
    },

    model: Case,
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
