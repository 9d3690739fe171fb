/**
 * The satisfaction survey (满意度回访) of a resolved case, and the review request (复查).
 *
 * The survey asks four short questions: satisfaction 1–4, solved 1–3, stars 1–5, then an
 * optional comment. Nothing is stored before the last answer, which ends in one answer-survey
 * outcome. It starts only when the adapter found an open survey (context.pendingSurvey) and the
 * message already answers the first question, as the invitation asks (回复1非常满意…4不满意).
 *
 * 复查 asks for a reason. Whether the reporter may still ask, and about which case, is for the
 * review use case to decide; the engine passes the tracking number only when it knows it.
 *
 * Inside the survey, 取消 leaves it (it can be answered later) and 帮助 explains it. At the
 * numbered questions any command leaves; the comment and the reason are free text, so there
 * only a command word on its own does.
 */
import type {
  DialogContext,
  DialogInput,
  DialogStep,
  ReviewSession,
  SurveyAnswer,
  SurveySession,
} from './dialog-types';
import {
  isOneOf,
  normaliseWord,
  parseChoiceNumber,
  recogniseCommand,
  splitTrackingNumber,
  type Command,
} from './intents';
import { fillText, joinLines } from './text-format';
import { REVIEW_REASON_MIN_CHARS } from '../../server/cases/domain/review-rules';

type Words = DialogContext['texts']['words'];

/** In the order the questions number them. */
const SATISFACTION = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
] as const satisfies readonly SurveyAnswer['satisfaction'][];
const SOLVED = ['solved', 'partly', 'unsolved'] as const satisfies readonly SurveyAnswer['solved'][];
const STARS = [1, 2, 3, 4, 5] as const satisfies readonly SurveyAnswer['stars'][];

/** The server's minimum: asking here keeps the reporter from a late refusal. */
export const REVIEW_REASON_MIN = REVIEW_REASON_MIN_CHARS;

/** 「4不满意」「4. 不满意」: the number and the word of the same answer, as the invitation lists them. */
const NUMBERED_WORD = /^([1-9一二三四五六七八九])[.、:：]?(.+)$/;
const STAR_SIGNS = /^[★⭐]+$/u;
const STAR_UNIT = /(颗星|颗|星|分)$/;

/** By its number in the question (「4」「四」), by one of its words (不满意), or by both. */
function recogniseAnswer<T extends string>(
  text: string,
  order: readonly T[],
  words: Readonly<Record<T, readonly string[]>>,
): T | undefined {
  const number = parseChoiceNumber(text);
  if (number !== undefined) return order[number - 1];
  const byWord = order.find((answer) => isOneOf(text, words[answer]));
  if (byWord !== undefined) return byWord;
  const numbered = NUMBERED_WORD.exec(normaliseWord(text));
  if (!numbered?.[1] || !numbered[2]) return undefined;
  const answer = order[(parseChoiceNumber(numbered[1]) ?? 0) - 1];
  return answer !== undefined && isOneOf(numbered[2], words[answer]) ? answer : undefined;
}

/** 「5」「五星」「5颗星」「5分」「★★★★★」 → 5. */
function recogniseStars(text: string): SurveyAnswer['stars'] | undefined {
  const normalised = normaliseWord(text).replace(/\uFE0F/g, '');
  const count = STAR_SIGNS.test(normalised)
    ? Array.from(normalised).length
    : parseChoiceNumber(normalised.replace(STAR_UNIT, ''));
  return count === undefined ? undefined : STARS[count - 1];
}

function recogniseSatisfaction(text: string, words: Words) {
  return recogniseAnswer(text, SATISFACTION, words.surveySatisfaction);
}

/** Whether the adapter should look for an open survey: the text answers the first question or is 复查. */
export function couldConcernSurvey(text: string, words: Words): boolean {
  return recogniseSatisfaction(text, words) !== undefined || recogniseCommand(text, words)?.kind === 'review';
}

function promptFor(session: SurveySession, context: DialogContext): string {
  const { replies } = context.texts;
  switch (session.step) {
    case 'satisfaction':
      return fillText(replies.surveySatisfactionPrompt, { trackingNumber: session.trackingNumber });
    case 'solved':
      return replies.surveySolvedPrompt;
    case 'stars':
      return replies.surveyStarsPrompt;
    case 'comment':
      return replies.surveyCommentPrompt;
  }
}

/** The reporter answered the invitation (「4」, 「不满意」): on to whether the problem was solved. */
export function startSurvey(
  trackingNumber: string,
  text: string,
  context: DialogContext,
): DialogStep | undefined {
  const satisfaction = recogniseSatisfaction(text, context.texts.words);
  if (satisfaction === undefined) return undefined;
  const session: SurveySession = {
    flow: 'survey',
    step: 'solved',
    trackingNumber,
    answer: { satisfaction },
    lastActiveAt: '',
  };
  const started = fillText(context.texts.replies.surveyStarted, { trackingNumber });
  return { session, replies: [joinLines(started, promptFor(session, context))] };
}

/**
 * A late answer to a survey left idle too long: which question it meant is unknown, so the
 * survey starts over. Anything else is handled afresh (undefined).
 */
export function restartSurvey(
  expired: SurveySession,
  input: DialogInput,
  context: DialogContext,
): DialogStep | undefined {
  if (input.kind !== 'text') return undefined;
  const { words, replies } = context.texts;
  const looksLikeAnswer =
    recogniseSatisfaction(input.text, words) !== undefined ||
    recogniseAnswer(input.text, SOLVED, words.surveySolved) !== undefined ||
    recogniseStars(input.text) !== undefined;
  if (!looksLikeAnswer) return undefined;
  const session: SurveySession = { ...expired, step: 'satisfaction', answer: {} };
  const notice = fillText(replies.surveyExpired, { minutes: context.sessionIdleMinutes });
  return { session, replies: [joinLines(notice, promptFor(session, context))] };
}

/** The next message inside the survey or the review; undefined when it is for something else. */
export function handleSurveyInput(
  session: SurveySession | ReviewSession,
  input: DialogInput,
  context: DialogContext,
): DialogStep | undefined {
  const { replies, words } = context.texts;
  if (input.kind === 'unheard-voice') return { session, replies: [replies.voiceNotRecognised] };
  if (input.kind !== 'text') return undefined;
  if (isOneOf(input.text, words.cancel)) {
    return {
      session: undefined,
      replies: [session.flow === 'survey' ? replies.surveyLater : replies.stopped],
    };
  }
  return session.flow === 'survey'
    ? answerSurvey(session, input.text, context)
    : answerReview(session, input.text, context);
}

/** In free text a command counts only as the word on its own: 「补充一点：…」 is a comment. */
const isBareCommand = (command: Command | undefined): command is Command => command?.argument === '';

function answerSurvey(session: SurveySession, text: string, context: DialogContext): DialogStep | undefined {
  const { replies, words } = context.texts;
  if (isOneOf(text, words.help)) {
    const help = fillText(replies.surveyHelp, { trackingNumber: session.trackingNumber });
    return { session, replies: [joinLines(help, promptFor(session, context))] };
  }
  const command = recogniseCommand(text, words);
  if (session.step === 'comment') {
    if (!isBareCommand(command)) return finishSurvey(session, text, context);
    return command.kind === 'review' ? startReview('', context, session.trackingNumber) : undefined;
  }
  if (command) {
    return command.kind === 'review'
      ? startReview(command.argument, context, session.trackingNumber)
      : undefined;
  }
  const next = recordChoice(session, text, words);
  if (!next) return { session, replies: [joinLines(replies.surveyRetry, promptFor(session, context))] };
  return { session: next, replies: [promptFor(next, context)] };
}

function recordChoice(session: SurveySession, text: string, words: Words): SurveySession | undefined {
  const { answer } = session;
  switch (session.step) {
    case 'satisfaction': {
      const satisfaction = recogniseSatisfaction(text, words);
      return satisfaction && { ...session, step: 'solved', answer: { ...answer, satisfaction } };
    }
    case 'solved': {
      const solved = recogniseAnswer(text, SOLVED, words.surveySolved);
      return solved && { ...session, step: 'stars', answer: { ...answer, solved } };
    }
    case 'stars': {
      const stars = recogniseStars(text);
      return stars && { ...session, step: 'comment', answer: { ...answer, stars } };
    }
    case 'comment':
      return undefined;
  }
}

function finishSurvey(session: SurveySession, text: string, context: DialogContext): DialogStep {
  const { satisfaction, solved, stars } = session.answer;
  if (!satisfaction || !solved || !stars) {
    // Only a damaged session gets here: asking again beats storing a guess.
    const restarted: SurveySession = { ...session, step: 'satisfaction', answer: {} };
    return { session: restarted, replies: [promptFor(restarted, context)] };
  }
  const comment = isOneOf(text, context.texts.words.surveySkip) ? '' : text.trim();
  const answer: SurveyAnswer = { satisfaction, solved, stars, ...(comment ? { comment } : {}) };
  return {
    session: undefined,
    replies: [],
    outcome: { type: 'answer-survey', trackingNumber: session.trackingNumber, answer },
  };
}

function waitForReason(trackingNumber: string | undefined): ReviewSession {
  return { flow: 'review', ...(trackingNumber ? { trackingNumber } : {}), lastActiveAt: '' };
}

function reviewRequest(trackingNumber: string | undefined, reason: string): DialogStep {
  return {
    session: undefined,
    replies: [],
    outcome: { type: 'request-review', ...(trackingNumber ? { trackingNumber } : {}), reason },
  };
}

/**
 * 复查, 复查 <reason> or 复查 SL… <reason>. A case named in the message goes before the one
 * the reporter was asked about; a reason too thin to act on is asked for.
 */
export function startReview(argument: string, context: DialogContext, trackingNumber?: string): DialogStep {
  const split = splitTrackingNumber(argument);
  const target = split.trackingNumber ?? trackingNumber;
  if (split.rest.length < REVIEW_REASON_MIN) {
    return { session: waitForReason(target), replies: [context.texts.replies.reviewAsk] };
  }
  return reviewRequest(target, split.rest);
}

function answerReview(session: ReviewSession, text: string, context: DialogContext): DialogStep | undefined {
  const { replies, words } = context.texts;
  if (isOneOf(text, words.help)) return { session, replies: [replies.reviewHelp] };
  const command = recogniseCommand(text, words);
  if (command?.kind === 'review') return startReview(command.argument, context, session.trackingNumber);
  if (isBareCommand(command)) return undefined;
  const reason = text.trim();
  if (reason.length < REVIEW_REASON_MIN) {
    return { session, replies: [fillText(replies.reviewTooShort, { min: REVIEW_REASON_MIN })] };
  }
  return reviewRequest(session.trackingNumber, reason);
}
