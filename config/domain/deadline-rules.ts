/**
 * The time limits of the rules (办综〔2019〕269号 art. 7, 9, 10), in working days. Kept as data so a
 * revised notice changes a number, not the code; validated once at start-up. Art. 12 (satisfaction
 * survey) and art. 13 (review requests) set no time limits: `survey` and `review` hold the
 * platform's own, so the center can change them without a release.
 */
import { z } from 'zod';
import { ConfigError } from '../load-config';
import bundledRules from './deadlines.json';

const workingDays = z
  .number({ error: 'must be a number of working days' })
  .int('must be a whole number of working days')
  .min(1, 'must be at least 1 working day');

const forBoth = z.object({ report: workingDays, consultation: workingDays });

export const deadlineRulesSchema = z
  .object({
    version: z.literal(1, { error: 'must be 1' }),
    source: z.string({ error: 'must cite the rules' }).min(1, 'must cite the rules'),
    workingDays: z.object({
      assign: forBoth,
      // Art. 7(1) sets a reply deadline for consultations only; a report is answered by handling it.
      answer: z.object({ consultation: workingDays }),
      requestInfo: forBoth,
      departmentReturn: forBoth,
      handle: forBoth,
    }),
    handleExtendedMax: workingDays,
    reminderWorkingDaysBefore: z.number().int().min(0, 'must be 0 or more working days'),
    survey: z.object({
      /** Working days without an answer before the one reminder (sent the next working morning). */
      remindAfter: workingDays,
      /** Working days after the reminder before the survey closes as unanswered. */
      closeAfterReminder: workingDays,
    }),
    review: z.object({
      /** How long after the result (or the last review decision) a reporter may ask for a review. */
      requestWithin: workingDays,
      /** The center forwards a review request within this, like an assignment (art. 7). */
      forward: workingDays,
      /** The review is decided within this, counted from the reporter's request. */
      decide: workingDays,
    }),
  })
  .refine((rules) => rules.handleExtendedMax >= rules.workingDays.handle.report, {
    path: ['handleExtendedMax'],
    error: 'must be at least the handle deadline of a report',
  })
  .refine((rules) => rules.review.decide > rules.review.forward, {
    path: ['review', 'decide'],
    error: 'must leave working days after the forwarding deadline',
  });

export type DeadlineRules = z.infer<typeof deadlineRulesSchema>;

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Validates the parsed JSON; throws a ConfigError listing every problem. */
export function parseDeadlineRules(json: unknown): Readonly<DeadlineRules> {
  const parsed = deadlineRulesSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `deadlines.json ${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return deepFreeze(parsed.data);
}

/** The rules shipped in config/domain/deadlines.json. */
export function loadDeadlineRules(): Readonly<DeadlineRules> {
  return parseDeadlineRules(bundledRules);
}
