/**
 * Due dates of a case's steps (办综〔2019〕269号 art. 7, 9, 10). Pure: the calendar, the rules and the
 * start of the step are arguments. `from` is when the step began: the center's receipt for assign,
 * answer and requestInfo; the department's receipt of the assignment for departmentReturn and handle.
 * Store the result on the case: a later calendar or rules edit must not move an existing deadline.
 */
import type { DeadlineRules } from '../../../config/domain/deadline-rules';
import { addWorkingDays, reminderTimeFor, type WorkingCalendar } from './working-days';

export type DeadlineKind = keyof DeadlineRules['workingDays'];

/** The number of working days the rules give for a step, or undefined when they set none. */
export function findWorkingDaysFor(
  rules: DeadlineRules,
  kind: DeadlineKind,
  isConsultation: boolean,
): number | undefined {
  const rule: { report?: number; consultation?: number } = rules.workingDays[kind];
  return isConsultation ? rule.consultation : rule.report;
}

export function computeDeadline(
  calendar: WorkingCalendar,
  rules: DeadlineRules,
  kind: DeadlineKind,
  isConsultation: boolean,
  from: Date,
): Date {
  const days = findWorkingDaysFor(rules, kind, isConsultation);
  if (days === undefined) {
    // Asking for one is a caller bug (e.g. an "answer" deadline for a report), not a user error.
    throw new RangeError(
      `the rules set no ${kind} deadline for a ${isConsultation ? 'consultation' : 'report'}`,
    );
  }
  return addWorkingDays(calendar, from, days);
}

/**
 * The latest an extended report may be closed (art. 10: "一般不得超过40个工作日"), counted from the
 * same start as its 20-working-day handle deadline.
 */
export function maxExtendedHandleDeadline(calendar: WorkingCalendar, rules: DeadlineRules, from: Date): Date {
  return addWorkingDays(calendar, from, rules.handleExtendedMax);
}

/** When to remind the handler of a deadline (start of the working day before it, by default). */
export function computeReminderTime(calendar: WorkingCalendar, rules: DeadlineRules, deadline: Date): Date {
  return reminderTimeFor(calendar, deadline, rules.reminderWorkingDaysBefore);
}
