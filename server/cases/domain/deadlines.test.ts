/*
 * Hand-computed from the 2026 State Council schedule (see working-days.test.ts): a case received on
 * Friday 2026-09-18 at 18:00 Shanghai time meets the make-up Sunday Sep 20, Mid-Autumn
 * (Sep 25–27), the National Day week (Oct 1–7) and the make-up Saturday Oct 10. Working days after
 * Sep 18: 20(1) 21 22 23 24(5) 28 29 30(8) Oct 8(9) 9 10(11) 12–16(16) 19–22(20) 23(21)
 * 26–30(26) Nov 2–6(31) 9–13(36) 16 17 18 19(40).
 */
import { loadDeadlineRules, parseDeadlineRules } from '../../../config/domain/deadline-rules';
import {
  computeDeadline,
  computeReminderTime,
  maxExtendedHandleDeadline,
  type DeadlineKind,
} from './deadlines';
import { createWorkingCalendar } from './working-days';

const calendar = createWorkingCalendar();
const rules = loadDeadlineRules();
const receivedFridayEvening = new Date('2026-09-18T18:00+08:00');
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

describe('computeDeadline', () => {
  test.each<[DeadlineKind, boolean, string]>([
    ['assign', false, '2026-09-21'],
    ['assign', true, '2026-09-20'],
    ['answer', true, '2026-09-24'],
    ['requestInfo', false, '2026-09-22'],
    ['requestInfo', true, '2026-09-22'],
    ['departmentReturn', false, '2026-09-22'],
    ['departmentReturn', true, '2026-09-20'],
    ['handle', false, '2026-10-22'],
    ['handle', true, '2026-09-23'],
  ])(
    'when the step is %s (consultation: %s) from Friday evening Sep 18, then it is due at the end of %s',
    (kind, consult, day) => {
      expect(computeDeadline(calendar, rules, kind, consult, receivedFridayEvening).toISOString()).toBe(
        endOf(day),
      );
    },
  );

  test('when an answer deadline is asked for a report, then it throws: the rules set none', () => {
    expect(() => computeDeadline(calendar, rules, 'answer', false, receivedFridayEvening)).toThrow(
      /no answer deadline for a report/,
    );
  });
});

describe('maxExtendedHandleDeadline', () => {
  test.each([
    ['Friday evening Sep 18', '2026-09-18T18:00+08:00', '2026-11-19'],
    ['an ordinary Monday Nov 2', '2026-11-02T10:00+08:00', '2026-12-28'],
  ])('when handling started on %s (%s), then the 40-working-day cap ends on %s', (_label, from, day) => {
    expect(maxExtendedHandleDeadline(calendar, rules, new Date(from)).toISOString()).toBe(endOf(day));
  });
});

describe('computeReminderTime', () => {
  test.each([
    ['the 20-day deadline Thu Oct 22', '2026-10-22', '2026-10-21T00:00+08:00'],
    ['Thu Oct 8, the first day after the golden week', '2026-10-08', '2026-09-30T00:00+08:00'],
  ])('when the deadline is %s (%s), then the reminder is at %s', (_label, day, expected) => {
    const reminder = computeReminderTime(calendar, rules, new Date(endOf(day)));
    expect(reminder.toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('deadline rules file', () => {
  test('when the shipped deadlines.json is loaded, then it holds the numbers of art. 7, 9 and 10', () => {
    expect(rules.workingDays).toEqual({
      assign: { report: 2, consultation: 1 },
      answer: { consultation: 5 },
      requestInfo: { report: 3, consultation: 3 },
      departmentReturn: { report: 3, consultation: 1 },
      handle: { report: 20, consultation: 4 },
    });
    expect(rules.handleExtendedMax).toBe(40);
    expect(rules.reminderWorkingDaysBefore).toBe(1);
    expect(Object.isFrozen(rules.workingDays.handle)).toBe(true);
  });

  test('when the rules file is broken in several places, then every problem is listed', () => {
    const broken = {
      ...rules,
      workingDays: { ...rules.workingDays, assign: { report: 0, consultation: 1.5 }, answer: {} },
      reminderWorkingDaysBefore: -1,
    };
    expect(() => parseDeadlineRules(broken)).toThrow(
      expect.objectContaining({
        problems: [
          'deadlines.json workingDays.assign.report: must be at least 1 working day',
          'deadlines.json workingDays.assign.consultation: must be a whole number of working days',
          'deadlines.json workingDays.answer.consultation: must be a number of working days',
          'deadlines.json reminderWorkingDaysBefore: must be 0 or more working days',
        ],
      }),
    );
  });

  test('when the shipped deadlines.json is loaded, then the survey and review periods are the platform’s', () => {
    expect(rules.survey).toEqual({ remindAfter: 3, closeAfterReminder: 3 });
    expect(rules.review).toEqual({ requestWithin: 15, forward: 2, decide: 20 });
  });

  test.each([
    ['the survey reminder is missing', { survey: { closeAfterReminder: 3 } }, 'survey.remindAfter'],
    [
      'the review window is 0',
      { review: { requestWithin: 0, forward: 2, decide: 20 } },
      'review.requestWithin',
    ],
    [
      'the review is due before it must be forwarded',
      { review: { requestWithin: 15, forward: 5, decide: 5 } },
      'review.decide',
    ],
  ])('when %s, then the problem is named', (_label, change, path) => {
    expect(() => parseDeadlineRules({ ...rules, ...change })).toThrow(
      expect.objectContaining({ problems: [expect.stringContaining(`deadlines.json ${path}:`)] }),
    );
  });

  test('when the extended total is below the handle deadline, then it is rejected', () => {
    expect(() => parseDeadlineRules({ ...rules, handleExtendedMax: 10 })).toThrow(
      /handleExtendedMax: must be at least the handle deadline/,
    );
  });
});
