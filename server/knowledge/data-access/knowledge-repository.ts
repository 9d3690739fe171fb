/**
 * Reads and writes knowledge-base entries as plain objects. Every change is one conditional
 * findOneAndUpdate on the entry's version (no multi-document transactions on FerretDB).
 */
import { Types, type Connection } from 'mongoose';
import { knowledgeModels } from './knowledge-model';

export interface KnowledgeEntry {
  id: string;
  question: string;
  answer: string;
  keywords: string[];
  category: string;
  tokens: string[];
  published: boolean;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export type NewKnowledgeEntry = Omit<KnowledgeEntry, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type KnowledgeChanges = Omit<NewKnowledgeEntry, 'createdBy'>;

export interface KnowledgeListQuery {
  published?: boolean;
  category?: string;
  /** Id of the last entry of the previous page; pages run newest first. */
  afterId?: string;
  limit: number;
}

type StoredEntry = Omit<KnowledgeEntry, 'id'> & { _id: Types.ObjectId };

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const DUPLICATE_KEY = 11000;

/**
 * FerretDB 1.24 on SQLite runs an update as read-then-write without isolation: measured, three
 * concurrent findOneAndUpdate({ _id, version: 1 }) all matched and all "won", and five concurrent
 * $inc on one document left it at 1–4. The embedded database belongs to one server process, so
 * queueing the compare-and-set per entry in this process makes it atomic there; MongoDB is atomic
 * by itself. (Unique indexes and _id are enforced correctly, so inserts need no queue.)
 */
const writeQueues = new Map<string, Promise<unknown>>();

function queueWrite<T>(key: string, write: () => Promise<T>): Promise<T> {
  const run = (writeQueues.get(key) ?? Promise.resolve()).then(write);
  const settled = run.catch(() => undefined);
  writeQueues.set(key, settled);
  void settled.then(() => {
    if (writeQueues.get(key) === settled) writeQueues.delete(key);
  });
  return run;
}

function toEntry({ _id, ...rest }: StoredEntry): KnowledgeEntry {
  return { id: _id.toHexString(), ...rest };
}

function isDuplicateKeyOnly(error: unknown): boolean {
  const { code, writeErrors } = error as { code?: number; writeErrors?: { code?: number }[] };
  if (writeErrors?.length) return writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY);
  return code === DUPLICATE_KEY;
}

export function createKnowledgeRepository(db: Connection) {
  const { KnowledgeEntry } = knowledgeModels(db);

  async function findById(id: string): Promise<KnowledgeEntry | undefined> {
    if (!OBJECT_ID.test(id)) return undefined;
    const found = await KnowledgeEntry.findById(id).lean<StoredEntry>();
    return found ? toEntry(found) : undefined;
  }

  async function insert(entry: NewKnowledgeEntry): Promise<KnowledgeEntry> {
    const created = await KnowledgeEntry.create({ ...entry, version: 1 });
    return toEntry(created.toObject() as unknown as StoredEntry);
  }

  /**
   * Inserts the entries whose ids are not taken yet and never touches existing ones, so staff edits
   * and unpublishing survive a re-seed. Returns how many were inserted.
   */
  async function insertMissing(entries: (NewKnowledgeEntry & { id: string })[], now: Date): Promise<number> {
    // One plain insert per entry: the unique _id decides who inserts it, on MongoDB and FerretDB
    // alike (a bulk upsert's upsertedCount is not reliable on FerretDB when two seeders race).
    let inserted = 0;
    for (const { id, ...entry } of entries) {
      try {
        await KnowledgeEntry.collection.insertOne({
          ...entry,
          _id: new Types.ObjectId(id),
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        inserted += 1;
      } catch (error) {
        if (!isDuplicateKeyOnly(error)) throw error;
      }
    }
    return inserted;
  }

  /** Applies the changes only if nobody changed the entry since `version`; undefined otherwise. */
  async function updateIfVersion(
    id: string,
    version: number,
    changes: Partial<KnowledgeChanges>,
  ): Promise<KnowledgeEntry | undefined> {
    if (!OBJECT_ID.test(id)) return undefined;
    const updated = await queueWrite(`${db.name}/${id}`, () =>
      KnowledgeEntry.findOneAndUpdate(
        { _id: id, version },
        { $set: changes, $inc: { version: 1 } },
        { new: true },
      ).lean<StoredEntry>(),
    );
    return updated ? toEntry(updated) : undefined;
  }

  async function list(query: KnowledgeListQuery): Promise<KnowledgeEntry[]> {
    const filter: Record<string, unknown> = {};
    if (query.published !== undefined) filter.published = query.published;
    if (query.category) filter.category = query.category;
    if (query.afterId) filter._id = { $lt: new Types.ObjectId(query.afterId) };
    const found = await KnowledgeEntry.find(filter)
      .sort({ _id: -1 })
      .limit(query.limit)
      .lean<StoredEntry[]>();
    return found.map(toEntry);
  }

  /** Published entries sharing at least one token with the query: the candidates to rank. */
  async function findCandidates(tokens: string[], limit: number): Promise<KnowledgeEntry[]> {
    if (tokens.length === 0) return [];
    const found = await KnowledgeEntry.find({ published: true, tokens: { $in: tokens } })
      .limit(limit)
      .lean<StoredEntry[]>();
    return found.map(toEntry);
  }

  function countPublished(): Promise<number> {
    return KnowledgeEntry.countDocuments({ published: true });
  }

  return { findById, insert, insertMissing, updateIfVersion, list, findCandidates, countPublished };
}

export type KnowledgeRepository = ReturnType<typeof createKnowledgeRepository>;
export const isKnowledgeEntryId = (id: string): boolean => OBJECT_ID.test(id);
