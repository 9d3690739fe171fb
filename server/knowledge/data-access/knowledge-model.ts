/**
 * The stored shape of a knowledge-base entry (监督举报库). `tokens` holds the jieba tokens of the
 * question and keywords: FerretDB has no $text, so search is an indexed $in on this array.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import categories from '../../../config/domain/categories.json';

export const KNOWLEDGE_CATEGORY_CODES = categories.categories.map((category) => category.code);

const knowledgeEntrySchema = new Schema(
  {
    question: { type: String, required: true },
    answer: { type: String, required: true },
    keywords: { type: [String], default: [] },
    category: { type: String, enum: KNOWLEDGE_CATEGORY_CODES, required: true },
    tokens: { type: [String], default: [] },
    published: { type: Boolean, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
    version: { type: Number, required: true, default: 1 },
  },
  // version is ours (optimistic concurrency on every write), not mongoose's __v.
  { timestamps: true, versionKey: false },
);

knowledgeEntrySchema.index({ tokens: 1 });
knowledgeEntrySchema.index({ published: 1, _id: -1 });

export function knowledgeModels(db: Connection) {
  return {
    KnowledgeEntry:
      (db.models.KnowledgeEntry as Model<unknown>) ??
      db.model('KnowledgeEntry', knowledgeEntrySchema, 'knowledge_entries'),
  };
}
