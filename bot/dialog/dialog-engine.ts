/**
 * The intake chat engine: (session, inbound message, now, context) → (session, replies, outcome).
 * Pure: the channel adapters load and save the session, perform the outcome (submit the case,
 * list cases, search the knowledge base, attach a supplement) and render its result with
 * renderers.ts. Replies are sent in order, before the rendered result of the outcome.
 *
 * Decisions a reader may look for:
 * - Inside the report dialog, typed text always answers the current question; only 取消 and
 *   帮助/举报 (which re-ask the question) are commands. Menu taps 查询/咨询 leave the dialog.
 * - An out-of-scope report gets the referral at once and the dialog pauses: 继续 (the reporter
 *   insists it is a water matter) goes on to submission, anything else is handled afresh. The
 *   server flags scope again at intake, so staff still see the finding.
 * - On submit-case the returned session is undefined; if the submission fails, the adapter keeps
 *   the previous session so 确认 can simply be sent again.
 * - A survey answer (1–4, 满意…) means something only while the adapter says a survey is open
 *   (context.pendingSurvey); otherwise a bare number gets the usual hint.
 */
import { detectOutOfScope } from '../../server/cases/domain/out-of-scope';
import type {
  DialogContext,
  DialogInput,
  DialogSession,
  DialogStep,
  InboundChat,
  MenuKey,
  ReportSession,
  Signboard,
} from './dialog-types';
import {
  containsHtml,
  isLongEnoughForProblem,
  looksLikeNumberAttempt,
  looksLikeProblem,
  parseTrackingNumber,
  recogniseCommand,
  splitTrackingNumber,
  type Command,
} from './intents';
import { buildLocationPlace, enterNextStep, isValidCoordinate, repeatStep } from './report-prompts';
import { answerQuestion, attachSupplement, consult, waitForAnswer } from './question-steps';
import { DESCRIPTION_MIN, handleReportInput, startReport } from './report-steps';
import { handleSurveyInput, restartSurvey, startReview, startSurvey } from './survey-steps';
import { fillText } from './text-format';
import { DESCRIPTION_MAX_CHARS } from '../../server/cases/domain/description-rules';

/** The server's limit for a description; longer text is refused before it fills a draft. */
export const TEXT_MAX = DESCRIPTION_MAX_CHARS;

export function stepDialog(
  session: DialogSession | undefined,
  inbound: InboundChat,
  now: Date,
  context: DialogContext,
): DialogStep {
  const notices: string[] = [];
  const input = toDialogInput(inbound);
  let current = session;
  let result: DialogStep | undefined;
  if (current && isSessionExpired(current, now, context.sessionIdleMinutes)) {
    if (isReportInProgress(current)) {
      notices.push(fillText(context.texts.replies.expired, { minutes: context.sessionIdleMinutes }));
    }
    if (current.flow === 'survey') result = restartSurvey(current, input, context);
    current = undefined;
  }
  result ??= routeInput(current, input, context);
  return {
    ...result,
    session: result.session && { ...result.session, lastActiveAt: now.toISOString() },
    replies: [...notices, ...result.replies],
  };
}

/** Exported for the adapter, which looks up open surveys and supplements only outside a dialog. */
export function isSessionExpired(session: DialogSession, now: Date, idleMinutes: number): boolean {
  const last = Date.parse(session.lastActiveAt);
  // An unreadable time is treated as old: a stale draft is worse than asking again.
  return Number.isNaN(last) || now.getTime() - last > idleMinutes * 60_000;
}

function isReportInProgress(session: DialogSession | undefined): session is ReportSession {
  return session?.flow === 'report' && session.step !== 'scope-referral' && session.step !== 'consult-offer';
}

/** WeChat's speech recognition counts as typed text; without it the voice cannot be used. */
function toDialogInput(inbound: InboundChat): DialogInput {
  if (inbound.kind === 'voice') {
    const text = inbound.recognition?.trim();
    return text ? { kind: 'text', text } : { kind: 'unheard-voice' };
  }
  return inbound;
}

function routeInput(
  session: DialogSession | undefined,
  input: DialogInput,
  context: DialogContext,
): DialogStep {
  const { replies } = context.texts;
  if (input.kind === 'text') {
    if (input.text.length > TEXT_MAX) {
      return { session, replies: [fillText(replies.tooLong, { max: TEXT_MAX })] };
    }
    if (containsHtml(input.text)) return { session, replies: [replies.htmlRejected] };
  }
  if (input.kind === 'follow') return { session: undefined, replies: [replies.welcome] };
  if (input.kind === 'scene') return scanSignboard(session, input.signboard, context);
  if (input.kind === 'menu') return pressMenu(session, input.key, context);
  if (session?.flow === 'report')
    return handleReportInput(session, input, context) ?? handleIdle(input, context);
  if (session?.flow === 'survey' || session?.flow === 'review')
    return handleSurveyInput(session, input, context) ?? handleIdle(input, context);
  if (session) return answerQuestion(session, input, context) ?? handleIdle(input, context);
  return handleIdle(input, context);
}

/** A QR code on a river-chief signboard: the reporter is standing at that river. */
function scanSignboard(session: DialogSession | undefined, signboard: Signboard, context: DialogContext) {
  const greeting = fillText(context.texts.replies.signboardGreeting, {
    river: signboard.river,
    county: signboard.county,
  });
  if (!isReportInProgress(session)) return startReport(context, [greeting], { signboard });
  const next: ReportSession = { ...session, signboard };
  return next.step === 'place'
    ? enterNextStep(next, context, [greeting])
    : repeatStep(next, context, [greeting]);
}

function pressMenu(session: DialogSession | undefined, key: MenuKey, context: DialogContext): DialogStep {
  const { replies } = context.texts;
  const inReport = isReportInProgress(session);
  if (key === 'REPORT' || key === 'HELP') {
    if (inReport) return repeatStep(session, context, [replies.inDialogHelp]);
    return key === 'REPORT'
      ? startReport(context, [replies.reportStart])
      : { session: undefined, replies: [replies.help] };
  }
  const left = inReport ? [replies.dialogLeft] : [];
  if (key === 'QUERY') return { session: undefined, replies: left, outcome: { type: 'list-cases' } };
  return { session: waitForAnswer('consult-question'), replies: [...left, replies.consultAsk] };
}

function runCommand(command: Command, context: DialogContext): DialogStep {
  const { replies } = context.texts;
  const { argument } = command;
  switch (command.kind) {
    case 'help':
      return { session: undefined, replies: [replies.help] };
    case 'report':
      return argument.length >= DESCRIPTION_MIN
        ? startReport(context, [replies.reportStart], { description: argument })
        : startReport(context, [replies.reportStart]);
    case 'query': {
      const trackingNumber = parseTrackingNumber(argument);
      if (trackingNumber)
        return { session: undefined, replies: [], outcome: { type: 'show-case', trackingNumber } };
      // 「查询一下」 still means the list; 「查询 SL2026」 is a number typed wrong.
      if (looksLikeNumberAttempt(argument)) return { session: undefined, replies: [replies.queryBadNumber] };
      return { session: undefined, replies: [], outcome: { type: 'list-cases' } };
    }
    case 'consult':
      return argument
        ? consult(argument, context)
        : { session: waitForAnswer('consult-question'), replies: [replies.consultAsk] };
    case 'supplement': {
      const split = splitTrackingNumber(argument);
      return attachSupplement(
        split.trackingNumber ?? context.pendingSupplement?.trackingNumber,
        split.rest,
        context,
      );
    }
    case 'review':
      return startReview(argument, context, context.pendingSurvey?.trackingNumber);
  }
}

function handleIdle(input: DialogInput, context: DialogContext): DialogStep {
  const { replies } = context.texts;
  switch (input.kind) {
    case 'text':
      return handleIdleText(input.text, context);
    case 'image':
      // People at a river often send the photo first: keep it and start the report.
      return startReport(context, [replies.photoStart], { photos: [input.mediaRef] });
    case 'location':
      return isValidCoordinate(input.latitude, input.longitude)
        ? startReport(context, [replies.locationStart], {
            place: buildLocationPlace(input.latitude, input.longitude, input.label),
          })
        : { session: undefined, replies: [replies.unknownHint] };
    case 'unheard-voice':
      return { session: undefined, replies: [replies.voiceNotRecognised] };
    default:
      return { session: undefined, replies: [replies.help] };
  }
}

function handleIdleText(text: string, context: DialogContext): DialogStep {
  const { replies, words } = context.texts;
  const command = recogniseCommand(text, words);
  if (command) return runCommand(command, context);
  const trackingNumber = parseTrackingNumber(text);
  if (trackingNumber)
    return { session: undefined, replies: [], outcome: { type: 'show-case', trackingNumber } };
  const survey = context.pendingSurvey && startSurvey(context.pendingSurvey.trackingNumber, text, context);
  if (survey) return survey;
  if (context.pendingSupplement)
    return attachSupplement(context.pendingSupplement.trackingNumber, text, context);
  const isProblem =
    isLongEnoughForProblem(text) &&
    (looksLikeProblem(text, words) || detectOutOfScope(text, context.outOfScopeRules) !== null);
  if (isProblem) return startReport(context, [replies.freeTextOffer], { description: text.trim() });
  return { session: undefined, replies: [replies.unknownHint] };
}
