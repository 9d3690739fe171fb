/**
 * Measures 比对查重 against hand-labelled report pairs (tests/fixtures/duplicate-pairs.json).
 * A pair counts as predicted duplicate when it would be shown to staff: score ≥ thresholds.suggest.
 * That is the decision the labels describe (same place, same main problem); auto-merge adds the
 * same-reporter condition on top and is checked for never merging a non-duplicate.
 */
import { loadDuplicateRules } from '../config/domain/duplicate-rules';
import {
  decideDuplicate,
  scoreDuplicate,
  type DuplicateCase,
} from '../server/cases/domain/duplicate-scoring';
import pairs from './fixtures/duplicate-pairs.json';

type RawCase = (typeof pairs)[number]['a'];

const rules = loadDuplicateRules();

function toCase(raw: RawCase): DuplicateCase {
  return { ...raw, createdAt: new Date(raw.createdAt) };
}

function measure(subset: typeof pairs) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const pair of subset) {
    const predicted = scoreDuplicate(toCase(pair.b), toCase(pair.a), rules).score >= rules.thresholds.suggest;
    if (predicted && pair.duplicate) truePositives++;
    else if (predicted) falsePositives++;
    else if (pair.duplicate) falseNegatives++;
  }
  return {
    precision: truePositives / (truePositives + falsePositives),
    recall: truePositives / (truePositives + falseNegatives),
  };
}

describe('duplicate evaluation', () => {
  it('when the labelled set is large and balanced enough, then it can be trusted as a yardstick', () => {
    const duplicates = pairs.filter((pair) => pair.duplicate).length;
    expect(pairs.length).toBeGreaterThanOrEqual(120);
    expect(duplicates / pairs.length).toBeGreaterThan(0.4);
    expect(duplicates / pairs.length).toBeLessThan(0.55);
  });

  it('when every pair is scored, then precision is at least 0.9 and recall at least 0.8', () => {
    const { precision, recall } = measure(pairs);
    console.log(
      `duplicate evaluation: ${pairs.length} pairs, precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('when a pair is not a duplicate, then it is never merged without staff', () => {
    const merged = pairs.filter(
      (pair) =>
        !pair.duplicate && decideDuplicate(toCase(pair.b), [toCase(pair.a)], rules).kind === 'auto-merge',
    );
    expect(merged.map((pair) => pair.id)).toEqual([]);
  });
});
