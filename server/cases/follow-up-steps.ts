/**
 * Stores the survey and review steps (domain/survey-rules.ts, domain/review-rules.ts). They go
 * through the one transition table and the same store (diffState, updateIfVersion) under the
 * case's lease like every other step; what differs is that the survey invitation hands the
 * notification hook a secret (the survey link's token) that must never reach the stored
 * timeline: only the event passed to onReporterEvent carries it.
 * createFollowUpWorkflow makes these steps part of `workflow.transitionCase`, so the staff API,
 * the chat and the jobs all reach them the same way, and invites the survey after every result.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { CaseDeps } from './case-deps';
import { applyTransition, type TransitionInput } from './domain/case-transitions';
import type { CaseAction, CaseActor, CaseEvent } from './domain/case-types';
import { visibilityFilter } from './domain/case-visibility';
import { REVIEW_RULES } from './domain/review-rules';
import { SURVEY_RULES } from './domain/survey-rules';
import type { CaseRecord } from './data-access/case-repository';
import {
  caseChanged,
  caseNotFound,
  compact,
  diffState,
  type createWorkflowUseCases,
} from './workflow-use-cases';

type Workflow = ReturnType<typeof createWorkflowUseCases>;

export const FOLLOW_UP_ACTIONS = [...Object.keys(SURVEY_RULES), ...Object.keys(REVIEW_RULES)] as CaseAction[];

export const SYSTEM: CaseActor = { kind: 'system' };
export const REPORTER: CaseActor = { kind: 'reporter' };

/** A reporter should not see "someone else changed it" because the survey job held the case a moment. */
const BUSY_RETRIES = 5;
const BUSY_RETRY_MS = 60;

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
    const stored: CaseEvent = compact({ ...event, seq: next.timelineLength });
    const { set, unset } = diffState(current, next);
    const updated = await repo.updateIfVersion(current.id, current.version, set, unset, stored);
    if (!updated) throw caseChanged();
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
