/**
 * Review requests (复查/复核, art. 13) as rows of the transition table. The reporter asks within a
 * window after the result; the center forwards the request to the department that handled the
 * case (复查), or to the general office when that department already reviewed it (复核); the
 * reviewer upholds, corrects, or sends the case back to handling (redo).
 */
import { AppError } from '../../http/app-error';
import {
  REVIEW_OUTCOMES,
  REVIEW_OUTCOME_LABELS,
  type CaseAction,
  type CaseState,
  type ReviewHandler,
  type ReviewOutcome,
  type ReviewRequest,
} from './case-types';
import { computeDeadline, maxExtendedHandleDeadline } from './deadlines';
import { HTML_TAG } from './description-rules';
import { closeSurvey, isSurveyOpen } from './survey-rules';
import { dueFor, required, type Rule, type TransitionContext } from './transition-support';
import { addWorkingDays } from './working-days';

export type ReviewAction = Extract<CaseAction, 'request-review' | 'forward-review' | 'decide-review'>;

export const REVIEW_REASON_MIN_CHARS = 5;
export const REVIEW_REASON_MAX_CHARS = 1000;
/** 复查 by the department, then 复核 by the general office; the 复核 decision is final. */
export const MAX_REVIEWS_PER_CASE = 2;

const isInReview = (state: Pick<CaseState, 'status'>) =>
  state.status === 'review_requested' || state.status === 'reviewing';

const reviewInProgress = () =>
  new AppError('review-in-progress', 409, '您的复查申请正在办理中，请耐心等待结果。');
const reviewNotAvailable = (message = '案件办结后才能申请复查。') =>
  new AppError('review-not-available', 409, message);

export function currentReview(state: Pick<CaseState, 'reviews'>): ReviewRequest | undefined {
  return state.reviews?.at(-1);
}

function replaceCurrent(state: CaseState, review: ReviewRequest): ReviewRequest[] {
  return [...(state.reviews ?? []).slice(0, -1), review];
}

/**
 * The last moment a review may be asked for: `requestWithin` working days after the result, or
 * after the last review decision (a reporter who learns the 复查 outcome may still ask for 复核).
 */
export function reviewWindowEnd(state: CaseState, ctx: TransitionContext): Date | undefined {
  const resultAt = state.resolution?.at;
  if (!resultAt) return undefined;
  const decidedAt = currentReview(state)?.decidedAt;
  const start = decidedAt && decidedAt > resultAt ? decidedAt : resultAt;
  return addWorkingDays(ctx.calendar, start, ctx.rules.review.requestWithin);
}

/** Why the reporter may not ask for a review now, or undefined when they may. */
export function findReviewRefusal(state: CaseState, ctx: TransitionContext): AppError | undefined {
  if (isInReview(state)) return reviewInProgress();
  if (state.status !== 'resolved' && state.status !== 'closed') return reviewNotAvailable();
  if (state.category === 'consult') {
    return reviewNotAvailable('咨询类事项不适用复查，如还有疑问，欢迎再次咨询。');
  }
  const windowEnd = reviewWindowEnd(state, ctx);
  if (!windowEnd || !state.assignment?.department) {
    return reviewNotAvailable('这个案件没有可以复查的办理结果。');
  }
  if ((state.reviews?.length ?? 0) >= MAX_REVIEWS_PER_CASE) {
    return new AppError('review-limit', 409, '这个案件已经过复查和复核，复核意见为最终意见。');
  }
  if (ctx.now > windowEnd) {
    return new AppError(
      'review-window-passed',
      409,
      `已超过申请复查的期限（办结后${ctx.rules.review.requestWithin}个工作日）。`,
    );
  }
  return undefined;
}

/** The reason as the reporter wrote it, or a 400 that says what is wrong. */
export function checkReviewReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < REVIEW_REASON_MIN_CHARS) {
    throw new AppError('invalid-input', 400, `请说明申请复查的理由（至少${REVIEW_REASON_MIN_CHARS}个字）。`);
  }
  if (text.length > REVIEW_REASON_MAX_CHARS) {
    throw new AppError('invalid-input', 400, `申请理由请不要超过${REVIEW_REASON_MAX_CHARS}个字。`);
  }
  if (HTML_TAG.test(text)) throw new AppError('invalid-input', 400, '申请理由里不能包含网页代码。');
  return text;
}

/** The department reviews first; a department that already reviewed this case is not asked again. */
export function chooseReviewHandler(state: CaseState): ReviewHandler {
  const department = state.assignment?.department;
  if (!department) throw reviewNotAvailable('这个案件没有承办司局，无法转交复查。');
  const reviewedBefore = (state.reviews ?? []).some(
    (review) =>
      review.state === 'decided' &&
      review.forwardedTo?.role === 'department' &&
      review.forwardedTo.department === department,
  );
  return reviewedBefore ? { role: 'office' } : { role: 'department', department };
}

function checkOutcome(outcome: string | undefined): ReviewOutcome {
  const known = REVIEW_OUTCOMES.find((candidate) => candidate === outcome);
  if (!known) throw new AppError('invalid-input', 400, '请选择复查结论：维持原结果、重新办理或已纠正。');
  return known;
}

/** A redo sends the case back to the same department with fresh handling deadlines (art. 10). */
function reopenForHandling(state: CaseState, ctx: TransitionContext): CaseState {
  const handle = computeDeadline(ctx.calendar, ctx.rules, 'handle', state.category === 'consult', ctx.now);
  return {
    ...state,
    status: 'handling',
    // The result under review no longer stands; the timeline keeps it.
    resolution: undefined,
    deadlines: {
      ...state.deadlines,
      handle,
      handleMax: maxExtendedHandleDeadline(ctx.calendar, ctx.rules, ctx.now),
    },
    extension: { grantedDays: 0 },
    due: dueFor('handle', handle, ctx),
  };
}

export const REVIEW_RULES: Record<ReviewAction, Rule> = {
  'request-review': {
    from: ['resolved', 'closed'],
    who: ['reporter'],
    visibleToReporter: true,
    eventType: 'review-requested',
    statusError: (state) => (isInReview(state) ? reviewInProgress() : reviewNotAvailable()),
    eventData: (_input, next) => ({ reviewDueAt: currentReview(next)?.dueAt }),
    apply: (state, input, ctx) => {
      const refusal = findReviewRefusal(state, ctx);
      if (refusal) throw refusal;
      const reason = checkReviewReason(input.reason);
      const request: ReviewRequest = {
        state: 'requested',
        reason,
        requestedAt: ctx.now,
        dueAt: addWorkingDays(ctx.calendar, ctx.now, ctx.rules.review.decide),
      };
      return {
        ...state,
        status: 'review_requested',
        reviews: [...(state.reviews ?? []), request],
        // The reporter's request says what an answer would: the survey of this result is over.
        survey: isSurveyOpen(state.survey) ? closeSurvey(state.survey, ctx) : state.survey,
        // Forwarding is the center's routing step, so it runs on an assign deadline (art. 7).
        due: dueFor('assign', addWorkingDays(ctx.calendar, ctx.now, ctx.rules.review.forward), ctx),
      };
    },
  },
  'forward-review': {
    from: ['review_requested'],
    who: ['center'],
    // Like an assignment, the reporter sees who now reviews and by when.
    visibleToReporter: true,
    eventType: 'review-forwarded',
    eventNote: (input, next) =>
      input.note?.trim() ||
      (currentReview(next)?.forwardedTo?.role === 'office' ? '已转办公厅复核' : '已转承办司局复查'),
    eventData: (_input, next) => ({ forwardedTo: currentReview(next)?.forwardedTo }),
    apply: (state, _input, ctx) => {
      const review = currentReview(state);
      if (review?.state !== 'requested') throw reviewNotAvailable('没有待转交的复查申请。');
      const forwarded: ReviewRequest = {
        ...review,
        state: 'forwarded',
        forwardedTo: chooseReviewHandler(state),
        forwardedAt: ctx.now,
      };
      return {
        ...state,
        status: 'reviewing',
        reviews: replaceCurrent(state, forwarded),
        due: dueFor('review', review.dueAt, ctx),
      };
    },
  },
  'decide-review': {
    from: ['reviewing'],
    who: ['department', 'office'],
    permits: (state, who) => who === currentReview(state)?.forwardedTo?.role,
    visibleToReporter: true,
    eventType: 'review-decided',
    eventNote: (input) => {
      const outcome = REVIEW_OUTCOMES.find((candidate) => candidate === input.outcome);
      return outcome && input.note ? `${REVIEW_OUTCOME_LABELS[outcome]}：${input.note.trim()}` : undefined;
    },
    eventData: (input) => ({ outcome: input.outcome }),
    apply: (state, input, ctx) => {
      const outcome = checkOutcome(input.outcome);
      const note = required(input, 'note', '复查意见');
      const review = currentReview(state);
      if (review?.state !== 'forwarded') throw reviewNotAvailable('没有待决定的复查。');
      const decided: ReviewRequest = { ...review, state: 'decided', outcome, note, decidedAt: ctx.now };
      const reviews = replaceCurrent(state, decided);
      if (outcome === 'redo') return { ...reopenForHandling(state, ctx), reviews };
      return { ...state, status: 'resolved', reviews, due: undefined };
    },
  },
};
