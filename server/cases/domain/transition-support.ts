/** Inputs, context and small helpers shared by the transition table and applyTransition. */
import { AppError } from '../../http/app-error';
import type { DeadlineRules } from '../../../config/domain/deadline-rules';
import { reminderTimeFor, type WorkingCalendar } from './working-days';
import { computeDeadline } from './deadlines';
import type { CaseEvent, CaseState, DueKind } from './case-types';

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
