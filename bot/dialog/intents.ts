/**
 * What a short Chinese message means: commands, yes/no words, numbers, categories, problems.
 * Reporters type on phones, often with full-width digits, trailing 。 or a stray space, or speak
 * and let WeChat transcribe; everything is compared after the same normalisation.
 */
import { CATEGORY_CODES, type CategoryCode } from '../../server/cases/domain/case-types';
import { TRACKING_NUMBER } from '../../server/cases/domain/tracking-number';
// The server refuses markup in descriptions; catching it here keeps the draft.
import { HTML_TAG } from '../../server/cases/domain/description-rules';
import type { CategoryOption, DialogTexts } from './dialog-types';

type Words = DialogTexts['words'];

const EDGE_PUNCTUATION = /^[\s。.!！~～,，、;；:：]+|[\s。.!！~～,，、;；:：]+$/g;
const ARGUMENT_SEPARATORS = /^[\s:：,，、。.]+/;
const CHINESE_DIGITS = '一二三四五六七八九';
/** Free text shorter than this is too thin to be taken for a report (「河道」, 「停水了」). */
const PROBLEM_MIN_LENGTH = 10;

export type CommandKind = 'report' | 'query' | 'consult' | 'help' | 'supplement' | 'review';
export interface Command {
  kind: CommandKind;
  /** The text after the command word, e.g. the tracking number of 查询 SL…; may be empty. */
  argument: string;
}

export function containsHtml(text: string): boolean {
  return HTML_TAG.test(text);
}

export function normaliseWord(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(EDGE_PUNCTUATION, '').replace(/\s+/g, '');
}

export function isOneOf(text: string, words: readonly string[]): boolean {
  const normalised = normaliseWord(text);
  return words.some((word) => normaliseWord(word) === normalised);
}

/** The text after a leading command word, in the reporter's own characters (not normalised). */
function afterPrefix(text: string, words: readonly string[]): string | undefined {
  const trimmed = text.trim();
  const lower = trimmed.normalize('NFKC').toLowerCase();
  const byLength = [...words].map((word) => word.toLowerCase()).sort((a, b) => b.length - a.length);
  const word = byLength.find((candidate) => lower.startsWith(candidate));
  if (word === undefined) return undefined;
  let cut = 1;
  while (cut < trimmed.length && trimmed.slice(0, cut).normalize('NFKC').toLowerCase() !== word) cut += 1;
  return trimmed.slice(cut).replace(ARGUMENT_SEPARATORS, '').trim();
}

/**
 * Commands outside a dialog. 查询/咨询/补充/复查 work as prefixes (咨询 打井要办什么手续); 举报 also
 * inside a sentence (我要举报), and a long sentence around it is kept whole as the description.
 */
export function recogniseCommand(text: string, words: Words): Command | undefined {
  if (isOneOf(text, words.help)) return { kind: 'help', argument: '' };
  for (const kind of ['query', 'consult', 'supplement', 'review', 'report'] as const) {
    if (isOneOf(text, words[kind])) return { kind, argument: '' };
    const argument = afterPrefix(text, words[kind]);
    if (argument !== undefined) return { kind, argument };
  }
  const normalised = normaliseWord(text);
  if (words.report.some((word) => normalised.includes(normaliseWord(word)))) {
    return { kind: 'report', argument: text.trim().length >= PROBLEM_MIN_LENGTH ? text.trim() : '' };
  }
  return undefined;
}

/** 「3」「３」「三」「第3个」「③」 → 3. */
export function parseChoiceNumber(text: string): number | undefined {
  const match = /^第?([1-9]|[一二三四五六七八九])(个|项|类|号)?$/.exec(normaliseWord(text));
  if (!match?.[1]) return undefined;
  const digit = match[1];
  return /\d/.test(digit) ? Number(digit) : CHINESE_DIGITS.indexOf(digit) + 1;
}

export function isCategoryCode(code: string): code is CategoryCode {
  return (CATEGORY_CODES as readonly string[]).includes(code);
}

/** By number, by (part of) the category's name, or by a word typical of it (停水 → 农村饮水). */
export function recogniseCategory(
  text: string,
  categories: readonly CategoryOption[],
  words: Words,
): CategoryCode | undefined {
  const number = parseChoiceNumber(text);
  if (number !== undefined) {
    const code = categories[number - 1]?.code;
    return code !== undefined && isCategoryCode(code) ? code : undefined;
  }
  const normalised = normaliseWord(text);
  if (normalised.length < 2) return undefined;
  // Keywords first: 水库 alone is a dam (project), although it is also part of 水库移民问题.
  const byKeyword = pickByKeyword(normalised, words);
  if (byKeyword) return byKeyword;
  const byName = categories.filter(
    (category) =>
      category.name.includes(normalised) || normalised.includes(category.name.replace(/问题$/, '')),
  );
  return byName.length === 1 && byName[0] && isCategoryCode(byName[0].code) ? byName[0].code : undefined;
}

/** The longest keyword decides; a tie between two categories is left to the reporter. */
function pickByKeyword(normalised: string, words: Words): CategoryCode | undefined {
  let best: { code: CategoryCode; length: number; tied: boolean } | undefined;
  for (const code of CATEGORY_CODES) {
    for (const word of words.categories[code]) {
      if (!normalised.includes(normaliseWord(word))) continue;
      if (!best || word.length > best.length) best = { code, length: word.length, tied: false };
      else if (word.length === best.length && code !== best.code) best.tied = true;
    }
  }
  return best && !best.tied ? best.code : undefined;
}

/** Long enough and with a problem word or a category word: worth offering the report dialog. */
export function looksLikeProblem(text: string, words: Words): boolean {
  if (text.trim().length < PROBLEM_MIN_LENGTH) return false;
  const normalised = normaliseWord(text);
  const problemWords = [
    ...words.problem,
    ...CATEGORY_CODES.filter((code) => code !== 'consult').flatMap((code) => words.categories[code]),
  ];
  return problemWords.some((word) => normalised.includes(normaliseWord(word)));
}

export function isLongEnoughForProblem(text: string): boolean {
  return text.trim().length >= PROBLEM_MIN_LENGTH;
}

/** 「sl2026 1123 000042」 → SL20261123000042; undefined when it is not a tracking number. */
export function parseTrackingNumber(text: string): string | undefined {
  const compact = text.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  return TRACKING_NUMBER.test(compact) ? compact : undefined;
}

/** Whether the argument of 查询 is an attempt at a number (so a wrong one deserves a hint). */
export function looksLikeNumberAttempt(text: string): boolean {
  return /\d|^sl/i.test(text.normalize('NFKC').trim());
}

/** 补充 SL20261123000042 水还是没来 → the number and the rest, in the reporter's own characters. */
export function splitTrackingNumber(text: string): { trackingNumber?: string; rest: string } {
  const match = /[SsＳｓ][LlＬｌ][0-9０-９]{14}/.exec(text);
  if (!match) return { rest: text.trim() };
  const rest = text.replace(match[0], '').replace(ARGUMENT_SEPARATORS, '').trim();
  return { trackingNumber: match[0].normalize('NFKC').toUpperCase(), rest };
}
