/**
 * Stores the survey and review steps (domain/survey-rules.ts, domain/review-rules.ts). They go
 * through the one transition table under the case's lease like every other step, but differ from
 * the store in workflow-use-cases.ts in two ways:
 *  - they write `survey` and `reviews`, which the generic store and the case schema do not list
 *    yet (hence `strict: false` on this one update, until case-model.ts declares them);
 *  - the survey invitation hands the notification hook a secret (the survey link's token) that
 *    must never reach the stored timeline: only the event passed to onReporterEvent carries it.
 * createFollowUpWorkflow makes these steps part of `workflow.transitionCase`, so the staff API,
 * the chat and the jobs all reach them the same way, and invites the survey after every result.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../http/app-error';
import type { CaseDeps } from './case-deps';
import { applyTransition, type TransitionInput } from './domain/case-transitions';
import type { CaseAction, CaseActor, CaseEvent, CaseState } from './domain/case-types';
import { visibilityFilter } from './domain/case-visibility';
import { REVIEW_RULES } from './domain/review-rules';
import { SURVEY_RULES } from './domain/survey-rules';
import type { CaseRecord } from './data-access/case-repository';
import { caseNotFound, type createWorkflowUseCases } from './workflow-use-cases';

type Workflow = ReturnType<typeof createWorkflowUseCases>;

export const FOLLOW_UP_ACTIONS = [...Object.keys(SURVEY_RULES), ...Object.keys(REVIEW_RULES)] as CaseAction[];

export const SYSTEM: CaseActor = { kind: 'system' };
export const REPORTER: CaseActor = { kind: 'reporter' };

/** A reporter should not see "someone else changed it" because the survey job held the case a moment. */
const BUSY_RETRIES = 5;
const BUSY_RETRY_MS = 60;

const WRITTEN_FIELDS: (keyof CaseState)[] = [
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

const caseChanged = () => new AppError('case-changed', 409, '这个案件刚刚被其他人更新了，请刷新后再试。');

/** Drops undefined members, which the driver would otherwise store as null in untyped fields. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key, compact(member)]),
    );
  }
  return value;
}

function buildUpdate(before: CaseRecord, next: CaseState, event: CaseEvent): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  for (const field of WRITTEN_FIELDS) {
    if (next[field] === undefined) {
      if (before[field] !== undefined) unset[field] = '';
    } else set[field] = compact(next[field]);
  }
  // A moved deadline re-arms the deadline reminder job, as in the generic store.
  if (next.due?.at?.getTime() !== before.due?.at?.getTime()) {
    set.reminderPending = !!next.due;
    set.escalationPending = !!next.due;
  }
  return {
    $set: set,
    ...(Object.keys(unset).length ? { $unset: unset } : {}),
    $inc: { version: 1 },
    $push: { timeline: compact(event) },
  };
}

function toCaseRecord(doc: Record<string, unknown>): CaseRecord {
  const { _id, __v: _schemaVersion, ...rest } = doc;
  return { id: String(_id), ...rest } as unknown as CaseRecord;
}

export interface StepOptions {
  /** The version the staff member saw; a reporter's or the platform's step re-checks the rules instead. */
  expectedVersion?: number;
  /** Added to the event handed to onReporterEvent only, never stored (the survey token). */
  notifyData?: Record<string, unknown>;
}

export function createFollowUpSteps(deps: CaseDeps) {
  const { repo } = deps;

  async function load(ref: string, actor: CaseActor): Promise<CaseRecord> {
    const found = await repo.findCase(ref, actor.kind === 'staff' ? visibilityFilter(actor) : {});
    if (!found) throw caseNotFound();
    return found;
  }

  async function storeStep(
    current: CaseRecord,
    action: CaseAction,
    actor: CaseActor,
    input: TransitionInput,
    notifyData?: Record<string, unknown>,
  ): Promise<CaseRecord> {
    const { next, event } = applyTransition(current, action, actor, input, {
      calendar: deps.domain.calendar,
      rules: deps.domain.deadlineRules,
      now: deps.now(),
    });
    const stored: CaseEvent = { ...event, seq: next.timelineLength };
    const doc = (await repo.model
      .findOneAndUpdate({ _id: current.id, version: current.version }, buildUpdate(current, next, stored), {
        new: true,
        strict: false,
      })
      .lean()) as Record<string, unknown> | null;
    if (!doc) throw caseChanged();
    const updated = toCaseRecord(doc);
    deps.logger.info({ case: updated.trackingNumber, action, status: updated.status }, 'case transition');
    if (event.visibleToReporter) {
      const notified = notifyData ? { ...stored, data: { ...stored.data, ...notifyData } } : stored;
      await deps.onReporterEvent?.(updated, notified);
    }
    return updated;
  }

  /**
   * Runs one survey or review step under the case's lease. Staff get 409 when the case moved on
   * since they saw it (as in transitionCase); the reporter and the platform wait briefly for a
   * held lease, and the table re-checks their step against the case as it is now.
   */
  async function runStep(
    target: string | CaseRecord,
    action: CaseAction,
    actor: CaseActor,
    input: TransitionInput,
    options: StepOptions = {},
  ): Promise<CaseRecord> {
    const seen = typeof target === 'string' ? await load(target, actor) : target;
    const expectedVersion = actor.kind === 'staff' ? (options.expectedVersion ?? seen.version) : undefined;
    const attempts = actor.kind === 'staff' ? 1 : BUSY_RETRIES;
    for (let attempt = 1; ; attempt += 1) {
      const updated = await deps.locks.withLease(
        `case:${seen.id}`,
        async () => {
          const current = await load(seen.id, actor);
          if (expectedVersion !== undefined && current.version !== expectedVersion) throw caseChanged();
          return storeStep(current, action, actor, input, options.notifyData);
        },
        () => undefined,
      );
      if (updated) return updated;
      if (attempt >= attempts) throw caseChanged();
      await delay(BUSY_RETRY_MS * attempt);
    }
  }

  /**
   * For jobs: the platform's step when the case, re-read under its lease, still needs it;
   * undefined when another instance holds the case or already did the work.
   */
  async function tryStep(
    caseId: string,
    action: CaseAction,
    input: TransitionInput,
    stillNeeded: (current: CaseRecord) => boolean,
    notifyData?: Record<string, unknown>,
  ): Promise<CaseRecord | undefined> {
    return deps.locks.withLease(
      `case:${caseId}`,
      async () => {
        const current = await repo.findCase(caseId);
        if (!current || !stillNeeded(current)) return undefined;
        return storeStep(current, action, SYSTEM, input, notifyData);
      },
      () => undefined,
    );
  }

  return { runStep, tryStep };
}

export type FollowUpSteps = ReturnType<typeof createFollowUpSteps>;

/**
 * The workflow with the survey and review steps in it: their actions are stored by
 * createFollowUpSteps, and a department's result or a consultation's answer is followed at once
 * by the survey invitation (`afterResult`), whose failure never undoes the result.
 */
export function createFollowUpWorkflow(
  base: Workflow,
  steps: FollowUpSteps,
  afterResult: (record: CaseRecord) => Promise<CaseRecord>,
): Workflow {
  async function transitionCase(
    target: string | CaseRecord,
    action: CaseAction,
    actor: CaseActor,
    input: TransitionInput,
    expectedVersion?: number,
  ): Promise<CaseRecord> {
    if (FOLLOW_UP_ACTIONS.includes(action)) {
      return steps.runStep(target, action, actor, input, { expectedVersion });
    }
    const updated = await base.transitionCase(target, action, actor, input, expectedVersion);
    return action === 'resolve' || action === 'answer' ? afterResult(updated) : updated;
  }
  return { ...base, transitionCase };
}
