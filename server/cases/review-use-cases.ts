/**
 * The reporter's review request (复查/复核, art. 13), from the chat (by the reporter's identity)
 * or from the survey page (by the survey token). The center forwards it and the reviewer decides
 * through the staff actions `forward-review` and `decide-review`; the rules of every step are in
 * domain/review-rules.ts.
 */
import { AppError } from '../http/app-error';
import { lookupHash } from '../identity/identity-crypto';
import type { CaseDeps } from './case-deps';
import { currentReview } from './domain/review-rules';
import { surveyNotFound } from './domain/survey-rules';
import type { CaseRecord } from './data-access/case-repository';
import { REPORTER, type FollowUpSteps } from './follow-up-steps';
import type { ReporterIdentity } from './reporter-supplement';
import type { SurveyUseCases } from './survey-use-cases';
import { caseNotFound } from './workflow-use-cases';

const nothingToReview = () => new AppError('nothing-to-review', 404, '没有找到可以申请复查的案件。');

export function createReviewUseCases(deps: CaseDeps, steps: FollowUpSteps, surveys: SurveyUseCases) {
  const { repo } = deps;

  /** The reporter's case to review: the one named, or their newest with a department's result. */
  async function findReporterCase(
    identity: ReporterIdentity,
    trackingNumber: string | undefined,
  ): Promise<CaseRecord> {
    const key = lookupHash(deps.dataKey, identity.kind, identity.value);
    if (trackingNumber) {
      const record = await repo.findCase(trackingNumber);
      if (!record?.reporterKeys.includes(key)) throw caseNotFound();
      return record;
    }
    // Cases under review are included, so a second request hears "正在办理中", not "not found".
    const [newest] = await repo.listCases({
      scope: { category: { $ne: 'consult' } },
      statuses: ['resolved', 'closed', 'review_requested', 'reviewing'],
      reporterKey: key,
      limit: 1,
    });
    if (!newest) throw nothingToReview();
    return newest;
  }

  async function findTokenCase(surveyToken: string, trackingNumber: string | undefined): Promise<CaseRecord> {
    const record = await surveys.findCaseBySurveyToken(surveyToken);
    if (!record) throw surveyNotFound();
    if (trackingNumber && trackingNumber !== record.trackingNumber) throw caseNotFound();
    return record;
  }

  /** Files the request; `dueAt` is when the reporter will have the review's decision. */
  async function requestReview(
    requester: ReporterIdentity | { surveyToken: string },
    trackingNumber: string | undefined,
    reason: string,
  ): Promise<{ trackingNumber: string; dueAt: Date }> {
    const record =
      'surveyToken' in requester
        ? await findTokenCase(requester.surveyToken, trackingNumber)
        : await findReporterCase(requester, trackingNumber);
    const updated = await steps.runStep(record.id, 'request-review', REPORTER, { reason });
    const review = currentReview(updated);
    if (!review) throw new AppError('review-not-stored', 500, 'review request missing after storing it');
    return { trackingNumber: updated.trackingNumber, dueAt: review.dueAt };
  }

  return { requestReview };
}

export type ReviewUseCases = ReturnType<typeof createReviewUseCases>;
