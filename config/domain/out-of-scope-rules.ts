/**
 * What 12314 does not accept (rules art. 3) and where to send the reporter instead. Patterns are
 * regular expressions over the report text; validated once so a bad edit fails at start-up.
 */
import { z } from 'zod';
import rawRules from './out-of-scope-rules.json';

export const outOfScopeKinds = [
  'pollution',
  'litigation',
  'statutory-duty',
  'misconduct',
  'petition',
] as const;
export type OutOfScopeKind = (typeof outOfScopeKinds)[number];

const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const outOfScopeRulesSchema = z.object({
  version: z.literal(1),
  /** In order of precedence: the first kind that matches is the one reported. */
  kinds: z
    .array(
      z.object({
        kind: z.enum(outOfScopeKinds),
        name: z.string().min(1),
        patterns: z.array(pattern).min(1),
        /** A match of any of these cancels the kind (不想打官司 is not a lawsuit). */
        unless: z.array(pattern),
        /** Told to the reporter as is: short and plain, many reporters are elderly. */
        referral: z.string().min(1).max(140),
      }),
    )
    .min(1)
    .refine((kinds) => new Set(kinds.map((k) => k.kind)).size === kinds.length, {
      message: 'duplicate kind',
    }),
});

export type OutOfScopeRules = Readonly<z.infer<typeof outOfScopeRulesSchema>>;

export function parseOutOfScopeRules(raw: unknown): OutOfScopeRules {
  return Object.freeze(outOfScopeRulesSchema.parse(raw));
}

/** The rules shipped with the platform. */
export function loadOutOfScopeRules(): OutOfScopeRules {
  return parseOutOfScopeRules(rawRules);
}
