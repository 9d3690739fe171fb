/**
 * Queues status notices for made-up cases, for the crash tests and the bench: many
 * notifications without filing many cases (intake is measured elsewhere).
 */
import { randomBytes } from 'node:crypto';
import type { CaseRecord } from '../cases/data-access/case-repository';
import type { CaseEvent } from '../cases/domain/case-types';
import { sealReporterIdentity } from '../identity/identity-crypto';
import type { NotificationComponent } from './notification-component';

export async function queueAcceptNotices(
  notifications: Pick<NotificationComponent, 'enqueue'>,
  dataKey: Buffer,
  openids: readonly string[],
  at: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, openid] of openids.entries()) {
    const id = randomBytes(12).toString('hex');
    const record = {
      id,
      trackingNumber: `SL20261123${String(900000 + index).padStart(6, '0')}`,
      reporter: sealReporterIdentity(dataKey, { anonymous: false, officialAccountOpenid: openid }),
      timeline: [],
      deadlines: {},
    } as unknown as CaseRecord;
    const event: CaseEvent = {
      seq: 2,
      type: 'accept',
      at,
      actor: { kind: 'staff' },
      visibleToReporter: true,
    };
    await notifications.enqueue(record, event);
    ids.push(`${id}:2`);
  }
  return ids;
}
