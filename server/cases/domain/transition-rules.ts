/**
 * The rules table of the workflow (rules art. 6–13): for each action, the statuses it may start
 * from, who may take it, whether the reporter sees the step, and how it changes the case. Applied
 * only through applyTransition (case-transitions.ts). The survey's rows (art. 12) and the review
 * requests' rows (art. 13) live in survey-rules.ts and review-rules.ts and are merged in here.
 */
import { AppError } from '../../http/app-error';
import { addWorkingDays } from './working-days';
import { computeDeadline, maxExtendedHandleDeadline } from './deadlines';
import { CASE_ACTIONS, type CaseAction } from './case-types';
import { REVIEW_RULES } from './review-rules';
import { SURVEY_RULES } from './survey-rules';
import { dueFor, intakeDeadlines, required, type Rule, type Who } from './transition-support';

export type { Rule, Who } from './transition-support';

const HANDLERS: readonly Who[] = ['department', 'unit'];

const OPEN_FOR_HANDLING = ['assigned', 'handling', 'extended'] as const;

type CoreAction = Exclude<CaseAction, keyof typeof SURVEY_RULES | keyof typeof REVIEW_RULES>;

const CORE_RULES: Record<CoreAction, Rule> = {
  accept: {
    from: ['received'],
    who: ['center'],
    visibleToReporter: true,
    apply: (state) => ({ ...state, status: 'accepted' }),
  },
  reject: {
    from: ['received', 'needs_info', 'accepted'],
    who: ['center'],
    visibleToReporter: true,
    apply: (state, input) => ({
      ...state,
      status: 'rejected',
      rejection: {
        reason: required(input, 'reason', '不予受理的原因'),
        referral: required(input, 'referral', '转办渠道'),
      },
      due: undefined,
    }),
  },
  'request-info': {
    from: ['received', 'accepted'],
    who: ['center'],
    visibleToReporter: true,
    apply: (state, input) => {
      required(input, 'note', '需要补充的内容');
      return { ...state, status: 'needs_info', due: undefined };
    },
  },
  supplement: {
    from: ['needs_info'],
    who: ['reporter', 'center'],
    visibleToReporter: true,
    apply: (state, input, ctx) => {
      required(input, 'note', '补充的内容');
      const { deadlines, due } = intakeDeadlines(state, ctx);
      return { ...state, status: 'received', deadlines: { ...state.deadlines, ...deadlines }, due };
    },
  },
  merge: {
    from: ['received', 'needs_info', 'accepted', 'returned'],
    who: ['center', 'system'],
    visibleToReporter: true,
    apply: (state, input) => ({
      ...state,
      status: 'merged',
      mergedInto: required(input, 'mergeInto', '合并到的案件'),
      statusBeforeMerge: state.status,
      due: undefined,
    }),
  },
  unmerge: {
    from: ['merged'],
    who: ['center'],
    visibleToReporter: true,
    apply: (state, _input, ctx) => {
      const restored = state.statusBeforeMerge ?? 'received';
      const { due } = intakeDeadlines(state, ctx);
      return { ...state, status: restored, mergedInto: undefined, statusBeforeMerge: undefined, due };
    },
  },
  assign: {
    from: ['received', 'accepted', 'returned', 'assigned'],
    who: ['center'],
    visibleToReporter: true,
    apply: (state, input, ctx) => {
      const department = required(input, 'department', '承办司局');
      const consultation = state.category === 'consult';
      const handle = computeDeadline(ctx.calendar, ctx.rules, 'handle', consultation, ctx.now);
      return {
        ...state,
        status: 'assigned',
        assignment: { department, ...(input.unit ? { unit: input.unit } : {}) },
        deadlines: {
          ...state.deadlines,
          departmentReturn: computeDeadline(
            ctx.calendar,
            ctx.rules,
            'departmentReturn',
            consultation,
            ctx.now,
          ),
          handle,
          handleMax: maxExtendedHandleDeadline(ctx.calendar, ctx.rules, ctx.now),
        },
        extension: { grantedDays: 0 },
        due: dueFor('handle', handle, ctx),
      };
    },
  },
  return: {
    from: ['assigned', 'handling'],
    who: ['department'],
    visibleToReporter: false,
    apply: (state, input, ctx) => {
      required(input, 'reason', '退回理由和建议的承办单位');
      const returnCount = state.returnCount + 1;
      const consultation = state.category === 'consult';
      const assign = computeDeadline(ctx.calendar, ctx.rules, 'assign', consultation, ctx.now);
      return {
        ...state,
        status: 'returned',
        assignment: undefined,
        returnCount,
        // After two returns the general office looks at where the case belongs (rules art. 9).
        flaggedForOffice: state.flaggedForOffice || returnCount >= 2,
        deadlines: { ...state.deadlines, assign },
        due: dueFor('assign', assign, ctx),
      };
    },
  },
  start: {
    from: ['assigned'],
    who: HANDLERS,
    visibleToReporter: true,
    apply: (state) => ({ ...state, status: 'handling' }),
  },
  progress: {
    from: OPEN_FOR_HANDLING,
    who: [...HANDLERS, 'center'],
    visibleToReporter: true,
    apply: (state, input) => {
      required(input, 'note', '进展情况');
      return state;
    },
  },
  extend: {
    from: ['handling', 'extended'],
    who: ['department'],
    visibleToReporter: false,
    apply: (state, input, ctx, actor) => {
      const reason = required(input, 'reason', '延期理由');
      const days = input.workingDays;
      if (!Number.isInteger(days) || !days || days < 1) {
        throw new AppError('invalid-input', 400, '请填写延期的工作日天数。');
      }
      if (state.extension?.pending)
        throw new AppError('invalid-transition', 409, '已有一个延期申请在等待审批。');
      const proposed = addWorkingDays(ctx.calendar, state.deadlines.handle ?? ctx.now, days);
      if (state.deadlines.handleMax && proposed > state.deadlines.handleMax) {
        throw new AppError(
          'extension-too-long',
          409,
          `延期后总时限不能超过${ctx.rules.handleExtendedMax}个工作日。`,
        );
      }
      const requestedBy = actor.kind === 'staff' ? actor.staffId : actor.kind;
      return {
        ...state,
        extension: {
          grantedDays: state.extension?.grantedDays ?? 0,
          pending: { reason, workingDays: days, requestedAt: ctx.now, requestedBy },
        },
      };
    },
  },
  'approve-extension': {
    from: ['handling', 'extended'],
    who: ['office'],
    visibleToReporter: true,
    apply: (state, _input, ctx) => {
      const pending = state.extension?.pending;
      if (!pending) throw new AppError('invalid-transition', 409, '没有待审批的延期申请。');
      const handle = addWorkingDays(ctx.calendar, state.deadlines.handle ?? ctx.now, pending.workingDays);
      return {
        ...state,
        status: 'extended',
        deadlines: { ...state.deadlines, handle },
        extension: { grantedDays: (state.extension?.grantedDays ?? 0) + pending.workingDays },
        due: dueFor('handle', handle, ctx),
      };
    },
  },
  resolve: {
    from: OPEN_FOR_HANDLING,
    who: HANDLERS,
    visibleToReporter: true,
    apply: (state, input, ctx) => ({
      ...state,
      status: 'resolved',
      resolution: { summary: required(input, 'summary', '办理结果'), at: ctx.now },
      due: undefined,
    }),
  },
  answer: {
    from: ['received', 'accepted', 'assigned', 'handling'],
    who: ['center', ...HANDLERS],
    consultationOnly: true,
    visibleToReporter: true,
    apply: (state, input, ctx) => ({
      ...state,
      status: 'answered',
      resolution: { summary: required(input, 'answer', '答复内容'), at: ctx.now },
      due: undefined,
    }),
  },
  close: {
    from: ['resolved', 'answered', 'rejected'],
    who: ['center'],
    visibleToReporter: true,
    apply: (state) => ({ ...state, status: 'closed', due: undefined }),
  },
};

export const RULES: Record<CaseAction, Rule> = { ...CORE_RULES, ...SURVEY_RULES, ...REVIEW_RULES };

const STAFF: readonly Who[] = ['center', 'department', 'unit', 'office'];

/**
 * The actions staff take through the API. Reporter and platform steps (a survey answer, a review
 * request, the survey job's reminder) have their own entry points; a supplement comes from the
 * reporter even when the center types it in for them.
 */
export const STAFF_ACTIONS: readonly CaseAction[] = CASE_ACTIONS.filter(
  (action) => action !== 'supplement' && RULES[action].who.some((who) => STAFF.includes(who)),
);
