/*
 * Hand-computed from the 2026 State Council schedule (see working-days.test.ts): Mon 2026-11-23 is
 * an ordinary week; the National Day week (Oct 1–7) is off and Sat Oct 10 is a make-up working day.
 */
import { loadDeadlineRules } from '../../../config/domain/deadline-rules';
import { applyTransition } from './case-transitions';
import type { CaseState, Survey, SurveyAnswer } from './case-types';
import { isDissatisfied, needsSurveyInvitation, surveyCloseTime, surveyReminderTime } from './survey-rules';
import { createWorkingCalendar } from './working-days';

const calendar = createWorkingCalendar([]);
const rules = loadDeadlineRules();
const beijing = (local: string) => new Date(`${local}+08:00`);
const resultAt = beijing('2026-11-23T10:00'); // Monday
const ctxAt = (now: Date) => ({ calendar, rules, now });

const resolved: CaseState = {
  status: 'resolved',
  category: 'river_lake',
  emergency: false,
  assignment: { department: 'riverlake' },
  deadlines: {},
  returnCount: 0,
  flaggedForOffice: false,
  resolution: { summary: '已拆除采砂设备', at: resultAt },
  timelineLength: 8,
};
const survey = (state: Survey['state']): Survey => ({
  state,
  tokenHash: 'a'.repeat(64),
  resultAt,
  invitedAt: resultAt,
  nextAt: beijing('2026-11-27T09:00'),
});
const answer: SurveyAnswer & { channel: 'miniprogram' } = {
  satisfaction: 'satisfied',
  solved: 'solved',
  stars: 4,
  channel: 'miniprogram',
};
const system = { kind: 'system' } as const;
const reporter = { kind: 'reporter' } as const;

describe('the survey clock', () => {
  test.each([
    ['Monday 10:00', '2026-11-23T10:00', '2026-11-27T09:00'], // Tue, Wed, Thu pass: Friday morning
    ['Thursday 10:00', '2026-11-26T10:00', '2026-12-02T09:00'], // Fri, Mon, Tue pass: Wednesday morning
    ['Friday 23:30', '2026-11-27T23:30', '2026-12-03T09:00'], // the day of the invitation never counts
    ['the eve of National Day', '2026-09-30T10:00', '2026-10-12T09:00'], // Oct 8, 9, make-up Sat 10
  ])(
    'when the survey is sent on %s (%s), then the one reminder goes out at %s Beijing',
    (_label, sent, due) => {
      expect(surveyReminderTime(calendar, beijing(sent), rules.survey.remindAfter)).toEqual(beijing(due));
    },
  );

  test.each([
    ['Friday 09:00', '2026-11-27T09:00', '2026-12-02T23:59:59.999'], // Mon, Tue, Wed
    ['Wednesday 09:00', '2026-12-02T09:00', '2026-12-07T23:59:59.999'], // Thu, Fri, Mon
  ])(
    'when the reminder went out on %s (%s), then an unanswered survey closes after %s',
    (_label, sent, end) => {
      expect(surveyCloseTime(calendar, beijing(sent), rules.survey.closeAfterReminder)).toEqual(beijing(end));
    },
  );
});

describe('isDissatisfied', () => {
  test.each<[SurveyAnswer['satisfaction'], SurveyAnswer['solved'], boolean]>([
    ['very_satisfied', 'solved', false],
    ['basically_satisfied', 'partly', false],
    ['dissatisfied', 'solved', true],
    ['satisfied', 'unsolved', true],
    ['dissatisfied', 'unsolved', true],
  ])(
    'when the reporter is %s and the problem is %s, then a review is offered: %s',
    (satisfaction, solved, offered) => {
      expect(isDissatisfied({ satisfaction, solved })).toBe(offered);
    },
  );
});

describe('invite-survey', () => {
  test('when a result is in, then the survey is invited, visible, with the reminder scheduled and no token in the event', () => {
    const { next, event } = applyTransition(
      resolved,
      'invite-survey',
      system,
      { surveyTokenHash: 'h'.repeat(64) },
      ctxAt(resultAt),
    );
    expect(next.survey).toEqual({
      state: 'invited',
      tokenHash: 'h'.repeat(64),
      resultAt,
      invitedAt: resultAt,
      nextAt: beijing('2026-11-27T09:00'),
    });
    expect(next.status).toBe('resolved');
    expect(event).toMatchObject({
      type: 'survey-invited',
      visibleToReporter: true,
      actor: { kind: 'system' },
    });
    expect(JSON.stringify(event)).not.toContain('h'.repeat(64));
  });

  test.each<[string, CaseState, string | undefined]>([
    [
      'the same result already has its survey',
      { ...resolved, survey: survey('answered') },
      'survey-already-invited',
    ],
    [
      'the survey is of an earlier result (a redo)',
      { ...resolved, survey: { ...survey('answered'), resultAt: beijing('2026-10-09T10:00') } },
      undefined,
    ],
  ])('when %s, then inviting gives %s', (_label, state, code) => {
    const run = () =>
      applyTransition(state, 'invite-survey', system, { surveyTokenHash: 'x' }, ctxAt(resultAt));
    if (code) expect(run).toThrow(expect.objectContaining({ code, status: 409 }));
    else expect(run().next.survey?.state).toBe('invited');
  });

  test.each<[string, CaseState, boolean]>([
    ['a result without a survey', resolved, true],
    ['a result with its survey', { ...resolved, survey: survey('invited') }, false],
    [
      'a new result after a redo',
      { ...resolved, survey: { ...survey('closed'), resultAt: beijing('2026-10-09T10:00') } },
      true,
    ],
    ['an archived case', { ...resolved, status: 'closed' }, false],
    ['a case in handling', { ...resolved, status: 'handling', resolution: undefined }, false],
  ])('when the job looks at %s, then it needs an invitation: %s', (_label, state, needed) => {
    expect(needsSurveyInvitation(state)).toBe(needed);
  });
});

describe('answer-survey', () => {
  test.each<[string, CaseState, string | undefined, number | undefined]>([
    ['invited', { ...resolved, survey: survey('invited') }, undefined, undefined],
    ['reminded', { ...resolved, survey: survey('reminded') }, undefined, undefined],
    [
      'invited, the case archived meanwhile',
      { ...resolved, status: 'closed', survey: survey('invited') },
      undefined,
      undefined,
    ],
    ['already answered', { ...resolved, survey: survey('answered') }, 'survey-answered', 409],
    ['closed as unanswered', { ...resolved, survey: survey('closed') }, 'survey-closed', 409],
    [
      'closed by a review request',
      { ...resolved, status: 'review_requested', survey: survey('closed') },
      'survey-closed',
      409,
    ],
    ['never sent', resolved, 'survey-not-found', 404],
  ])('when the survey is %s, then an answer gives %s', (_label, state, code, status) => {
    const run = () =>
      applyTransition(
        state,
        'answer-survey',
        reporter,
        { surveyAnswer: answer },
        ctxAt(beijing('2026-11-24T20:00')),
      );
    if (code) {
      expect(run).toThrow(expect.objectContaining({ code, status }));
      return;
    }
    const { next, event } = run();
    expect(next.survey).toMatchObject({
      state: 'answered',
      answer: { ...answer, at: beijing('2026-11-24T20:00') },
    });
    expect(next.survey?.nextAt).toBeUndefined();
    expect(next.resolution).toEqual(state.resolution); // the department's "done" is untouched
    expect(event).toMatchObject({
      type: 'survey-answered',
      note: '满意，已解决，4星',
      visibleToReporter: true,
      data: { satisfaction: 'satisfied', solved: 'solved', stars: 4 },
    });
  });
});

describe('remind-survey and close-survey', () => {
  const remindedAt = beijing('2026-11-27T09:00');

  test('when an invited survey is reminded, then it waits three more working days, visibly', () => {
    const { next, event } = applyTransition(
      { ...resolved, survey: survey('invited') },
      'remind-survey',
      system,
      {},
      ctxAt(remindedAt),
    );
    expect(next.survey).toMatchObject({
      state: 'reminded',
      remindedAt,
      nextAt: beijing('2026-12-02T23:59:59.999'),
    });
    expect(event).toMatchObject({ type: 'survey-reminded', visibleToReporter: true });
  });

  test.each<[Survey['state'], string]>([
    ['reminded', 'invalid-transition'],
    ['answered', 'survey-answered'],
    ['closed', 'survey-closed'],
  ])(
    'when a %s survey would be reminded again, then it is refused (%s): one reminder only',
    (state, code) => {
      expect(() =>
        applyTransition(
          { ...resolved, survey: survey(state) },
          'remind-survey',
          system,
          {},
          ctxAt(remindedAt),
        ),
      ).toThrow(expect.objectContaining({ code, status: 409 }));
    },
  );

  test('when a reminded survey closes, then it is closed unanswered, not shown to the reporter, and keeps its hash', () => {
    const now = beijing('2026-12-03T00:05');
    const { next, event } = applyTransition(
      { ...resolved, survey: survey('reminded') },
      'close-survey',
      system,
      {},
      ctxAt(now),
    );
    expect(next.survey).toMatchObject({ state: 'closed', closedAt: now, tokenHash: 'a'.repeat(64) });
    expect(next.survey?.nextAt).toBeUndefined();
    expect(event).toMatchObject({ type: 'survey-closed', visibleToReporter: false });
  });
});
