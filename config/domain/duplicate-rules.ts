/**
 * Rules for 比对查重: thresholds, the place radius, the time window, which categories can describe
 * the same problem, and the reporters' vocabulary. Validated once so a bad edit fails at start-up.
 */
import { z } from 'zod';
import categories from './categories.json';
import rawRules from './duplicate-rules.json';

const categoryCodes = new Set(categories.categories.map((category) => category.code));
const categoryCode = z
  .string()
  .refine((code) => categoryCodes.has(code), { message: 'unknown category code' });

export const duplicateRulesSchema = z
  .object({
    version: z.literal(1),
    thresholds: z.object({
      /** Lowest score shown to intake staff as a possible duplicate; set on the labelled pairs
       * of tests/fixtures/duplicate-pairs.json (tests/duplicate-evaluation.test.ts). */
      suggest: z.number().min(0).max(1),
      /** Score above which a resubmission by the same reporter is merged without asking staff. */
      autoMerge: z.number().min(0).max(1),
    }),
    radiusKm: z.number().positive(),
    windowDays: z.number().int().positive(),
    maxSuggestions: z.number().int().positive(),
    neverDuplicate: z.array(categoryCode),
    /**
     * Categories one problem is filed under by different reporters: a bank, dike or channel
     * (河湖/灾害/水保/工程: 堤脚挖塘, 弃渣入河, 水库渗水); water supply (饮水/水资源/工程/灾害:
     * 饮水工程不通水, 大旱送水); resettlement with the reservoir project; approvals with what they
     * approve. Rural water and river problems stay apart: different duties, different departments.
     */
    categoryFamilies: z.record(z.string(), z.array(categoryCode).min(1)),
    /** canonical term → variants (dialect, colloquial, written); replaced before comparing texts. */
    vocabulary: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
    /** The main problems reporters name (采沙, 停水 …), same shape; two reports naming only
     * different ones are different matters. */
    problems: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
    /** Score factor when both texts name a main problem and they share none. */
    differentProblemFactor: z.number().min(0).max(1),
  })
  .refine((rules) => rules.thresholds.suggest <= rules.thresholds.autoMerge, {
    message: 'thresholds.suggest must not exceed thresholds.autoMerge',
    path: ['thresholds'],
  });

export type DuplicateRules = Readonly<z.infer<typeof duplicateRulesSchema>>;

/** Parses rules from any source (tests pass variants); throws a ZodError listing every problem. */
export function parseDuplicateRules(raw: unknown): DuplicateRules {
  return Object.freeze(duplicateRulesSchema.parse(raw));
}

/** The rules shipped with the platform. */
export function loadDuplicateRules(): DuplicateRules {
  return parseDuplicateRules(rawRules);
}
