/**
 * The survey's clock (满意度回访): one reminder after the configured working days without an
 * answer, then the close as unanswered; and the invitation of a result that got none at once (the
 * server stopped between the two writes, or the case was busy).
 *
 * Safe with several instances and across restarts: each case is handled under its lease and
 * re-read inside it, and a step is taken only when the case still needs it, so a second instance
 * finds the survey already reminded and does nothing; the transition table refuses the rest.
 */
import type { Logger } from 'pino';
import { AppError } from '../http/app-error';
import type { CaseAction } from './domain/case-types';
import { isSurveyOpen, needsSurveyInvitation } from './domain/survey-rules';
import type { CaseQuery, CaseRecord, CaseRepository } from './data-access/case-repository';
import type { FollowUpSteps } from './follow-up-steps';
import type { SurveyUseCases } from './survey-use-cases';

const BATCH = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Only recent results are caught up: switching the survey on must not survey last year's cases. */
const MISSED_INVITATION_LOOKBACK_MS = 7 * DAY_MS;

export interface SurveyJobDeps {
  repo: CaseRepository;
  steps: FollowUpSteps;
  surveys: SurveyUseCases;
  logger: Logger;
  now: () => Date;
}

export function createSurveyJob(deps: SurveyJobDeps) {
  /** Every case matching the query, a page at a time (newest first, by the list's cursor). */
  async function forEachCase(
    query: Omit<CaseQuery, 'limit' | 'after'>,
    visit: (record: CaseRecord) => Promise<void>,
  ): Promise<void> {
    let after: CaseQuery['after'];
    for (;;) {
      const page = await deps.repo.listCases({ ...query, after, limit: BATCH });
      for (const record of page) await visit(record);
      const last = page.at(-1);
      if (page.length < BATCH || !last) return;
      after = { at: last.createdAt, id: last.id };
    }
  }

  /** A step refused by the table (e.g. answered meanwhile) is no failure of the pass. */
  async function quietly(record: CaseRecord, step: () => Promise<boolean>): Promise<boolean> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      deps.logger.debug({ case: record.trackingNumber, code: error.code }, 'survey step no longer needed');
      return false;
    }
  }

  async function runOnce(): Promise<{ invited: number; reminded: number; closed: number }> {
    const now = deps.now();
    const counts = { invited: 0, reminded: 0, closed: 0 };

    await forEachCase(
      { scope: { 'survey.state': { $in: ['invited', 'reminded'] }, 'survey.nextAt': { $lte: now } } },
      async (record) => {
        const seenState = record.survey?.state;
        const action: CaseAction = seenState === 'invited' ? 'remind-survey' : 'close-survey';
        const done = await quietly(record, async () => {
          const stored = await deps.steps.tryStep(
            record.id,
            action,
            {},
            ({ survey }) =>
              isSurveyOpen(survey) && survey.state === seenState && !!survey.nextAt && survey.nextAt <= now,
          );
          return !!stored;
        });
        if (done && action === 'remind-survey') counts.reminded += 1;
        if (done && action === 'close-survey') counts.closed += 1;
      },
    );

    await forEachCase(
      {
        scope: { 'resolution.at': { $gte: new Date(now.getTime() - MISSED_INVITATION_LOOKBACK_MS) } },
        statuses: ['resolved', 'answered'],
      },
      async (record) => {
        if (!needsSurveyInvitation(record)) return;
        if (await quietly(record, () => deps.surveys.inviteIfMissing(record.id))) counts.invited += 1;
      },
    );

    if (counts.invited || counts.reminded || counts.closed) deps.logger.info(counts, 'survey job pass');
    return counts;
  }

  return { runOnce };
}

export type SurveyJob = ReturnType<typeof createSurveyJob>;
