/**
 * The satisfaction survey (满意度回访, art. 12) as rows of the transition table: the platform
 * invites the reporter as soon as a department's result (or a consultation's answer) is in,
 * reminds once, and closes the survey as unanswered; the reporter answers once. None of these
 * steps changes the case's status: the survey runs beside the result, also after archiving.
 */
import { AppError } from '../../http/app-error';
import {
  SATISFACTION_LABELS,
  SOLVED_LABELS,
  type CaseAction,
  type CaseState,
  type CaseStatus,
  type Survey,
  type SurveyAnswer,
} from './case-types';
import type { Rule, TransitionContext } from './transition-support';
import { addWorkingDays, startOfShanghaiDay, toShanghaiDay, type WorkingCalendar } from './working-days';

export type SurveyAction = Extract<
  CaseAction,
  'invite-survey' | 'answer-survey' | 'remind-survey' | 'close-survey'
>;

/** Statuses with a result standing: only then is a survey open (a review request closes it). */
export const RESULT_STATUSES: readonly CaseStatus[] = ['resolved', 'answered', 'closed'];

/** A reminder is a message on the reporter's phone: it goes out in the morning, never at midnight. */
const REMINDER_HOUR_SHANGHAI = 9;
const HOUR_MS = 60 * 60 * 1000;

export const surveyNotFound = () =>
  new AppError('survey-not-found', 404, '没有找到这次满意度回访，链接可能已经失效。');
export const surveyAnswered = () => new AppError('survey-answered', 409, '您已经评价过了，感谢您的反馈。');
export const surveyEnded = () => new AppError('survey-closed', 409, '回访已结束，感谢您的关注。');

export function isSurveyOpen(survey: Survey | undefined): survey is Survey {
  return survey?.state === 'invited' || survey?.state === 'reminded';
}

/**
 * When the one reminder goes out: the morning of the first working day after `remindAfter` whole
 * working days without an answer (the day of the invitation does not count, as for every deadline).
 */
export function surveyReminderTime(calendar: WorkingCalendar, invitedAt: Date, remindAfter: number): Date {
  const day = toShanghaiDay(addWorkingDays(calendar, invitedAt, remindAfter + 1));
  return new Date(startOfShanghaiDay(day).getTime() + REMINDER_HOUR_SHANGHAI * HOUR_MS);
}

/** The survey closes as unanswered at the end of the `closeAfterReminder`-th working day after the reminder. */
export function surveyCloseTime(
  calendar: WorkingCalendar,
  remindedAt: Date,
  closeAfterReminder: number,
): Date {
  return addWorkingDays(calendar, remindedAt, closeAfterReminder);
}

/** A result without its survey: the invitation right after it did not happen (crash, busy case). */
export function needsSurveyInvitation(state: CaseState): boolean {
  const resultAt = state.resolution?.at;
  if (!resultAt || (state.status !== 'resolved' && state.status !== 'answered')) return false;
  return state.survey?.resultAt.getTime() !== resultAt.getTime();
}

/** An answer that asks for more than thanks: the use case offers a review request (art. 13). */
export function isDissatisfied(answer: Pick<SurveyAnswer, 'satisfaction' | 'solved'>): boolean {
  return answer.satisfaction === 'dissatisfied' || answer.solved === 'unsolved';
}

function openSurveyOf(state: CaseState): Survey {
  const { survey } = state;
  if (!survey) throw surveyNotFound();
  if (survey.state === 'answered') throw surveyAnswered();
  if (survey.state === 'closed') throw surveyEnded();
  return survey;
}

/** A closed survey keeps its token hash: a late answer by the old link then gets "已结束", not 404. */
export function closeSurvey(survey: Survey, ctx: TransitionContext): Survey {
  return { ...survey, state: 'closed', nextAt: undefined, closedAt: ctx.now };
}

export const SURVEY_RULES: Record<SurveyAction, Rule> = {
  'invite-survey': {
    from: ['resolved', 'answered'],
    who: ['system'],
    visibleToReporter: true,
    eventType: 'survey-invited',
    eventNote: () => '请您对办理结果进行评价',
    apply: (state, input, ctx) => {
      const resultAt = state.resolution?.at;
      if (!resultAt || !input.surveyTokenHash) {
        throw new AppError('invalid-transition', 409, '这个案件还没有可以评价的办理结果。');
      }
      if (state.survey && state.survey.resultAt.getTime() === resultAt.getTime()) {
        throw new AppError('survey-already-invited', 409, '这个办理结果已经发出过满意度回访。');
      }
      const remindAfter = ctx.rules.survey.remindAfter;
      return {
        ...state,
        survey: {
          state: 'invited',
          tokenHash: input.surveyTokenHash,
          resultAt,
          invitedAt: ctx.now,
          nextAt: surveyReminderTime(ctx.calendar, ctx.now, remindAfter),
        },
      };
    },
  },
  'answer-survey': {
    from: RESULT_STATUSES,
    who: ['reporter'],
    // The reporter sees their own rating among the steps (seed 004: "rated 21:44").
    visibleToReporter: true,
    eventType: 'survey-answered',
    statusError: (state) => (state.survey ? surveyEnded() : surveyNotFound()),
    eventNote: (input) => {
      const answer = input.surveyAnswer;
      return answer
        ? `${SATISFACTION_LABELS[answer.satisfaction]}，${SOLVED_LABELS[answer.solved]}，${answer.stars}星`
        : undefined;
    },
    eventData: (input) => ({
      satisfaction: input.surveyAnswer?.satisfaction,
      solved: input.surveyAnswer?.solved,
      stars: input.surveyAnswer?.stars,
    }),
    apply: (state, input, ctx) => {
      const survey = openSurveyOf(state);
      const answer = input.surveyAnswer;
      if (!answer) throw new AppError('invalid-input', 400, '请选择您的评价。');
      return {
        ...state,
        survey: { ...survey, state: 'answered', nextAt: undefined, answer: { ...answer, at: ctx.now } },
      };
    },
  },
  'remind-survey': {
    from: RESULT_STATUSES,
    who: ['system'],
    visibleToReporter: true,
    eventType: 'survey-reminded',
    eventNote: () => '您还没有评价办理结果，欢迎您抽空评价',
    apply: (state, _input, ctx) => {
      const survey = openSurveyOf(state);
      if (survey.state !== 'invited') throw new AppError('invalid-transition', 409, '这次回访已经提醒过了。');
      return {
        ...state,
        survey: {
          ...survey,
          state: 'reminded',
          remindedAt: ctx.now,
          nextAt: surveyCloseTime(ctx.calendar, ctx.now, ctx.rules.survey.closeAfterReminder),
        },
      };
    },
  },
  'close-survey': {
    from: RESULT_STATUSES,
    who: ['system'],
    // Bookkeeping for the statistics (art. 14): a notice that nobody answered helps no reporter.
    visibleToReporter: false,
    eventType: 'survey-closed',
    eventNote: () => '回访期限已过，未收到评价',
    apply: (state, _input, ctx) => ({ ...state, survey: closeSurvey(openSurveyOf(state), ctx) }),
  },
};
