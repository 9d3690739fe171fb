/** Inputs, context and small helpers shared by the transition table and applyTransition. */
import { AppError } from '../../http/app-error';
import type { DeadlineRules } from '../../../config/domain/deadline-rules';
import { reminderTimeFor, type WorkingCalendar } from './working-days';
import { computeDeadline } from './deadlines';
import type {
  CaseActor,
  CaseEvent,
  CaseState,
  CaseStatus,
  DueKind,
  SurveyAnswer,
  SurveyChannel,
} from './case-types';

/** 'department' and 'unit' mean the department or unit the case is assigned to. */
export type Who = 'center' | 'department' | 'unit' | 'office' | 'reporter' | 'system';

export interface TransitionInput {
  note?: string;
  reason?: string;
  referral?: string;
  department?: string;
  unit?: string;
  mergeInto?: string;
  workingDays?: number;
  summary?: string;
  answer?: string;
  knowledgeEntryId?: string;
  /** A review decision: checked against REVIEW_OUTCOMES by the rule. */
  outcome?: string;
  surveyAnswer?: SurveyAnswer & { channel: SurveyChannel };
  /** SHA-256 of the survey token generated for an invitation (the token itself never gets here). */
  surveyTokenHash?: string;
}

export interface TransitionContext {
  calendar: WorkingCalendar;
  rules: DeadlineRules;
  now: Date;
}

export interface TransitionResult {
  next: CaseState;
  event: Omit<CaseEvent, 'seq'>;
}

export interface Rule {
  from: readonly CaseStatus[];
  who: readonly Who[];
  /** Internal steps (a department's return, an extension request) are not shown to the reporter. */
  visibleToReporter: boolean;
  consultationOnly?: boolean;
  /** The timeline event's type when it is not the action's name (e.g. 'survey-invited'). */
  eventType?: string;
  /** Narrows `who` on this case, e.g. only the handler a review was forwarded to decides it. */
  permits?(state: CaseState, who: Who): boolean;
  /** A plain explanation for a reporter who tries the step in a status it does not start from. */
  statusError?(state: CaseState): Error;
  /** The timeline note when it is not simply the input's note, reason, summary or answer. */
  eventNote?(input: TransitionInput, next: CaseState): string | undefined;
  /** What the event's data adds for this step (read by the notification outbox and staff UI). */
  eventData?(input: TransitionInput, next: CaseState): Record<string, unknown>;
  apply(state: CaseState, input: TransitionInput, ctx: TransitionContext, actor: CaseActor): CaseState;
}

export function required(input: TransitionInput, field: keyof TransitionInput, label: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('invalid-input', 400, `请填写${label}。`);
  }
  return value.trim();
}

export function dueFor(kind: DueKind, at: Date, ctx: TransitionContext): CaseState['due'] {
  return { kind, at, remindAt: reminderTimeFor(ctx.calendar, at, ctx.rules.reminderWorkingDaysBefore) };
}

/** New intake deadlines, from the moment a report is (re)complete. */
export function intakeDeadlines(state: Pick<CaseState, 'category'>, ctx: TransitionContext) {
  const consultation = state.category === 'consult';
  const assign = computeDeadline(ctx.calendar, ctx.rules, 'assign', consultation, ctx.now);
  const deadlines = {
    assign,
    requestInfo: computeDeadline(ctx.calendar, ctx.rules, 'requestInfo', consultation, ctx.now),
    ...(consultation ? { answer: computeDeadline(ctx.calendar, ctx.rules, 'answer', true, ctx.now) } : {}),
  };
  return { deadlines, due: dueFor('assign', assign, ctx) };
}
