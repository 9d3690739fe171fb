/*
 * Hand-computed on the 2026 calendar: a result on Monday 2026-11-23 10:00 Beijing; 15 working days
 * are Nov 24–27, Nov 30–Dec 4, Dec 7–11 and Mon Dec 14, so the window ends with Dec 14.
 */
import { loadDeadlineRules } from '../../../config/domain/deadline-rules';
import type { Actor } from '../../staff/staff-types';
import { allowedActions, applyTransition } from './case-transitions';
import type { CaseState, ReviewOutcome, ReviewRequest } from './case-types';
import { chooseReviewHandler, findReviewRefusal } from './review-rules';
import { createWorkingCalendar } from './working-days';

const calendar = createWorkingCalendar([]);
const rules = loadDeadlineRules();
const beijing = (local: string) => new Date(`${local}+08:00`);
const ctxAt = (local: string) => ({ calendar, rules, now: beijing(local) });
const endOf = (day: string) => beijing(`${day}T23:59:59.999`);

const resultAt = beijing('2026-11-23T10:00');
const resolved: CaseState = {
  status: 'resolved',
  category: 'river_lake',
  emergency: false,
  assignment: { department: 'riverlake', unit: 'anhui' },
  deadlines: { handle: endOf('2026-12-21') },
  returnCount: 0,
  flaggedForOffice: false,
  extension: { grantedDays: 5 },
  resolution: { summary: '已拆除采砂设备', at: resultAt },
  timelineLength: 9,
};
const decided = (department: string | undefined, decidedAt: string): ReviewRequest => ({
  state: 'decided',
  reason: '采砂船又回来了',
  requestedAt: resultAt,
  dueAt: endOf('2026-12-21'),
  forwardedTo: department ? { role: 'department', department } : { role: 'office' },
  outcome: 'upheld',
  note: '经复查，已整改到位',
  decidedAt: beijing(decidedAt),
});
const reporter = { kind: 'reporter' } as const;
const staff = (role: Actor['role'], department?: string): Actor => ({
  kind: 'staff',
  staffId: `id-${role}`,
  username: role,
  displayName: role,
  role,
  ...(department ? { department } : {}),
});
const center = staff('center');
const riverlake = staff('department', 'riverlake');
const office = staff('office');

describe('findReviewRefusal: may the reporter ask for a review now?', () => {
  test.each<[string, CaseState, string, string | undefined]>([
    ['the next morning', resolved, '2026-11-24T09:00', undefined],
    ['the last evening of the 15 working days', resolved, '2026-12-14T23:30', undefined],
    ['the morning after the 15 working days', resolved, '2026-12-15T08:00', 'review-window-passed'],
    [
      'the case is archived, within the window',
      { ...resolved, status: 'closed' },
      '2026-11-30T10:00',
      undefined,
    ],
    [
      'the case is still handled',
      { ...resolved, status: 'handling', resolution: undefined },
      '2026-11-24T09:00',
      'review-not-available',
    ],
    [
      'a review is waiting to be forwarded',
      { ...resolved, status: 'review_requested' },
      '2026-11-24T09:00',
      'review-in-progress',
    ],
    ['a review is under way', { ...resolved, status: 'reviewing' }, '2026-11-24T09:00', 'review-in-progress'],
    [
      'a consultation was answered',
      { ...resolved, category: 'consult', status: 'answered' },
      '2026-11-24T09:00',
      'review-not-available',
    ],
    [
      'a rejected report was archived',
      { ...resolved, status: 'closed', resolution: undefined },
      '2026-11-24T09:00',
      'review-not-available',
    ],
    [
      'the 复查 was decided two weeks later, within 15 working days of it',
      { ...resolved, reviews: [decided('riverlake', '2026-12-10T10:00')] },
      '2026-12-30T10:00',
      undefined,
    ],
    [
      'both 复查 and 复核 are done',
      {
        ...resolved,
        reviews: [decided('riverlake', '2026-12-01T10:00'), decided(undefined, '2026-12-03T10:00')],
      },
      '2026-12-04T10:00',
      'review-limit',
    ],
  ])('when %s, then the refusal is %s', (_label, state, now, code) => {
    const refusal = findReviewRefusal(state, ctxAt(now));
    if (code) expect(refusal).toMatchObject({ code, status: 409 });
    else expect(refusal).toBeUndefined();
  });

  test('when the window has passed, then the reporter is told the period in plain words', () => {
    expect(findReviewRefusal(resolved, ctxAt('2026-12-15T08:00'))?.message).toBe(
      '已超过申请复查的期限（办结后15个工作日）。',
    );
  });
});

describe('request-review', () => {
  test('when the reporter asks in time, then the center must forward within 2 working days and the decision is due in 20', () => {
    const withSurvey: CaseState = {
      ...resolved,
      survey: {
        state: 'reminded',
        tokenHash: 'h',
        resultAt,
        invitedAt: resultAt,
        nextAt: endOf('2026-12-02'),
      },
    };
    const { next, event } = applyTransition(
      withSurvey,
      'request-review',
      reporter,
      { reason: '  采砂船晚上又回来了  ' },
      ctxAt('2026-11-30T10:00'),
    );
    expect(next.status).toBe('review_requested');
    expect(next.reviews).toEqual([
      {
        state: 'requested',
        reason: '采砂船晚上又回来了',
        requestedAt: beijing('2026-11-30T10:00'),
        dueAt: endOf('2026-12-28'),
      },
    ]);
    expect(next.due).toMatchObject({ kind: 'assign', at: endOf('2026-12-02') });
    expect(next.survey).toMatchObject({ state: 'closed', closedAt: beijing('2026-11-30T10:00') });
    expect(event).toMatchObject({
      type: 'review-requested',
      note: '采砂船晚上又回来了',
      visibleToReporter: true,
    });
  });

  test.each([
    ['too short', '没修好', '请说明申请复查的理由（至少5个字）。'],
    ['web markup', '<img src=x onerror=alert(1)>还在采砂', '申请理由里不能包含网页代码。'],
  ])('when the reason is %s, then it is a 400 that says what to fix', (_label, reason, message) => {
    expect(() =>
      applyTransition(resolved, 'request-review', reporter, { reason }, ctxAt('2026-11-24T09:00')),
    ).toThrow(expect.objectContaining({ status: 400, message }));
  });
});

describe('forward-review: 复查 by the department, then 复核 by the general office', () => {
  const requested = (reviews: ReviewRequest[]): CaseState => ({
    ...resolved,
    status: 'review_requested',
    reviews: [
      ...reviews,
      { state: 'requested', reason: '问题没有解决', requestedAt: resultAt, dueAt: endOf('2026-12-21') },
    ],
  });

  test.each<[string, ReviewRequest[], string, string]>([
    ['a first review', [], 'department', '已转承办司局复查'],
    [
      'the department already reviewed it',
      [decided('riverlake', '2026-11-25T10:00')],
      'office',
      '已转办公厅复核',
    ],
    [
      'another department reviewed it before a reassignment',
      [decided('rural', '2026-11-25T10:00')],
      'department',
      '已转承办司局复查',
    ],
  ])('when it is %s, then the center forwards it to the %s', (_label, earlier, role, note) => {
    const state = requested(earlier);
    expect(chooseReviewHandler(state).role).toBe(role);
    const { next, event } = applyTransition(state, 'forward-review', center, {}, ctxAt('2026-11-24T09:00'));
    expect(next.status).toBe('reviewing');
    expect(next.reviews?.at(-1)).toMatchObject({
      state: 'forwarded',
      forwardedTo: { role },
      forwardedAt: beijing('2026-11-24T09:00'),
    });
    expect(next.due).toMatchObject({ kind: 'review', at: endOf('2026-12-21') });
    expect(event).toMatchObject({
      type: 'review-forwarded',
      note,
      visibleToReporter: true,
      data: { forwardedTo: { role } },
    });
  });
});

describe('decide-review', () => {
  const reviewing = (role: 'department' | 'office'): CaseState => ({
    ...resolved,
    status: 'reviewing',
    due: { kind: 'review', at: endOf('2026-12-21'), remindAt: beijing('2026-12-18T00:00') },
    reviews: [
      {
        state: 'forwarded',
        reason: '问题没有解决',
        requestedAt: resultAt,
        dueAt: endOf('2026-12-21'),
        forwardedTo: role === 'office' ? { role: 'office' } : { role: 'department', department: 'riverlake' },
      },
    ],
  });

  test.each<[ReviewOutcome, string, string]>([
    ['upheld', 'resolved', '维持原结果：经复查，采砂设备已拆除'],
    ['corrected', 'resolved', '已纠正：经复查，采砂设备已拆除'],
    ['redo', 'handling', '重新办理：经复查，采砂设备已拆除'],
  ])(
    'when the department decides %s, then the case is %s and the reporter reads “%s”',
    (outcome, status, note) => {
      const { next, event } = applyTransition(
        reviewing('department'),
        'decide-review',
        riverlake,
        { outcome, note: '经复查，采砂设备已拆除' },
        ctxAt('2026-11-30T10:00'),
      );
      expect(next.status).toBe(status);
      expect(next.reviews?.at(-1)).toMatchObject({
        state: 'decided',
        outcome,
        decidedAt: beijing('2026-11-30T10:00'),
      });
      expect(event).toMatchObject({
        type: 'review-decided',
        note,
        visibleToReporter: true,
        data: { outcome },
      });
    },
  );

  test('when the review says redo, then the same department handles again with a fresh 20-working-day deadline', () => {
    const { next } = applyTransition(
      reviewing('department'),
      'decide-review',
      riverlake,
      { outcome: 'redo', note: '整改不到位' },
      ctxAt('2026-11-30T10:00'),
    );
    expect(next.assignment).toEqual({ department: 'riverlake', unit: 'anhui' });
    expect(next.deadlines.handle).toEqual(endOf('2026-12-28'));
    expect(next.due).toMatchObject({ kind: 'handle', at: endOf('2026-12-28') });
    expect(next.extension).toEqual({ grantedDays: 0 });
    expect(next.resolution).toBeUndefined();
  });

  test.each<[string, 'department' | 'office', Actor, boolean]>([
    ['the department, on its own review', 'department', riverlake, true],
    ['the office, on the department’s review', 'department', office, false],
    ['the office, on its 复核', 'office', office, true],
    ['the department, on the office’s 复核', 'office', riverlake, false],
    ['another department', 'department', staff('department', 'rural'), false],
  ])('when %s decides, then it is allowed: %s', (_label, forwardedTo, actor, allowed) => {
    const state = reviewing(forwardedTo);
    const run = () =>
      applyTransition(
        state,
        'decide-review',
        actor,
        { outcome: 'upheld', note: '维持' },
        ctxAt('2026-11-30T10:00'),
      );
    if (allowed) expect(run().next.status).toBe('resolved');
    else expect(run).toThrow(expect.objectContaining({ status: 403 }));
    expect(allowedActions(state, actor).includes('decide-review')).toBe(allowed);
  });

  test.each([
    ['no outcome', { note: '维持' }, '请选择复查结论：维持原结果、重新办理或已纠正。'],
    [
      'an unknown outcome',
      { outcome: 'ignored', note: '维持' },
      '请选择复查结论：维持原结果、重新办理或已纠正。',
    ],
    ['no note', { outcome: 'upheld' }, '请填写复查意见。'],
  ])('when the decision has %s, then it is a 400', (_label, input, message) => {
    expect(() =>
      applyTransition(reviewing('department'), 'decide-review', riverlake, input, ctxAt('2026-11-30T10:00')),
    ).toThrow(expect.objectContaining({ status: 400, message }));
  });
});
