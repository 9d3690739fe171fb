import { ConfigError } from '../load-config';
import bundledTexts from './bot-texts.json';
import { loadBotTexts, parseBotTexts } from './bot-texts';

function withChange(change: (copy: typeof bundledTexts) => void): unknown {
  const copy = structuredClone(bundledTexts);
  change(copy);
  return copy;
}

function problemsOf(json: unknown): string[] {
  try {
    parseBotTexts(json);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadBotTexts', () => {
  it('when the shipped texts load, then every reply template fits one phone screen', () => {
    const texts = loadBotTexts();
    for (const reply of Object.values(texts.replies)) expect(reply.length).toBeLessThanOrEqual(300);
  });

  it.each<[string, (copy: typeof bundledTexts) => void, string]>([
    [
      'when a placeholder is misspelt, then the reply and the allowed names are reported',
      (copy) => {
        copy.replies.submitted = '您的编号是{trackingNo}';
      },
      'replies.submitted: unknown placeholder {trackingNo} (allowed: {trackingNumber})',
    ],
    [
      'when a reply that takes no placeholder gets one, then it is reported',
      (copy) => {
        copy.replies.help = '您好{name}';
      },
      'replies.help: unknown placeholder {name} (allowed: none)',
    ],
    [
      'when a reply is missing, then it is reported by name',
      (copy) => {
        delete (copy.replies as Partial<typeof copy.replies>).cancelled;
      },
      'replies.cancelled',
    ],
    [
      'when a category has no words, then it is reported',
      (copy) => {
        delete (copy.words.categories as Partial<typeof copy.words.categories>).soil;
      },
      'words.categories.soil',
    ],
    [
      'when one word answers two survey choices, then the second one is reported',
      (copy) => {
        copy.words.surveySatisfaction.dissatisfied.push('满意');
      },
      'words.surveySatisfaction.dissatisfied: "满意" is also listed under satisfied',
    ],
    [
      'when the version is unknown, then it is reported',
      (copy) => {
        (copy as { version: number }).version = 2;
      },
      'version',
    ],
  ])('%s', (_name, change, expected) => {
    const problems = problemsOf(withChange(change));
    expect(problems.some((problem) => problem.includes(expected))).toBe(true);
  });

  it('when several things are wrong, then all are listed at once', () => {
    const json = withChange((copy) => {
      copy.replies.submitted = '{x}';
      copy.replies.expired = '{y}';
    });
    expect(problemsOf(json)).toHaveLength(2);
  });
});
