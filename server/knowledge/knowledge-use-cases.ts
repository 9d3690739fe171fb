/**
 * The knowledge base (监督举报库, issue 3 §9): question/answer entries that the center, the general
 * office and admins keep, and that citizens, the chat bot and intake staff search to answer
 * consultations directly (rules art. 7: "参照监督举报库已有内容直接答复").
 *
 * - createEntry / updateEntry / deleteEntry (soft: unpublish) — staff writes, versioned
 * - getEntry / listEntries — reads, newest first with a cursor (publishedOnly for the public)
 * - getPublishedEntry / searchEntries / findPublishedAnswer — published entries only, for everyone
 */
import { AppError, conflict, notFound } from '../http/app-error';
import type { Actor } from '../staff/staff-types';
import {
  isKnowledgeEntryId,
  type KnowledgeEntry,
  type KnowledgeRepository,
} from './data-access/knowledge-repository';
import { rankEntries, tokenizeEntry, tokenizeQuery, type RankedEntry } from './knowledge-search';

export interface KnowledgeInput {
  question: string;
  answer: string;
  keywords: string[];
  category: string;
  /** Absent: new entries are published, updates keep the current state. */
  published?: boolean;
}

export interface KnowledgeListOptions {
  cursor?: string;
  limit: number;
  /** True: only what the public may see. */
  publishedOnly: boolean;
  category?: string;
}

export interface KnowledgePage {
  items: KnowledgeEntry[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * Enough for a base of a few hundred entries; past that, rarity counts from the candidates would
 * start to undercount and this needs a corpus-wide token count instead.
 */
const MAX_CANDIDATES = 500;
const UNPUBLISH_ATTEMPTS = 3;

const entryNotFound = () => notFound('knowledge-entry-not-found', '没有找到这条知识库内容，可能已被删除。');
const entryChanged = () => conflict('conflict', '这条内容刚刚被其他人修改过，请刷新后再改。');

function normaliseKeywords(keywords: string[]): string[] {
  return [...new Set(keywords.map((keyword) => keyword.trim()).filter(Boolean))];
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isKnowledgeEntryId(id)) {
    throw new AppError('invalid-input', 400, '翻页位置（cursor）无效，请从第一页重新查看。');
  }
  return id;
}

export function createKnowledgeUseCases(repository: KnowledgeRepository) {
  function prepare(input: KnowledgeInput) {
    const keywords = normaliseKeywords(input.keywords);
    const question = input.question.trim();
    return {
      question,
      answer: input.answer.trim(),
      keywords,
      category: input.category,
      tokens: tokenizeEntry({ question, keywords }),
    };
  }

  async function createEntry(input: KnowledgeInput, actor: Actor): Promise<KnowledgeEntry> {
    return repository.insert({
      ...prepare(input),
      published: input.published ?? true,
      createdBy: actor.staffId,
      updatedBy: actor.staffId,
    });
  }

  /** Replaces the editable fields if `version` is still current; a stale version is a 409. */
  async function updateEntry(
    id: string,
    version: number,
    input: KnowledgeInput,
    actor: Actor,
  ): Promise<KnowledgeEntry> {
    const changes = { ...prepare(input), updatedBy: actor.staffId };
    const updated = await repository.updateIfVersion(id, version, {
      ...changes,
      ...(input.published === undefined ? {} : { published: input.published }),
    });
    if (updated) return updated;
    throw (await repository.findById(id)) ? entryChanged() : entryNotFound();
  }

  /**
   * Unpublishes rather than deletes: a case answered from this entry keeps pointing at it, and an
   * editor can publish it again. Idempotent; retries when an edit lands in between.
   */
  async function deleteEntry(id: string, actor: Actor): Promise<KnowledgeEntry> {
    for (let attempt = 0; attempt < UNPUBLISH_ATTEMPTS; attempt += 1) {
      const current = await repository.findById(id);
      if (!current) throw entryNotFound();
      if (!current.published) return current;
      const updated = await repository.updateIfVersion(id, current.version, {
        published: false,
        updatedBy: actor.staffId,
      });
      if (updated) return updated;
    }
    throw entryChanged();
  }

  async function getEntry(id: string): Promise<KnowledgeEntry> {
    const entry = await repository.findById(id);
    if (!entry) throw entryNotFound();
    return entry;
  }

  async function listEntries(options: KnowledgeListOptions): Promise<KnowledgePage> {
    // One extra row tells whether there is a next page without a count.
    const rows = await repository.list({
      published: options.publishedOnly ? true : undefined,
      category: options.category,
      afterId: options.cursor ? decodeCursor(options.cursor) : undefined,
      limit: options.limit + 1,
    });
    const items = rows.slice(0, options.limit);
    const last = items[items.length - 1];
    return rows.length > options.limit && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  async function searchEntries(query: string, limit: number): Promise<RankedEntry<KnowledgeEntry>[]> {
    const tokens = tokenizeQuery(query);
    if (tokens.length === 0) return [];
    const [candidates, corpusSize] = await Promise.all([
      repository.findCandidates(tokens, MAX_CANDIDATES),
      repository.countPublished(),
    ]);
    return rankEntries(query, candidates, { corpusSize, limit });
  }

  /** An unpublished entry is as good as deleted for the public. */
  async function getPublishedEntry(id: string): Promise<KnowledgeEntry> {
    const entry = await repository.findById(id);
    if (!entry?.published) throw entryNotFound();
    return entry;
  }

  /** For answering a consultation from the base (the case component's findKnowledgeAnswer). */
  async function findPublishedAnswer(id: string): Promise<string | undefined> {
    const entry = await repository.findById(id);
    return entry?.published ? entry.answer : undefined;
  }

  return {
    createEntry,
    updateEntry,
    deleteEntry,
    getEntry,
    getPublishedEntry,
    listEntries,
    searchEntries,
    findPublishedAnswer,
  };
}

export type KnowledgeUseCases = ReturnType<typeof createKnowledgeUseCases>;
