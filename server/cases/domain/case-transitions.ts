/**
 * The one transition table of the 12314 workflow (rules art. 6–13). Every status change in the
 * system goes through applyTransition: it checks who may act, in which status, computes the
 * deadlines the new status works against, and returns the next state plus one timeline event.
 * Pure: the clock, the calendar and the rules come in as arguments.
 */
import { AppError } from '../../http/app-error';
import type { CaseAction, CaseActor, CaseEvent, CaseState } from './case-types';
import { RULES, type Rule, type Who } from './transition-rules';
import type { TransitionContext, TransitionInput, TransitionResult } from './transition-support';

export { intakeDeadlines } from './transition-support';
export type { TransitionContext, TransitionInput, TransitionResult } from './transition-support';

/** Which of the rule's "who" the actor is, for this case. */
function rolesOf(actor: CaseActor, state: CaseState): Who[] {
  if (actor.kind !== 'staff') return [actor.kind];
  switch (actor.role) {
    case 'center':
      return ['center'];
    case 'office':
      return ['office'];
    case 'department':
      return actor.department && state.assignment?.department === actor.department ? ['department'] : [];
    case 'unit':
      return actor.unit && state.assignment?.unit === actor.unit ? ['unit'] : [];
    default:
      return [];
  }
}

/** Whether the actor is one of the rule's "who" for this case. */
function mayTake(rule: Rule, actor: CaseActor, state: CaseState): boolean {
  const mine = rolesOf(actor, state);
  return rule.who.some((who) => mine.includes(who) && (!rule.permits || rule.permits(state, who)));
}

export function allowedActions(state: CaseState, actor: CaseActor): CaseAction[] {
  return (Object.keys(RULES) as CaseAction[]).filter((action) => {
    const rule = RULES[action];
    return (
      rule.from.includes(state.status) &&
      mayTake(rule, actor, state) &&
      (!rule.consultationOnly || state.category === 'consult')
    );
  });
}

function describeActor(actor: CaseActor): CaseEvent['actor'] {
  if (actor.kind !== 'staff') return { kind: actor.kind };
  return { kind: 'staff', staffId: actor.staffId, role: actor.role, name: actor.displayName };
}

export function applyTransition(
  state: CaseState,
  action: CaseAction,
  actor: CaseActor,
  input: TransitionInput,
  ctx: TransitionContext,
): TransitionResult {
  const rule = RULES[action];
  if (!mayTake(rule, actor, state)) {
    throw new AppError('forbidden', 403, '您没有权限对这个案件进行此操作。');
  }
  if (rule.consultationOnly && state.category !== 'consult') {
    throw new AppError('invalid-transition', 409, '只有咨询类事项可以直接答复。');
  }
  if (!rule.from.includes(state.status)) {
    throw (
      rule.statusError?.(state) ??
      new AppError('invalid-transition', 409, `案件当前状态不能进行此操作（${action}）。`)
    );
  }
  const next = rule.apply(state, input, ctx, actor);
  const note = rule.eventNote
    ? rule.eventNote(input, next)
    : (input.note ?? input.reason ?? input.summary ?? input.answer);
  return {
    next: { ...next, timelineLength: state.timelineLength + 1 },
    event: {
      type: rule.eventType ?? action,
      at: ctx.now,
      actor: describeActor(actor),
      ...(note ? { note: note.trim() } : {}),
      visibleToReporter: rule.visibleToReporter,
      data: { ...eventData(action, input, next), ...rule.eventData?.(input, next) },
    },
  };
}

function eventData(action: CaseAction, input: TransitionInput, next: CaseState): Record<string, unknown> {
  const data: Record<string, unknown> = { status: next.status };
  if (action === 'assign') data.assignment = next.assignment;
  if (action === 'reject') data.referral = input.referral;
  if (action === 'merge') data.mergeInto = input.mergeInto;
  if (action === 'extend') data.workingDays = input.workingDays;
  if (action === 'answer' && input.knowledgeEntryId) data.knowledgeEntryId = input.knowledgeEntryId;
  if (next.due) data.dueAt = next.due.at;
  return data;
}
