/**
 * Rules art. 3: matters 12314 does not accept. A match is a suggestion for intake staff, so the
 * patterns favour missing a case over rejecting a report the water authorities should handle:
 * 河道里的垃圾污染 is 乱堆 (in scope); only a discharge source makes it pollution (12369).
 */
import type { OutOfScopeKind, OutOfScopeRules } from '../../../config/domain/out-of-scope-rules';

export interface OutOfScopeFinding {
  kind: OutOfScopeKind;
  referral: string;
  matched: string[];
}

type CompiledKind = { kind: OutOfScopeKind; referral: string; patterns: RegExp[]; unless: RegExp[] };

const compiledCache = new WeakMap<OutOfScopeRules, CompiledKind[]>();
function compileRules(rules: OutOfScopeRules): CompiledKind[] {
  let compiled = compiledCache.get(rules);
  if (!compiled) {
    compiled = rules.kinds.map((entry) => ({
      kind: entry.kind,
      referral: entry.referral,
      patterns: entry.patterns.map((source) => new RegExp(source, 'gu')),
      unless: entry.unless.map((source) => new RegExp(source, 'u')),
    }));
    compiledCache.set(rules, compiled);
  }
  return compiled;
}

export function detectOutOfScope(description: string, rules: OutOfScopeRules): OutOfScopeFinding | null {
  const text = description.normalize('NFKC');
  for (const entry of compileRules(rules)) {
    if (entry.unless.some((pattern) => pattern.test(text))) continue;
    const matched = entry.patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
    if (matched.length > 0)
      return { kind: entry.kind, referral: entry.referral, matched: [...new Set(matched)] };
  }
  return null;
}
