/**
 * 比对查重: is a new report the same problem at the same place as one already in the base?
 * Rules art. 7(2) merges reports whose place and main problem are basically the same, so the score
 * is built in that order: place, category family and time window are gates; the texts then decide.
 */
import type { Jieba } from '@node-rs/jieba';
import type { DuplicateRules } from '../../../config/domain/duplicate-rules';
import type { CasePlace } from './case-types';

export type { CasePlace };

export interface DuplicateCase {
  id: string;
  category: string;
  description: string;
  place: CasePlace;
  reporterKey?: string;
  createdAt: Date;
}

export interface DuplicateScore {
  score: number;
  nearby: boolean;
  textSimilarity: number;
  reasons: string[];
}

export interface DuplicateCandidate extends DuplicateScore {
  caseId: string;
}

export type DuplicateDecision =
  | { kind: 'auto-merge'; target: DuplicateCandidate; candidates: DuplicateCandidate[] }
  | { kind: 'suggest'; candidates: DuplicateCandidate[] }
  | { kind: 'none'; candidates: [] };

const STOP_WORDS = new Set(
  (
    '的 地 得 了 着 过 在 有 是 也 都 就 还 又 再 才 只 和 与 及 跟 被 把 给 让 向 从 往 到 来 去 对 为 将 等 ' +
    '我 我们 们 你 你们 他 他们 她 这 那 这里 那里 这边 那边 这个 那个 一个 一下 一直 已经 现在 最近 每天 天天 ' +
    '请 请求 请问 问题 反映 举报 希望 尽快 麻烦 谢谢 帮忙 怎么办 处理 解决 没人管 管 不管 ' +
    '好多 很多 一些 很 太 吗 吧 呢 啊 呀 哦 啥 什么 怎么 为什么 个 要 会 能 说 但 但是 而且 因为 所以 如果 ' +
    '上 里 下 中 内 边 有人 人 一 用 时候 地方 情况 存在 附近 下面 上面 里面 直接 还是 好 大 小 全 没有 没 不'
  ).split(' '),
);
const WORD = /[\p{L}\p{N}]/u;
const VAGUE_AMOUNT = /^好几/; // 好几条, 好几处: every reporter says it about anything
// For approvals the applicant plays the part of the place: two companies are two matters.
const COMPANY = /[\u4e00-\u9fa5]{2,12}?(?:有限公司|公司)/gu;
// Place names say nothing about the problem and are judged by the place rule, so they are cut out
// of the texts first. Only 县/镇/乡 endings: 村 and 区 also start ordinary words (村民, 库区).
const PLACE_IN_TEXT = /[\u4e00-\u9fa5]{2,3}?[县镇乡]/gu;
const ADMIN_SUFFIX = /(省|自治区|市|州|盟|县|旗|区|镇|乡|街道|村|屯|社区|组)/g;
const TOWN_BOUNDARY = new Set(['省', '市', '县', '旗', '区']);
const TOKEN_WEIGHT_CAP = 3;
const TOKEN_SHARE = 0.7;
const EARTH_RADIUS_KM = 6371;
const DAY_MS = 86_400_000;

let jieba: Jieba | undefined;
function getJieba(): Jieba {
  // The dictionary is ~11 MB read from disk: load it on first use, not on import.
  if (!jieba) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    /* eslint-enable @typescript-eslint/no-require-imports */
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

function normalizeText(text: string): string {
  // 砂/沙 are used interchangeably by reporters (采砂, 采沙).
  return text.normalize('NFKC').toLowerCase().replace(/砂/g, '沙');
}

export function tokenizeDescription(text: string): string[] {
  return getJieba()
    .cut(normalizeText(text), false)
    .map((token) => token.trim())
    .filter(
      (token) => token !== '' && WORD.test(token) && !STOP_WORDS.has(token) && !VAGUE_AMOUNT.test(token),
    );
}

type ProblemText = { text: string; problems: Set<string> };
const normalizerCache = new WeakMap<DuplicateRules, (text: string) => ProblemText>();
/** Rewrites reporters' variants to one term (冇水 → 停水) and notes which main problems are named. */
function getProblemNormalizer(rules: DuplicateRules): (text: string) => ProblemText {
  let normalize = normalizerCache.get(rules);
  if (!normalize) {
    const canonicalOf = new Map<string, { term: string; problem: boolean }>();
    const add = (groups: Record<string, string[]>, problem: boolean) => {
      for (const [term, variants] of Object.entries(groups)) {
        for (const variant of variants) canonicalOf.set(normalizeText(variant), { term, problem });
      }
    };
    add(rules.vocabulary, false);
    add(rules.problems, true);
    // Longest first, so 挖沙子 wins over 挖沙 inside one alternation.
    const variants = [...canonicalOf.keys()].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(variants.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    normalize = (text) => {
      const problems = new Set<string>();
      const replaced = text.replace(pattern, (match) => {
        const { term, problem } = canonicalOf.get(match) ?? { term: match, problem: false };
        if (problem) problems.add(term);
        return ` ${term} `;
      });
      return { text: replaced, problems };
    };
    normalizerCache.set(rules, normalize);
  }
  return normalize;
}

function listPlaceNames(place: CasePlace): string[] {
  const names: string[] = [];
  for (const value of [place.address, place.waterBody]) {
    if (!value) continue;
    const units = normalizeText(value).replace(/\s+/g, '').replace(ADMIN_SUFFIX, '$1|').split('|');
    for (const unit of units.filter((u) => u.length >= 2)) {
      names.push(unit, unit.replace(ADMIN_SUFFIX, ''));
    }
  }
  return names.filter((name) => name.length >= 2).sort((a, b) => b.length - a.length);
}

function extractProblem(text: string, placeNames: string[], rules: DuplicateRules) {
  let stripped = normalizeText(text);
  for (const name of placeNames) stripped = stripped.split(name).join(' ');
  const normalized = getProblemNormalizer(rules)(stripped.replace(PLACE_IN_TEXT, ' '));
  return { tokens: tokenizeDescription(normalized.text), problems: normalized.problems };
}

function listBigrams(tokens: string[]): string[] {
  return tokens.flatMap((token) =>
    token.length === 1 ? [token] : Array.from({ length: token.length - 1 }, (_, i) => token.slice(i, i + 2)),
  );
}

/** Weighted containment: how much of the shorter text is found in the longer one. */
function measureContainment(a: string[], b: string[], weigh: (item: string) => number): number {
  const count = (items: string[]) => items.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());
  const [ca, cb] = [count(a), count(b)];
  const total = (m: Map<string, number>) => [...m].reduce((sum, [item, n]) => sum + n * weigh(item), 0);
  let shared = 0;
  for (const [item, n] of ca) shared += Math.min(n, cb.get(item) ?? 0) * weigh(item);
  const smaller = Math.min(total(ca), total(cb));
  return smaller === 0 ? 0 : shared / smaller;
}

/**
 * Similarity of the main problems, 0..1, with place names removed from both texts. When both name
 * main problems and share none, the text overlap is only setting (堤防, 水库) and counts less.
 */
export function measureTextSimilarity(
  a: DuplicateCase,
  b: DuplicateCase,
  rules: DuplicateRules,
): { similarity: number; problems: [string[], string[]]; sameProblem: boolean | undefined } {
  const placeNames = [...listPlaceNames(a.place), ...listPlaceNames(b.place)];
  const pa = extractProblem(a.description, placeNames, rules);
  const pb = extractProblem(b.description, placeNames, rules);
  // Longer words carry the problem (采沙, 填河); single characters are mostly glue. Bigrams catch
  // what segmentation split differently and typos that keep one character of a word.
  const tokens = measureContainment(pa.tokens, pb.tokens, (t) => Math.min(t.length, TOKEN_WEIGHT_CAP));
  const bigrams = measureContainment(listBigrams(pa.tokens), listBigrams(pb.tokens), () => 1);
  const overlap = TOKEN_SHARE * tokens + (1 - TOKEN_SHARE) * bigrams;
  const named = pa.problems.size > 0 && pb.problems.size > 0;
  const sameProblem = named ? [...pa.problems].some((p) => pb.problems.has(p)) : undefined;
  const similarity = sameProblem === false ? overlap * rules.differentProblemFactor : overlap;
  return { similarity, problems: [[...pa.problems], [...pb.problems]], sameProblem };
}

/** Finds the town (镇/乡/街道) and village (村/屯/社区) in an address such as 灵璧县尹集镇罗庄村. */
function parseAddressUnits(address: string | undefined): { town?: string; village?: string } {
  if (!address) return {};
  const s = normalizeText(address).replace(/\s+/g, '');
  for (const match of s.matchAll(/镇|乡|街道/g)) {
    // The name starts after the county/city before it; it needs two characters so that 插旗镇
    // keeps its 旗, and 镇赉县 (a county whose name starts with 镇) is not taken for a town.
    let start = match.index - 1;
    while (start >= 0 && !(TOWN_BOUNDARY.has(s[start] ?? '') && match.index - start - 1 >= 2)) start--;
    const name = s.slice(start + 1, match.index);
    const rest = s.slice(match.index + match[0].length);
    if (name.length < 2 || /^.{1,2}[县旗市]/.test(rest)) continue;
    return { town: name + match[0], village: /^(.{1,6}?)(村|屯|社区)/.exec(rest)?.[1] };
  }
  return {};
}

function normalizeWaterBody(name: string | undefined): string | undefined {
  return name ? normalizeText(name).replace(/\s+/g, '') || undefined : undefined;
}

/** Haversine distance, or undefined unless both places carry coordinates. */
export function measureDistanceKm(a: CasePlace, b: CasePlace): number | undefined {
  const [lat1, lon1, lat2, lon2] = [a.latitude, a.longitude, b.latitude, b.longitude];
  if (lat1 === undefined || lon1 === undefined || lat2 === undefined || lon2 === undefined) return undefined;
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/**
 * The most precise evidence both places carry decides: two GPS points settle it either way; else a
 * differing region, water body, town or village rules it out; else any shared one is enough.
 * So one river 15 km apart is not nearby, though the name matches.
 */
function comparePlaces(
  a: CasePlace,
  b: CasePlace,
  rules: DuplicateRules,
): { nearby: boolean; reason: string } {
  const km = measureDistanceKm(a, b);
  if (km !== undefined) {
    const nearby = km <= rules.radiusKm;
    return { nearby, reason: `${nearby ? '相距' : '相距较远：'}${km.toFixed(1)}公里` };
  }
  const [wa, wb] = [normalizeWaterBody(a.waterBody), normalizeWaterBody(b.waterBody)];
  const [ua, ub] = [parseAddressUnits(a.address), parseAddressUnits(b.address)];
  const [va, vb] = [ua.village, ub.village];
  const checks: [boolean, boolean, string][] = [
    [!!a.regionCode && !!b.regionCode && a.regionCode !== b.regionCode, false, '不在同一县区'],
    [!!wa && !!wb && wa !== wb, false, `不是同一水体（${wa}、${wb}）`],
    [!!ua.town && !!ub.town && ua.town !== ub.town, false, `不在同一乡镇（${ua.town}、${ub.town}）`],
    [!!va && !!vb && !va.startsWith(vb) && !vb.startsWith(va), false, `不在同一村（${va}村、${vb}村）`],
    [!!wa && wa === wb, true, `同一水体（${wa}）`],
    [!!va && !!vb, true, `同一村（${va}村）`],
    [!!ua.town && ua.town === ub.town, true, `同一乡镇（${ua.town}）`],
    [!!a.regionCode && a.regionCode === b.regionCode, true, `同一县区（${a.regionCode}）`],
  ];
  const [, nearby, reason] = checks.find(([applies]) => applies) ?? [true, false, '地点无法比对'];
  return { nearby, reason };
}

export function isNearby(
  a: Pick<DuplicateCase, 'place'>,
  b: Pick<DuplicateCase, 'place'>,
  rules: DuplicateRules,
): boolean {
  return comparePlaces(a.place, b.place, rules).nearby;
}

/** Categories a report of this category may duplicate, for narrowing the candidate query. */
export function listRelatedCategories(category: string, rules: DuplicateRules): string[] {
  const all = new Set(Object.values(rules.categoryFamilies).flat().concat(category));
  return [...all].filter((other) => shareCategoryFamily(category, other, rules));
}

/** Same category, or two categories of one family (reporters file 堤脚挖塘 under 河湖 or 灾害). */
export function shareCategoryFamily(a: string, b: string, rules: DuplicateRules): boolean {
  if (rules.neverDuplicate.includes(a) || rules.neverDuplicate.includes(b)) return false;
  return (
    a === b ||
    Object.values(rules.categoryFamilies).some((family) => family.includes(a) && family.includes(b))
  );
}

export function scoreDuplicate(
  newCase: DuplicateCase,
  candidate: DuplicateCase,
  rules: DuplicateRules,
): DuplicateScore {
  const place = comparePlaces(newCase.place, candidate.place, rules);
  const days = Math.abs(newCase.createdAt.getTime() - candidate.createdAt.getTime()) / DAY_MS;
  const [ca, cb] = [listCompanies(newCase.description), listCompanies(candidate.description)];
  const gates: [boolean, string][] = [
    [
      !shareCategoryFamily(newCase.category, candidate.category, rules),
      `类别不可合并（${newCase.category}、${candidate.category}）`,
    ],
    [
      ca.length > 0 && cb.length > 0 && !ca.some((x) => cb.some((y) => x.includes(y) || y.includes(x))),
      `涉及单位不同（${ca[0]}、${cb[0]}）`,
    ],
    [days > rules.windowDays, `相隔${Math.round(days)}天，超过${rules.windowDays}天比对时间窗`],
  ];
  const reasons = [place.reason, ...gates.filter(([closed]) => closed).map(([, reason]) => reason)];
  if (!place.nearby || reasons.length > 1)
    return { score: 0, nearby: place.nearby, textSimilarity: 0, reasons };
  const text = measureTextSimilarity(newCase, candidate, rules);
  const textSimilarity = Math.round(text.similarity * 1000) / 1000;
  if (text.sameProblem !== undefined) {
    const named = text.problems.map((problems) => problems.join('、')).join(' / ');
    reasons.push(`${text.sameProblem ? '主要问题相同' : '主要问题不同'}（${named}）`);
  }
  reasons.push(`问题描述相似度${textSimilarity.toFixed(2)}`);
  return { score: textSimilarity, nearby: true, textSimilarity, reasons };
}

function listCompanies(text: string): string[] {
  return [...normalizeText(text).matchAll(COMPANY)].map((match) => match[0]);
}

/** Candidates at or above the suggest threshold, best first. */
export function findDuplicateCandidates(
  newCase: DuplicateCase,
  candidates: readonly DuplicateCase[],
  rules: DuplicateRules,
): DuplicateCandidate[] {
  return candidates
    .filter((candidate) => candidate.id !== newCase.id)
    .map((candidate) => ({ caseId: candidate.id, ...scoreDuplicate(newCase, candidate, rules) }))
    .filter((scored) => scored.score >= rules.thresholds.suggest)
    .sort((a, b) => b.score - a.score)
    .slice(0, rules.maxSuggestions);
}

/**
 * Only a reporter resubmitting their own report is merged without staff (art. 7(2) speaks of the
 * reporter's repeated submissions); a match with someone else's report is shown to staff.
 */
export function decideDuplicate(
  newCase: DuplicateCase,
  candidates: readonly DuplicateCase[],
  rules: DuplicateRules,
): DuplicateDecision {
  const found = findDuplicateCandidates(newCase, candidates, rules);
  if (found.length === 0) return { kind: 'none', candidates: [] };
  const reporterOf = new Map(candidates.map((candidate) => [candidate.id, candidate.reporterKey]));
  const target = found.find(
    (c) =>
      c.score >= rules.thresholds.autoMerge &&
      newCase.reporterKey !== undefined &&
      reporterOf.get(c.caseId) === newCase.reporterKey,
  );
  return target ? { kind: 'auto-merge', target, candidates: found } : { kind: 'suggest', candidates: found };
}
