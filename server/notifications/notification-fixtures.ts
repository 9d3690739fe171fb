/**
 * Queues status notices for made-up cases, for the crash tests and the bench: many
 * notifications without filing many cases (intake is measured elsewhere).
 */
import { randomBytes } from 'node:crypto';
import type { CaseRecord } from '../cases/data-access/case-repository';
import type { CaseEvent } from '../cases/domain/case-types';
import { sealReporterIdentity } from '../identity/identity-crypto';
import type { NotificationComponent } from './notification-component';

/** A case just accepted (its event seq 2), reported through the official account by `openid`. */
export function acceptedCase(dataKey: Buffer, caseId: string, openid: string, at: Date, index = 0) {
  const event: CaseEvent = { seq: 2, type: 'accept', at, actor: { kind: 'staff' }, visibleToReporter: true };
  const record = {
    id: caseId,
    trackingNumber: `SL20261123${String(900000 + index).padStart(6, '0')}`,
    reporter: sealReporterIdentity(dataKey, { anonymous: false, officialAccountOpenid: openid }),
    timeline: [event],
    deadlines: {},
  } as unknown as CaseRecord;
  return { record, event, notificationId: `${caseId}:2` };
}

export async function queueAcceptNotices(
  notifications: Pick<NotificationComponent, 'enqueue'>,
  dataKey: Buffer,
  openids: readonly string[],
  at: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, openid] of openids.entries()) {
    const { record, event, notificationId } = acceptedCase(
      dataKey,
      randomBytes(12).toString('hex'),
      openid,
      at,
      index,
    );
    await notifications.enqueue(record, event);
    ids.push(notificationId);
  }
  return ids;
}
