/**
 * The starting content of the knowledge base (config/domain/knowledge-seed.json). Each seed entry
 * gets an id derived from its key, so seeding twice, or from two processes at once, inserts it
 * once; entries staff have since edited or unpublished are left as they are.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import seed from '../../config/domain/knowledge-seed.json';
import { createKnowledgeRepository, type KnowledgeRepository } from './data-access/knowledge-repository';
import { tokenizeEntry } from './knowledge-search';

export const SEED_AUTHOR = 'system:seed';

export interface KnowledgeSeedEntry {
  key: string;
  category: string;
  question: string;
  answer: string;
  keywords: string[];
}

/** A stable ObjectId (24 hex digits) for a seed key. */
export function deriveSeedEntryId(key: string): string {
  return createHash('sha256').update(`knowledge-seed:${key}`).digest('hex').slice(0, 24);
}

export function readKnowledgeSeed(): KnowledgeSeedEntry[] {
  return seed.entries;
}

export async function seedKnowledgeRepository(
  repository: KnowledgeRepository,
  entries: KnowledgeSeedEntry[] = readKnowledgeSeed(),
  now = new Date(),
): Promise<{ inserted: number }> {
  const inserted = await repository.insertMissing(
    entries.map((entry) => ({
      id: deriveSeedEntryId(entry.key),
      question: entry.question,
      answer: entry.answer,
      keywords: entry.keywords,
      category: entry.category,
      tokens: tokenizeEntry(entry),
      published: true,
      createdBy: SEED_AUTHOR,
      updatedBy: SEED_AUTHOR,
    })),
    now,
  );
  return { inserted };
}

export function seedKnowledgeBase(db: Connection): Promise<{ inserted: number }> {
  return seedKnowledgeRepository(createKnowledgeRepository(db));
}
