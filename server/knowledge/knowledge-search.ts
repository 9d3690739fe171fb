/**
 * Search over the knowledge base without $text (FerretDB has none): entries store their jieba
 * tokens; the repository fetches candidates sharing any query token (indexed $in) and this module
 * ranks them. Pure apart from the lazily loaded jieba dictionary, which never changes.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/** A matched keyword counts this much more than a word that only occurs in the question. */
const KEYWORD_BOOST = 1;
const MAX_QUERY_TOKENS = 20;

/**
 * Words that carry no topic in a citizen's question. "问题", "举报" and "12314" stay out of the
 * list: they are common, and rarity weighting already makes them count for little.
 */
// prettier-ignore
const STOP_WORDS = new Set([
  '的', '了', '吗', '呢', '啊', '吧', '呀', '嘛', '哦', '么',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '我家', '我的', '自己', '家里', '有人', '发现',
  '是', '在', '有', '和', '与', '及', '或', '或者', '还是', '就', '都', '也', '还', '又',
  '怎么', '怎么办', '怎样', '怎么样', '如何', '什么', '为什么', '为啥', '咋办', '咋', '哪些', '哪里',
  '哪个', '谁', '多少', '几', '是否', '能否', '可以', '能不能', '可不可以', '能', '会', '要',
  '需要', '应该', '请问', '请', '一下', '想', '想问', '知道', '这个', '那个', '这样', '那样',
  '这', '那', '一个', '有没有', '是不是', '现在', '已经', '时候', '情况', '谢谢', '你好', '您好',
]);

let jieba: Jieba | undefined;

function getJieba(): Jieba {
  // Loading the dictionary takes ~100 ms: once per process, on first use.
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function isMeaningful(token: string): boolean {
  // Single characters (水, 河, 了) match almost everything; search mode yields the longer words.
  return Array.from(token).length >= 2 && /[\p{L}\p{N}]/u.test(token) && !STOP_WORDS.has(token);
}

/** Search-mode jieba tokens (HMM on, so 采砂 and 河长制 come out whole), minus stop words. */
export function tokenizeText(text: string): string[] {
  const tokens = getJieba()
    .cutForSearch(normaliseText(text), true)
    .map((token) => token.trim())
    .filter(isMeaningful);
  return [...new Set(tokens)];
}

/** What is stored in `tokens`: the question's words, each keyword whole and the keywords' words. */
export function tokenizeEntry(entry: { question: string; keywords: readonly string[] }): string[] {
  const keywords = entry.keywords.map((keyword) => normaliseText(keyword.trim()));
  const tokens = [
    ...tokenizeText(entry.question),
    ...keywords.filter(isMeaningful),
    ...keywords.flatMap((keyword) => tokenizeText(keyword)),
  ];
  return [...new Set(tokens)];
}

export function tokenizeQuery(query: string): string[] {
  return tokenizeText(query).slice(0, MAX_QUERY_TOKENS);
}

export interface SearchableEntry {
  question: string;
  keywords: readonly string[];
  tokens: readonly string[];
}

/** How rare each token is: the candidates hold every entry sharing a token, so their counts are exact. */
export interface TokenRarity {
  corpusSize: number;
  documentFrequency: ReadonlyMap<string, number>;
}

export function measureRarity(entries: readonly SearchableEntry[], corpusSize = entries.length): TokenRarity {
  const documentFrequency = new Map<string, number>();
  for (const entry of entries) {
    for (const token of new Set(entry.tokens)) {
      documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    }
  }
  return { corpusSize: Math.max(corpusSize, entries.length), documentFrequency };
}

/** Smoothed inverse document frequency: always positive, highest for a token no entry has. */
function weighToken(token: string, rarity: TokenRarity): number {
  const frequency = rarity.documentFrequency.get(token) ?? 0;
  return Math.log(1 + (rarity.corpusSize + 1) / (frequency + 1));
}

function hitsKeyword(token: string, entry: SearchableEntry): boolean {
  return entry.keywords.some((keyword) => normaliseText(keyword).includes(token));
}

/**
 * Share of the query's weight the entry covers, in [0, 1]: 1 when every query token is one of
 * its keywords, about half when the tokens only occur in the question. The chat bot can use it as
 * a confidence threshold before answering from the knowledge base.
 */
export function scoreEntry(
  queryTokens: readonly string[],
  entry: SearchableEntry,
  rarity: TokenRarity = measureRarity([entry]),
): number {
  const entryTokens = new Set(entry.tokens);
  let matched = 0;
  let possible = 0;
  for (const token of new Set(queryTokens)) {
    const weight = weighToken(token, rarity);
    possible += weight * (1 + KEYWORD_BOOST);
    if (entryTokens.has(token)) matched += weight * (hitsKeyword(token, entry) ? 1 + KEYWORD_BOOST : 1);
  }
  return possible === 0 ? 0 : matched / possible;
}

export interface RankedEntry<T> {
  entry: T;
  score: number;
}

export interface RankOptions {
  /** Published entries in the whole base (for rarity); defaults to the candidates given. */
  corpusSize?: number;
  limit?: number;
}

/** Best first; entries sharing no token are dropped. Ties go to the more focused (shorter) entry. */
export function rankEntries<T extends SearchableEntry>(
  query: string,
  entries: readonly T[],
  options: RankOptions = {},
): RankedEntry<T>[] {
  const queryTokens = tokenizeQuery(query);
  if (queryTokens.length === 0) return [];
  const rarity = measureRarity(entries, options.corpusSize);
  return entries
    .map((entry) => ({ entry, score: scoreEntry(queryTokens, entry, rarity) }))
    .filter((ranked) => ranked.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.entry.tokens.length - b.entry.tokens.length ||
        a.entry.question.localeCompare(b.entry.question),
    )
    .slice(0, options.limit ?? entries.length);
}
