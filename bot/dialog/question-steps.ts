/**
 * The two one-question flows outside the report dialog: a consultation (咨询) and a supplement
 * to a case waiting for information (补充). Each waits for one free-text answer.
 */
import type { DialogContext, DialogInput, DialogStep, QuestionSession, ReportSession } from './dialog-types';
import { isOneOf } from './intents';
import { DESCRIPTION_MIN } from './report-steps';
import { fillText } from './text-format';

const QUESTION_MIN = 2;

export function waitForAnswer(flow: QuestionSession['flow'], trackingNumber?: string): QuestionSession {
  return { flow, ...(trackingNumber ? { trackingNumber } : {}), lastActiveAt: '' };
}

function isExactCommand(text: string, context: DialogContext): boolean {
  const { words } = context.texts;
  return [words.help, words.report, words.query, words.consult, words.supplement, words.review].some((list) =>
    isOneOf(text, list),
  );
}

/** The one answer a consult question or a supplement waits for; a command goes its own way. */
export function answerQuestion(
  session: QuestionSession,
  input: DialogInput,
  context: DialogContext,
): DialogStep | undefined {
  const { replies, words } = context.texts;
  if (input.kind === 'unheard-voice') return { session, replies: [replies.voiceNotRecognised] };
  if (input.kind !== 'text' || isExactCommand(input.text, context)) return undefined;
  if (isOneOf(input.text, words.cancel)) return { session: undefined, replies: [replies.stopped] };
  return session.flow === 'consult-question'
    ? consult(input.text, context)
    : attachSupplement(session.trackingNumber, input.text, context);
}

/** After the answers the reporter may file the question (提交) as a consultation case. */
export function consult(text: string, context: DialogContext): DialogStep {
  const question = text.trim();
  if (question.length < QUESTION_MIN) {
    return { session: waitForAnswer('consult-question'), replies: [context.texts.replies.consultTooShort] };
  }
  const offer: ReportSession = {
    flow: 'report',
    step: 'consult-offer',
    draft: {
      category: 'consult',
      photos: [],
      photosDone: false,
      ...(question.length >= DESCRIPTION_MIN ? { description: question } : {}),
    },
    lastActiveAt: '',
  };
  return { session: offer, replies: [], outcome: { type: 'consult', question } };
}

export function attachSupplement(
  trackingNumber: string | undefined,
  text: string,
  context: DialogContext,
): DialogStep {
  const { replies } = context.texts;
  const content = text.trim();
  if (content.length < QUESTION_MIN)
    return { session: waitForAnswer('supplement', trackingNumber), replies: [replies.supplementAsk] };
  return {
    session: undefined,
    replies: [fillText(replies.supplementReceived, { trackingNumber: trackingNumber ?? '' })],
    outcome: { type: 'supplement', ...(trackingNumber ? { trackingNumber } : {}), text: content },
  };
}
