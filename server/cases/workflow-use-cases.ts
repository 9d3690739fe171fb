/**
 * Workflow use cases: every staff or reporter action on an existing case. Loads the case within
 * the actor's visibility, runs the transition table, and stores the result with a version check
 * (a concurrent action that read the same version gets 409). Merges also touch the surviving case.
 */
import { AppError } from '../http/app-error';
import type { Actor } from '../staff/staff-types';
import type { CaseDeps } from './case-deps';
import { applyTransition, type TransitionInput } from './domain/case-transitions';
import type { CaseAction, CaseActor, CaseState } from './domain/case-types';
import { visibilityFilter } from './domain/case-visibility';
import type { CaseRecord } from './data-access/case-repository';

export const caseNotFound = () => new AppError('case-not-found', 404, '没有找到这个案件，请核对编号。');
export const caseChanged = () =>
  new AppError('case-changed', 409, '这个案件刚刚被其他人更新了，请刷新后再试。');

const STATE_FIELDS: (keyof CaseState)[] = [
  'status',
  'assignment',
  'deadlines',
  'due',
  'returnCount',
  'flaggedForOffice',
  'extension',
  'mergedInto',
  'statusBeforeMerge',
  'resolution',
  'rejection',
  'survey',
  'reviews',
  'timelineLength',
];

/** Drops undefined members, which the driver would otherwise store as null in untyped fields. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key, compact(member)]),
    ) as T;
  }
  return value;
}

/** Splits the next state into $set and $unset, and re-arms reminders when the deadline moved. */
export function diffState(before: CaseRecord, next: CaseState) {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const field of STATE_FIELDS) {
    if (next[field] === undefined) {
      if (before[field] !== undefined) unset.push(field);
    } else set[field] = compact(next[field]);
  }
  const dueMoved = next.due?.at?.getTime() !== before.due?.at?.getTime();
  if (dueMoved) {
    set.reminderPending = !!next.due;
    set.escalationPending = !!next.due;
  }
  return { set, unset };
}

function scopeFor(actor: CaseActor): Record<string, unknown> {
  return actor.kind === 'staff' ? visibilityFilter(actor) : {};
}

export function createWorkflowUseCases(deps: CaseDeps) {
  const { repo, domain } = deps;

  async function loadVisible(idOrNumber: string, actor: CaseActor): Promise<CaseRecord> {
    const found = await repo.findCase(idOrNumber, scopeFor(actor));
    if (!found) throw caseNotFound();
    return found;
  }

  async function checkMergeTarget(current: CaseRecord, targetRef: string | undefined): Promise<CaseRecord> {
    const target = targetRef ? await repo.findCase(targetRef) : null;
    if (!target) throw new AppError('merge-target-not-found', 404, '没有找到要合并到的案件。');
    if (target.id === current.id) throw new AppError('invalid-input', 400, '不能把案件合并到它自己。');
    if (target.status === 'merged') {
      throw new AppError(
        'invalid-transition',
        409,
        `案件${target.trackingNumber}已被合并，请合并到${target.mergedInto}。`,
      );
    }
    return target;
  }

  /**
   * Runs one action on a case (id, tracking number, or a record the caller loaded for this actor)
   * under the case's lease. The version read before taking the lease (or the one
   * the staff UI showed) must still hold inside it: of two concurrent actions, one wins and the
   * other gets 409, on MongoDB and FerretDB alike.
   */
  async function transitionCase(
    target: string | CaseRecord,
    action: CaseAction,
    actor: CaseActor,
    input: TransitionInput,
    expectedVersion?: number,
  ): Promise<CaseRecord> {
    // A caller that already loaded the case within the actor's visibility passes the record.
    const seen = typeof target === 'string' ? await loadVisible(target, actor) : target;
    return deps.locks.withLease(
      `case:${seen.id}`,
      async () => {
        const current = await loadVisible(seen.id, actor);
        if (current.version !== (expectedVersion ?? seen.version)) throw caseChanged();
        return applyAndStore(current, action, actor, input);
      },
      () => {
        throw caseChanged();
      },
    );
  }

  async function applyAndStore(
    current: CaseRecord,
    action: CaseAction,
    actor: CaseActor,
    input: TransitionInput,
  ): Promise<CaseRecord> {
    if (action === 'merge') {
      const target = await checkMergeTarget(current, input.mergeInto);
      input = { ...input, mergeInto: target.trackingNumber };
    }
    if (action === 'assign' && input.department) {
      const known = domain.organisation.departments.some((d) => d.code === input.department);
      const unitKnown = !input.unit || domain.organisation.units.some((u) => u.code === input.unit);
      if (!known || !unitKnown)
        throw new AppError('invalid-input', 400, '承办司局或单位不存在，请重新选择。');
    }
    const { next, event } = applyTransition(current, action, actor, input, {
      calendar: domain.calendar,
      rules: domain.deadlineRules,
      now: deps.now(),
    });
    const { set, unset } = diffState(current, next);
    const updated = await repo.updateIfVersion(current.id, current.version, set, unset, {
      ...event,
      seq: next.timelineLength,
    });
    if (!updated) throw caseChanged();
    deps.logger.info({ case: updated.trackingNumber, action, status: updated.status }, 'case transition');
    if (event.visibleToReporter)
      await deps.onReporterEvent?.(updated, { ...event, seq: next.timelineLength });
    return updated;
  }

  async function loadForStaff(idOrNumber: string, actor: Actor): Promise<CaseRecord> {
    return loadVisible(idOrNumber, actor);
  }

  return { transitionCase, loadForStaff };
}
