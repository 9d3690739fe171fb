/**
 * One chat turn, for every channel (the official account, the Wechaty process): load the user's
 * state, step the pure dialog engine, perform its outcome through the case and knowledge use
 * cases, render the result, save the state. Turns of one user run one at a time (a lease), so two
 * quick messages cannot overwrite each other's draft, on one server instance or several.
 */
import type { Logger } from 'pino';
import { isSessionExpired, stepDialog } from '../../bot/dialog/dialog-engine';
import type {
  DialogContext,
  DialogOutcome,
  DialogSession,
  InboundChat,
  KnownLocation,
} from '../../bot/dialog/dialog-types';
import {
  renderCaseList,
  renderCaseTimeline,
  renderConsultAnswers,
  renderReviewRequested,
  renderSubmitted,
  renderSurveyAnswered,
} from '../../bot/dialog/renderers';
import { parseTrackingNumber, recogniseCommand } from '../../bot/dialog/intents';
import { couldConcernSurvey } from '../../bot/dialog/survey-steps';
import { fillText } from '../../bot/dialog/text-format';
import type { CaseComponent } from '../cases/case-component';
import type { ReporterIdentity } from '../cases/reporter-supplement';
import type { ReviewUseCases } from '../cases/review-use-cases';
import type { SurveyUseCases } from '../cases/survey-use-cases';
import type { DocumentLocks } from '../db/document-lock';
import { AppError } from '../http/app-error';
import type { KnowledgeUseCases } from '../knowledge/knowledge-use-cases';
import type { ChatMedia } from './chat-media';
import type { ChatSessionRepository, ChatState } from './data-access/chat-session-repository';

export type ChatChannel = 'official_account' | 'wechaty';

export interface ChatTurn {
  channel: ChatChannel;
  /** The official account's openid, or the Wechaty contact id. */
  userId: string;
  inbound: InboundChat;
}

export interface ConversationDeps {
  context: DialogContext;
  sessions: ChatSessionRepository;
  media: ChatMedia;
  locks: DocumentLocks;
  cases: Pick<CaseComponent, 'intake' | 'queries' | 'reporterSupplement'> & {
    surveys: Pick<SurveyUseCases, 'findOpenSurvey' | 'answerSurvey'>;
    reviews: Pick<ReviewUseCases, 'requestReview'>;
  };
  knowledge: Pick<KnowledgeUseCases, 'searchEntries'>;
  logger: Logger;
  now: () => Date;
}

/** A LOCATION event is offered as the place only while it is this fresh. */
const LOCATION_FRESH_MS = 60 * 60_000;
const LEASE_WAIT_MS = 3_000;
const LEASE_POLL_MS = 25;
const CONSULT_RESULTS = 3;

export function reporterIdentityOf(channel: ChatChannel, userId: string): ReporterIdentity {
  return channel === 'official_account'
    ? { kind: 'openid', value: userId }
    : { kind: 'chat', value: `${channel}:${userId}` };
}

const stateKey = (channel: ChatChannel, userId: string) => `${channel}:${userId}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Performed {
  replies: string[];
  /** The answer was refused but may be sent again: keep the session from before this turn. */
  keepPreviousSession?: boolean;
}

/** A refusal the use case words for the reporter (already answered, too late…) is said as is. */
async function sayRefusal(work: () => Promise<Performed>): Promise<Performed> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || !error.expose) throw error;
    // A 400 refuses the answer itself (a comment too long): the question stays open.
    return { replies: [error.message], keepPreviousSession: error.status === 400 };
  }
}

export function createConversationUseCases(deps: ConversationDeps) {
  const { texts } = deps.context;

  /** Runs `work` alone for this user; waits a little for a turn in flight rather than failing. */
  async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + LEASE_WAIT_MS;
    for (;;) {
      const lease = await deps.locks.tryAcquire(`chat:${key}`, 30_000);
      if (lease) {
        try {
          return await work();
        } finally {
          await deps.locks.release(lease);
        }
      }
      if (Date.now() > giveUpAt) throw new AppError('chat-busy', 503, texts.replies.busy);
      await sleep(LEASE_POLL_MS);
    }
  }

  async function buildContext(turn: ChatTurn, state: ChatState, now: Date): Promise<DialogContext> {
    const context: DialogContext = { ...deps.context };
    const location = state.lastLocation;
    if (location && now.getTime() - new Date(location.at).getTime() < LOCATION_FRESH_MS) {
      context.lastLocation = {
        latitude: location.latitude,
        longitude: location.longitude,
        label: location.label,
      };
    }
    // Each lookup scans the reporter's cases on FerretDB, so only text outside a dialog that
    // could need it looks: a survey answer (1–4, 满意…) or 复查 for an open survey; other free
    // text (not a command, not a tracking number) for a case waiting for information.
    const text = textOutsideDialog(turn.inbound, state, now);
    if (text === undefined) return context;
    const identity = reporterIdentityOf(turn.channel, turn.userId);
    const { words } = deps.context.texts;
    if (couldConcernSurvey(text, words)) {
      const open = await deps.cases.surveys.findOpenSurvey(identity);
      if (open) {
        context.pendingSurvey = { trackingNumber: open.trackingNumber };
        return context;
      }
    }
    if (!recogniseCommand(text, words) && !parseTrackingNumber(text)) {
      const pending = await deps.cases.reporterSupplement.findPendingSupplement(identity);
      if (pending) context.pendingSupplement = { trackingNumber: pending };
    }
    return context;
  }

  /** Typed text, or speech WeChat recognised, when no dialog is live (none, or left idle too long). */
  function textOutsideDialog(inbound: InboundChat, state: ChatState, now: Date): string | undefined {
    if (state.session && !isSessionExpired(state.session, now, deps.context.sessionIdleMinutes)) {
      return undefined;
    }
    if (inbound.kind === 'text') return inbound.text;
    return inbound.kind === 'voice' ? inbound.recognition?.trim() || undefined : undefined;
  }

  /** Performs the outcome; returns the replies to add and whether the new session may be kept. */
  async function perform(turn: ChatTurn, outcome: DialogOutcome, now: Date): Promise<Performed> {
    const identity = reporterIdentityOf(turn.channel, turn.userId);
    const { replies } = texts;
    switch (outcome.type) {
      case 'submit-case': {
        const { photoIds, missing } = await deps.media.resolvePhotos(outcome.draft.photos);
        const reporterIds =
          turn.channel === 'official_account'
            ? { officialAccountOpenid: turn.userId }
            : { chatUserId: identity.value };
        try {
          const result = await deps.cases.intake.submitCase(
            {
              channel: turn.channel,
              ...outcome.draft,
              photos: photoIds,
              reporter: { ...outcome.draft.reporter, ...reporterIds },
            },
            { kind: 'reporter' },
          );
          const submitted = renderSubmitted(result.case.trackingNumber, texts);
          return {
            replies:
              missing > 0 ? [submitted, fillText(replies.photosMissing, { count: missing })] : [submitted],
          };
        } catch (error) {
          if (error instanceof AppError && error.expose) {
            return {
              replies: [fillText(replies.submitRejected, { reason: error.message })],
              keepPreviousSession: true,
            };
          }
          deps.logger.error({ err: error, channel: turn.channel }, 'chat submission failed');
          return { replies: [replies.submitFailed], keepPreviousSession: true };
        }
      }
      case 'list-cases': {
        const cases = await deps.cases.queries.listCasesForReporter(identity);
        return { replies: [renderCaseList(cases, now, texts)] };
      }
      case 'show-case': {
        try {
          const view = await deps.cases.queries.getCaseForReporter(identity, outcome.trackingNumber);
          return { replies: [renderCaseTimeline(view.handledAs ?? view, texts)] };
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return { replies: [replies.caseNotFound] };
          throw error;
        }
      }
      case 'consult': {
        const ranked = await deps.knowledge.searchEntries(outcome.question, CONSULT_RESULTS);
        return {
          replies: [
            renderConsultAnswers(
              ranked.map(({ entry }) => entry),
              texts,
            ),
          ],
        };
      }
      case 'supplement': {
        try {
          await deps.cases.reporterSupplement.supplementCase(identity, outcome.trackingNumber, outcome.text);
          return { replies: [] };
        } catch (error) {
          if (error instanceof AppError && error.status === 404)
            return { replies: [replies.supplementNoCase] };
          throw error;
        }
      }
      case 'answer-survey':
        return sayRefusal(async () => {
          const { trackingNumber, answer } = outcome;
          const result = await deps.cases.surveys.answerSurvey(
            identity,
            trackingNumber,
            answer,
            turn.channel,
          );
          return { replies: [renderSurveyAnswered(result.offerReview, texts)] };
        });
      case 'request-review':
        return sayRefusal(async () => {
          const { trackingNumber, reason } = outcome;
          const request = await deps.cases.reviews.requestReview(identity, trackingNumber, reason);
          return { replies: [renderReviewRequested(request, texts)] };
        });
    }
  }

  /** One message in, the replies to send back in order. */
  async function handleTurn(turn: ChatTurn): Promise<string[]> {
    const key = stateKey(turn.channel, turn.userId);
    return oneAtATime(key, async () => {
      const now = deps.now();
      const state = await deps.sessions.load(key);
      const step = stepDialog(state.session, turn.inbound, now, await buildContext(turn, state, now));
      let session: DialogSession | undefined = step.session;
      let replies = step.replies;
      if (step.outcome) {
        const done = await perform(turn, step.outcome, now);
        // A supplement is only confirmed once it is attached.
        if (step.outcome.type === 'supplement' && done.replies.length > 0) replies = [];
        replies = [...replies, ...done.replies];
        if (done.keepPreviousSession) session = state.session;
      }
      await deps.sessions.save(key, { ...state, session }, now);
      return replies;
    });
  }

  /** A LOCATION event: no reply, but the position pre-fills the next report's place. */
  async function rememberLocation(
    channel: ChatChannel,
    userId: string,
    location: KnownLocation,
  ): Promise<void> {
    const key = stateKey(channel, userId);
    await oneAtATime(key, async () => {
      const now = deps.now();
      const state = await deps.sessions.load(key);
      await deps.sessions.save(key, { ...state, lastLocation: { ...location, at: now } }, now);
    });
  }

  return { handleTurn, rememberLocation };
}

export type ConversationUseCases = ReturnType<typeof createConversationUseCases>;
