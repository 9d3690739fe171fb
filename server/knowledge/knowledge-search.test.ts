import seed from '../../config/domain/knowledge-seed.json';
import {
  measureRarity,
  rankEntries,
  scoreEntry,
  tokenizeEntry,
  tokenizeQuery,
  tokenizeText,
} from './knowledge-search';

const entries = seed.entries.map((entry) => ({ ...entry, tokens: tokenizeEntry(entry) }));

describe('rankEntries on the seed knowledge base', () => {
  test.each([
    ['停水怎么办', 'rural-water-outage'],
    ['家里没水了', 'rural-water-outage'],
    ['河道采砂', 'sand-mining'],
    ['河里有人挖沙', 'sand-mining'],
    ['水污染归谁管', 'not-accepted-pollution'],
    ['信访怎么反映', 'not-accepted-petition'],
    ['举报后多久能办结', 'deadline-report'],
    ['怎么查询办理进度', 'tracking'],
    ['我的信息会泄露吗', 'confidentiality'],
    ['河长制是什么', 'river-chief'],
    ['自来水发黄', 'rural-water-quality'],
    ['12314管哪些事', 'scope-accepted'],
    ['水库移民补偿', 'resettlement'],
  ])('when a citizen asks %p, then %p comes first', (query, expectedKey) => {
    const ranked = rankEntries(query, entries);
    expect(ranked[0]?.entry.key).toBe(expectedKey);
  });

  test.each(['xyzzy qwerty', '啊啊啊', '水', '？？？', '', '怎么办呢'])(
    'when the query is nonsense or only stop words (%p), then nothing is found',
    (query) => {
      expect(rankEntries(query, entries)).toEqual([]);
    },
  );

  test('when a limit is given, then at most that many come back, best first, scores in (0, 1]', () => {
    const ranked = rankEntries('河道 采砂 建房 险情', entries, { limit: 3 });
    expect(ranked).toHaveLength(3);
    const scores = ranked.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score > 0 && score <= 1).toBe(true);
  });
});

describe('scoreEntry', () => {
  const base = { question: '发现有人在河道里非法采砂，怎么举报？', keywords: ['采砂'] };
  const entry = { ...base, tokens: tokenizeEntry(base) };

  test('when no query token is in the entry, then the score is 0', () => {
    expect(scoreEntry(['停水'], entry)).toBe(0);
  });

  test('when a token is a keyword, then it scores higher than one only in the question', () => {
    expect(scoreEntry(['采砂'], entry)).toBeGreaterThan(scoreEntry(['河道'], entry));
  });

  test('when the token is rare in the corpus, then a match on it weighs more than a common one', () => {
    const plain = (tokens: string[]) => ({ question: '', keywords: [], tokens });
    const rarity = measureRarity([plain(['采砂', '河道']), plain(['河道']), plain(['河道'])], 10);
    const rareHit = scoreEntry(['采砂', '河道'], plain(['采砂']), rarity);
    const commonHit = scoreEntry(['采砂', '河道'], plain(['河道']), rarity);
    expect(rareHit).toBeGreaterThan(commonHit);
  });
});

describe('tokenizing', () => {
  test.each([
    ['停水怎么办', ['停水']],
    ['请问河长制是什么？', ['河长制']],
    ['ＡＢＣ 水库', ['abc', '水库']],
  ])('when %p is tokenized, then stop words, single characters and punctuation drop out', (text, tokens) => {
    expect(tokenizeText(text)).toEqual(tokens);
  });

  test('when an entry is tokenized, then each keyword is kept whole as well as split', () => {
    const tokens = tokenizeEntry({ question: '有人挖沙', keywords: ['非法采砂'] });
    expect(tokens).toEqual(expect.arrayContaining(['挖沙', '非法采砂', '非法', '采砂']));
  });

  test('when a query is very long, then at most 20 tokens are used', () => {
    const longQuery = seed.entries.map((entry) => entry.question).join('');
    expect(tokenizeQuery(longQuery).length).toBeLessThanOrEqual(20);
  });
});
