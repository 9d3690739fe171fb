/**
 * A reporter adds the information staff asked for (art. 7: 补充材料) from the chat. Only a case
 * of this reporter that waits for information (needs_info) can take it; the supplement goes
 * through the one transition table like every other status change.
 */
import { AppError } from '../http/app-error';
import { lookupHash, type LookupKind } from '../identity/identity-crypto';
import type { CaseDeps } from './case-deps';
import type { CaseRecord } from './data-access/case-repository';
import type { createWorkflowUseCases } from './workflow-use-cases';

export interface ReporterIdentity {
  kind: LookupKind;
  value: string;
}

export function createReporterSupplement(
  deps: CaseDeps,
  workflow: ReturnType<typeof createWorkflowUseCases>,
) {
  async function findWaitingCase(
    identity: ReporterIdentity,
    trackingNumber?: string,
  ): Promise<CaseRecord | undefined> {
    const key = lookupHash(deps.dataKey, identity.kind, identity.value);
    if (trackingNumber) {
      const record = await deps.repo.findCase(trackingNumber);
      return record?.reporterKeys.includes(key) && record.status === 'needs_info' ? record : undefined;
    }
    const [newest] = await deps.repo.listCases({
      scope: {},
      reporterKey: key,
      statuses: ['needs_info'],
      limit: 1,
    });
    return newest;
  }

  /** The tracking number of the reporter's newest case waiting for information, if any. */
  async function findPendingSupplement(identity: ReporterIdentity): Promise<string | undefined> {
    return (await findWaitingCase(identity))?.trackingNumber;
  }

  /** Attaches the text to the case; returns its tracking number. */
  async function supplementCase(
    identity: ReporterIdentity,
    trackingNumber: string | undefined,
    note: string,
  ): Promise<string> {
    const record = await findWaitingCase(identity, trackingNumber);
    if (!record) {
      throw new AppError('nothing-to-supplement', 404, '没有找到需要补充材料的举报。');
    }
    await workflow.transitionCase(record, 'supplement', { kind: 'reporter' }, { note });
    return record.trackingNumber;
  }

  return { findPendingSupplement, supplementCase };
}
