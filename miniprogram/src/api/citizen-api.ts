/** The citizen routes the pages use (server/citizens/citizen-router.ts). */
import type { CaseDetail, CaseListItem } from '../domain/case-view';
import type { FollowUpTarget } from '../domain/follow-up';
import type { CaseSubmission } from '../domain/report-form';
import type { SurveyAnswer } from '../domain/survey-form';
import { requestJson, requestJsonPublic } from './http-client';

export interface SubmittedCase {
  trackingNumber: string;
  status: string;
  mergedInto?: string;
}

export function submitCase(submission: CaseSubmission): Promise<SubmittedCase> {
  return requestJson<SubmittedCase>('POST', '/api/v1/citizen/cases', submission);
}

export async function listMyCases(): Promise<CaseListItem[]> {
  return (await requestJson<{ items: CaseListItem[] }>('GET', '/api/v1/citizen/cases')).items;
}

export function getMyCase(trackingNumber: string): Promise<CaseDetail> {
  return requestJson<CaseDetail>('GET', `/api/v1/citizen/cases/${encodeURIComponent(trackingNumber)}`);
}

const casePath = (trackingNumber: string, step: string) =>
  `/api/v1/citizen/cases/${encodeURIComponent(trackingNumber)}/${step}`;

export function supplementCase(trackingNumber: string, note: string): Promise<{ trackingNumber: string }> {
  return requestJson('POST', casePath(trackingNumber, 'supplement'), { note });
}

export function answerSurvey(
  target: FollowUpTarget,
  answer: SurveyAnswer,
): Promise<{ offerReview: boolean }> {
  return 'token' in target
    ? requestJsonPublic('POST', `/api/v1/surveys/${encodeURIComponent(target.token)}`, answer)
    : requestJson('POST', casePath(target.trackingNumber, 'survey'), answer);
}

export function requestReview(
  target: FollowUpTarget,
  reason: string,
): Promise<{ trackingNumber: string; dueAt?: string }> {
  return 'token' in target
    ? requestJsonPublic('POST', `/api/v1/surveys/${encodeURIComponent(target.token)}/review`, { reason })
    : requestJson('POST', casePath(target.trackingNumber, 'review'), { reason });
}

export interface KnowledgeItem {
  id: string;
  question: string;
  answer: string;
}

/** Public: the answers show before anyone signs in. */
export async function searchKnowledge(query: string): Promise<KnowledgeItem[]> {
  const path = `/api/v1/citizen/knowledge?q=${encodeURIComponent(query)}&limit=10`;
  return (await requestJsonPublic<{ items: KnowledgeItem[] }>('GET', path)).items;
}
