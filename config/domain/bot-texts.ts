/**
 * Every string the chat bot says, and the words it understands, from bot-texts.json. Staff edit
 * the wording by hand, so each reply's {placeholders} are checked against the ones the code fills
 * in: a typo such as {trackingNo} fails at start-up instead of reaching a citizen as is.
 */
import { z } from 'zod';
import { CATEGORY_CODES } from '../../server/cases/domain/case-types';
import { ConfigError } from '../load-config';
import bundledTexts from './bot-texts.json';

const PLACEHOLDER = /\{([^{}]*)\}/g;

function template(...allowed: string[]) {
  return z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      for (const [, name] of value.matchAll(PLACEHOLDER)) {
        if (!allowed.includes(name ?? '')) {
          const expected = allowed.length > 0 ? allowed.map((a) => `{${a}}`).join(', ') : 'none';
          ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}} (allowed: ${expected})` });
        }
      }
    });
}

const plain = template();
const words = z.array(z.string().trim().min(1)).min(1);

/** The answers to one question: a word listed under two of them could not tell them apart. */
function distinctAnswers(answers: Record<string, string[]>, ctx: z.RefinementCtx): void {
  const owner = new Map<string, string>();
  for (const [key, list] of Object.entries(answers)) {
    for (const word of list) {
      const normalised = word.normalize('NFKC').toLowerCase();
      const first = owner.get(normalised);
      if (first === undefined) owner.set(normalised, key);
      else if (first !== key) {
        ctx.addIssue({ code: 'custom', path: [key], message: `"${word}" is also listed under ${first}` });
      }
    }
  }
}

export const botTextsSchema = z.object({
  version: z.literal(1),
  replies: z.object({
    welcome: plain,
    help: plain,
    unknownHint: plain,
    expired: template('minutes'),
    dialogLeft: plain,
    tooLong: template('max'),
    htmlRejected: plain,
    voiceNotRecognised: plain,
    reportStart: plain,
    freeTextOffer: plain,
    photoStart: plain,
    locationStart: plain,
    signboardGreeting: template('river', 'county'),
    inDialogHelp: plain,
    categoryPrompt: template('list'),
    categoryLine: template('number', 'name', 'hint'),
    categoryRetry: plain,
    descriptionPrompt: plain,
    consultQuestionPrompt: plain,
    descriptionTooShort: template('min'),
    placePrompt: plain,
    placeSignboardProposal: template('river', 'county'),
    placeLastLocationProposal: template('label'),
    addressTooShort: plain,
    addressTooLong: template('max'),
    signboardAddress: template('river', 'county', 'signboardId'),
    placeCoordinates: plain,
    placeKept: plain,
    photosPrompt: template('max'),
    photoReceived: template('count', 'remaining', 'max'),
    photosFull: template('count', 'max'),
    photoKept: template('count'),
    photoLimit: template('max'),
    photosDoneHint: plain,
    photosRetry: plain,
    photosCleared: plain,
    contactPrompt: plain,
    contactRetry: plain,
    summaryHeader: plain,
    summaryLine: template('number', 'label', 'value'),
    summaryFooter: plain,
    summaryRetry: plain,
    fieldCategory: plain,
    fieldDescription: plain,
    fieldPlace: plain,
    fieldPhotos: plain,
    fieldContact: plain,
    photoCount: template('count'),
    noPhotos: plain,
    anonymous: plain,
    editPrompt: template('options'),
    editOption: template('number', 'label'),
    editRetry: plain,
    cancelled: plain,
    stopped: plain,
    outOfScopeContinue: plain,
    queryBadNumber: plain,
    consultAsk: plain,
    consultTooShort: plain,
    supplementAsk: plain,
    supplementReceived: template('trackingNumber'),
    surveyStarted: template('trackingNumber'),
    surveySatisfactionPrompt: template('trackingNumber'),
    surveySolvedPrompt: plain,
    surveyStarsPrompt: plain,
    surveyCommentPrompt: plain,
    surveyRetry: plain,
    surveyHelp: template('trackingNumber'),
    surveyLater: plain,
    surveyExpired: template('minutes'),
    reviewAsk: plain,
    reviewTooShort: template('min'),
    reviewHelp: plain,
    submitted: template('trackingNumber'),
    caseListHeader: template('total'),
    caseListLine: template('trackingNumber', 'statusLabel', 'due'),
    caseListDue: template('date'),
    caseListOverdue: template('date'),
    caseListMore: template('shown'),
    caseListFooter: plain,
    caseListEmpty: plain,
    timelineHeader: template('trackingNumber', 'statusLabel'),
    timelineLine: template('time', 'label'),
    timelineNote: template('note'),
    timelineDue: template('date'),
    timelineEarlier: template('count'),
    consultAnswer: template('question', 'answer'),
    consultNone: plain,
    consultOffer: plain,
    surveyThanks: plain,
    reviewOffer: plain,
    reviewRequested: template('trackingNumber', 'date'),
    // said by the channel adapters, not the dialog engine
    submitFailed: plain,
    submitRejected: template('reason'),
    photosMissing: template('count'),
    caseNotFound: plain,
    supplementNoCase: plain,
    busy: plain,
    unsupportedMessage: plain,
    miniprogramLink: plain,
  }),
  /** Timeline event types (received + the case actions) as the reporter reads them. */
  eventLabels: z.record(z.string(), plain),
  fallbackEventLabel: plain,
  /** Matched after NFKC, lower-casing and dropping spaces and end punctuation. */
  words: z.object({
    report: words,
    query: words,
    consult: words,
    help: words,
    supplement: words,
    cancel: words,
    confirm: words,
    edit: words,
    back: words,
    yes: words,
    no: words,
    photosDone: words,
    anonymous: words,
    continue: words,
    fileConsult: words,
    review: words,
    /** Answers to the survey's questions besides their numbers; one word belongs to one answer. */
    surveySatisfaction: z
      .object({ very_satisfied: words, satisfied: words, basically_satisfied: words, dissatisfied: words })
      .superRefine(distinctAnswers),
    surveySolved: z.object({ solved: words, partly: words, unsolved: words }).superRefine(distinctAnswers),
    surveySkip: words,
    /** With a length threshold, marks free text as a problem worth offering the report dialog. */
    problem: words,
    /** Every category must be listed so a new category cannot be forgotten here. */
    categories: z.record(z.enum(CATEGORY_CODES), words),
  }),
});

export type BotTexts = Readonly<z.infer<typeof botTextsSchema>>;

/** Validates the parsed JSON; throws a ConfigError listing every problem. */
export function parseBotTexts(json: unknown): BotTexts {
  const parsed = botTextsSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `bot-texts.json ${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return Object.freeze(parsed.data);
}

/** The texts shipped in config/domain/bot-texts.json. */
export function loadBotTexts(): BotTexts {
  return parseBotTexts(bundledTexts);
}
