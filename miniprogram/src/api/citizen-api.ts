/** The citizen routes the pages use (server/citizens/citizen-router.ts). */
import type { CaseDetail, CaseListItem } from '../domain/case-view';
import type { CaseSubmission } from '../domain/report-form';
import { requestJson } from './http-client';

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
