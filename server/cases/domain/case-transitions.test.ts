import { loadDeadlineRules } from '../../../config/domain/deadline-rules';
import type { Actor, StaffRole } from '../../staff/staff-types';
import { allowedActions, applyTransition, type TransitionInput } from './case-transitions';
import { CASE_ACTIONS, type CaseAction, type CaseState } from './case-types';
import { RULES } from './transition-rules';
import { createWorkingCalendar } from './working-days';

const ctx = {
  calendar: createWorkingCalendar([]),
  rules: loadDeadlineRules(),
  now: new Date('2026-11-23T02:00:00Z'), // Monday 10:00 in Beijing
};

const staff = (role: StaffRole, extra: Partial<Actor> = {}): Actor => ({
  kind: 'staff',
  staffId: `id-${role}`,
  username: role,
  displayName: role,
  role,
  ...extra,
});

const ACTORS: Record<StaffRole, Actor> = {
  center: staff('center'),
  department: staff('department', { department: 'riverlake' }),
  unit: staff('unit', { department: 'riverlake', unit: 'anhui' }),
  office: staff('office'),
  admin: staff('admin'),
};

const base: CaseState = {
  status: 'received',
  category: 'river_lake',
  emergency: false,
  deadlines: {},
  returnCount: 0,
  flaggedForOffice: false,
  timelineLength: 1,
};
const assigned: CaseState = {
  ...base,
  status: 'assigned',
  assignment: { department: 'riverlake', unit: 'anhui' },
  deadlines: {
    handle: new Date('2026-12-21T15:59:59.999Z'),
    handleMax: new Date('2027-01-18T15:59:59.999Z'),
  }, // handleMax: the 40th working day
  extension: { grantedDays: 0 },
};
const pendingExtension: ExtensionState = {
  ...assigned,
  status: 'handling',
  extension: {
    grantedDays: 0,
    pending: { reason: '需现场勘查', workingDays: 10, requestedAt: ctx.now, requestedBy: 'x' },
  },
};
type ExtensionState = CaseState;
const resolved: CaseState = {
  ...assigned,
  status: 'resolved',
  resolution: { summary: '已清除', at: ctx.now },
  due: undefined,
};
const invitedSurvey: CaseState = {
  ...resolved,
  survey: { state: 'invited', tokenHash: 'hash', resultAt: ctx.now, invitedAt: ctx.now },
};
const reviewRequested: CaseState = {
  ...resolved,
  status: 'review_requested',
  reviews: [{ state: 'requested', reason: '问题仍未解决', requestedAt: ctx.now, dueAt: ctx.now }],
};
const reviewing: CaseState = {
  ...reviewRequested,
  status: 'reviewing',
  reviews: [
    {
      state: 'forwarded',
      reason: '问题仍未解决',
      requestedAt: ctx.now,
      dueAt: ctx.now,
      forwardedTo: { role: 'department', department: 'riverlake' },
    },
  ],
};

/** For each action: a state where it is legal, its input, and the staff roles that may do it. */
const MATRIX: Record<CaseAction, { state: CaseState; input: TransitionInput; roles: StaffRole[] }> = {
  accept: { state: base, input: {}, roles: ['center'] },
  reject: { state: base, input: { reason: '属于污染问题', referral: '请拨打12369' }, roles: ['center'] },
  'request-info': { state: base, input: { note: '请补充具体地点' }, roles: ['center'] },
  supplement: { state: { ...base, status: 'needs_info' }, input: { note: '在村东头' }, roles: ['center'] },
  merge: { state: base, input: { mergeInto: 'SL20261120000001' }, roles: ['center'] },
  unmerge: {
    state: { ...base, status: 'merged', mergedInto: 'SL20261120000001', statusBeforeMerge: 'accepted' },
    input: {},
    roles: ['center'],
  },
  assign: { state: { ...base, status: 'accepted' }, input: { department: 'riverlake' }, roles: ['center'] },
  return: { state: assigned, input: { reason: '应由水资源司办理' }, roles: ['department'] },
  start: { state: assigned, input: {}, roles: ['department', 'unit'] },
  progress: {
    state: { ...assigned, status: 'handling' },
    input: { note: '已到现场' },
    roles: ['center', 'department', 'unit'],
  },
  extend: {
    state: { ...assigned, status: 'handling' },
    input: { reason: '需协调', workingDays: 10 },
    roles: ['department'],
  },
  'approve-extension': { state: pendingExtension, input: {}, roles: ['office'] },
  resolve: {
    state: { ...assigned, status: 'handling' },
    input: { summary: '已清除' },
    roles: ['department', 'unit'],
  },
  answer: {
    state: { ...base, category: 'consult' },
    input: { answer: '可以拨打12314咨询' },
    roles: ['center'],
  },
  close: { state: { ...base, status: 'resolved' }, input: {}, roles: ['center'] },
  // The reporter's and the platform's steps: no staff role may take them.
  'invite-survey': { state: resolved, input: { surveyTokenHash: 'hash' }, roles: [] },
  'answer-survey': {
    state: invitedSurvey,
    input: { surveyAnswer: { satisfaction: 'satisfied', solved: 'solved', stars: 5, channel: 'web' } },
    roles: [],
  },
  'remind-survey': { state: invitedSurvey, input: {}, roles: [] },
  'close-survey': { state: invitedSurvey, input: {}, roles: [] },
  'request-review': { state: resolved, input: { reason: '采砂又开始了' }, roles: [] },
  'forward-review': { state: reviewRequested, input: {}, roles: ['center'] },
  'decide-review': {
    state: reviewing,
    input: { outcome: 'upheld', note: '经核查已整改' },
    roles: ['department'],
  },
};

describe('applyTransition: the role matrix', () => {
  const rows = CASE_ACTIONS.flatMap((action) =>
    (Object.keys(ACTORS) as StaffRole[]).map((role) => [action, role] as const),
  );
  test.each(rows)('when %s is tried by %s, then only the roles of the rules may do it', (action, role) => {
    const { state, input, roles } = MATRIX[action];
    const run = () => applyTransition(state, action, ACTORS[role], input, ctx);
    if (roles.includes(role)) {
      expect(run().event.type).toBe(RULES[action].eventType ?? action);
      expect(allowedActions(state, ACTORS[role])).toContain(action);
    } else {
      expect(run).toThrow(expect.objectContaining({ status: 403, code: 'forbidden' }));
      expect(allowedActions(state, ACTORS[role])).not.toContain(action);
    }
  });

  test('when a department tries another department’s case, then it is forbidden', () => {
    const other = staff('department', { department: 'rural' });
    expect(() => applyTransition(assigned, 'start', other, {}, ctx)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  test('when the reporter supplements a case that needs information, then it is received again', () => {
    const result = applyTransition(
      { ...base, status: 'needs_info' },
      'supplement',
      { kind: 'reporter' },
      { note: '地点在村东头桥下' },
      ctx,
    );
    expect(result.next.status).toBe('received');
    expect(result.event).toMatchObject({ visibleToReporter: true, note: '地点在村东头桥下' });
  });
});

describe('applyTransition: statuses', () => {
  test.each([
    ['accept', 'assigned'],
    ['start', 'received'],
    ['resolve', 'received'],
    ['close', 'handling'],
    ['unmerge', 'received'],
    ['approve-extension', 'handling'],
  ] as const)('when %s is tried on a %s case, then it is a 409 invalid-transition', (action, status) => {
    const state = { ...assigned, status };
    const actor = MATRIX[action].roles[0]!;
    expect(() => applyTransition(state, action, ACTORS[actor], MATRIX[action].input, ctx)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });

  test('when a report (not a consultation) is answered directly, then it is refused', () => {
    expect(() => applyTransition(base, 'answer', ACTORS.center, { answer: 'x' }, ctx)).toThrow(
      expect.objectContaining({ code: 'invalid-transition' }),
    );
  });

  test('when required text is missing, then it is a 400 naming what to fill in', () => {
    expect(() => applyTransition(base, 'reject', ACTORS.center, { reason: '污染' }, ctx)).toThrow(
      expect.objectContaining({ status: 400, message: '请填写转办渠道。' }),
    );
  });
});

describe('applyTransition: deadlines (hand-computed, Asia/Shanghai)', () => {
  test('when a report is assigned on Monday 2026-11-23, then it must be handled by Monday 2026-12-21', () => {
    const { next } = applyTransition(
      { ...base, status: 'accepted' },
      'assign',
      ACTORS.center,
      { department: 'riverlake' },
      ctx,
    );
    expect(next.deadlines.handle).toEqual(new Date('2026-12-21T15:59:59.999Z'));
    expect(next.deadlines.departmentReturn).toEqual(new Date('2026-11-26T15:59:59.999Z'));
    expect(next.due).toEqual({
      kind: 'handle',
      at: new Date('2026-12-21T15:59:59.999Z'),
      remindAt: new Date('2026-12-17T16:00:00.000Z'), // 00:00 Friday 12-18 in Beijing
    });
  });

  test('when a department returns a case twice, then it is flagged for the general office', () => {
    const once = applyTransition(assigned, 'return', ACTORS.department, { reason: '不属本司' }, ctx).next;
    expect(once).toMatchObject({
      status: 'returned',
      returnCount: 1,
      flaggedForOffice: false,
      assignment: undefined,
    });
    const again = applyTransition(
      { ...once, status: 'assigned', assignment: assigned.assignment },
      'return',
      ACTORS.department,
      { reason: '仍不属本司' },
      ctx,
    ).next;
    expect(again).toMatchObject({ returnCount: 2, flaggedForOffice: true });
  });

  test('when an extension would pass 40 working days in total, then it is refused', () => {
    const handling = { ...assigned, status: 'handling' as const };
    expect(() =>
      applyTransition(handling, 'extend', ACTORS.department, { reason: '复杂', workingDays: 21 }, ctx),
    ).toThrow(expect.objectContaining({ code: 'extension-too-long' }));
    const ok = applyTransition(
      handling,
      'extend',
      ACTORS.department,
      { reason: '复杂', workingDays: 20 },
      ctx,
    );
    expect(ok.next.extension?.pending?.workingDays).toBe(20);
    expect(ok.next.status).toBe('handling');
  });

  test('when the office approves a 10-day extension, then the handle deadline moves 10 working days', () => {
    const { next, event } = applyTransition(pendingExtension, 'approve-extension', ACTORS.office, {}, ctx);
    expect(next.status).toBe('extended');
    // 2027 is not published yet, so 2027-01-01 counts as an ordinary Friday (no override given here).
    expect(next.deadlines.handle).toEqual(new Date('2027-01-04T15:59:59.999Z'));
    expect(next.extension).toEqual({ grantedDays: 10 });
    expect(event.visibleToReporter).toBe(true);
  });
});
