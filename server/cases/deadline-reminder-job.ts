/**
 * Raises a reminder one working day before a case's deadline and an overdue escalation (督办) after
 * it, to the responsible staff and their supervisor, and records each on the case timeline.
 *
 * Safe with several instances and across restarts: each case is handled under its lease (a case
 * another instance is working on is skipped this pass); the alert is written first under a
 * deterministic id, so a crash before the case update repeats only that idempotent step, and the
 * case update clears the pending flag and appends the timeline event in one write.
 */
import type { Logger } from 'pino';
import type { AlertRecipient, AlertRepository } from '../alerts/alert-repository';
import type { DocumentLocks } from '../db/document-lock';
import type { CaseRepository, CaseRecord } from './data-access/case-repository';

type Kind = 'reminder' | 'overdue';

const BATCH = 50;

function recipientsFor(record: CaseRecord): AlertRecipient[] {
  const supervisor: AlertRecipient = { role: 'office' };
  if (!record.assignment?.department || record.due?.kind === 'assign')
    return [{ role: 'center' }, supervisor];
  return [
    { role: 'department', department: record.assignment.department },
    ...(record.assignment.unit ? [{ role: 'unit' as const, unit: record.assignment.unit }] : []),
    supervisor,
  ];
}

function messageFor(kind: Kind, record: CaseRecord): string {
  const due = record.due?.at.toISOString().slice(0, 10);
  return kind === 'reminder'
    ? `案件${record.trackingNumber}将于${due}到期，请抓紧办理。`
    : `案件${record.trackingNumber}已超过办理时限（${due}），请督促办理。`;
}

export interface ReminderJobDeps {
  repo: CaseRepository;
  locks: DocumentLocks;
  alerts: AlertRepository;
  logger: Logger;
  now: () => Date;
}

export function createDeadlineReminderJob(deps: ReminderJobDeps) {
  const Case = deps.repo.model;

  async function handleOne(kind: Kind, seen: CaseRecord, now: Date): Promise<boolean> {
    return deps.locks.withLease(
      `case:${seen.id}`,
      () => handleLocked(kind, seen.id, now),
      () => false,
    );
  }

  async function handleLocked(kind: Kind, id: string, now: Date): Promise<boolean> {
    const flag = kind === 'reminder' ? 'reminderPending' : 'escalationPending';
    const record = await deps.repo.findCase(id);
    if (!record?.due || !record[flag]) return false; // handled meanwhile by another instance
    await deps.alerts.raiseAlertOnce(`${record.id}:${kind}:${record.due.at.toISOString()}`, {
      kind,
      caseId: record.id,
      trackingNumber: record.trackingNumber,
      message: messageFor(kind, record),
      recipients: recipientsFor(record),
      createdAt: now,
    });
    const claimed = await Case.updateOne(
      { _id: record.id, version: record.version, [flag]: true },
      {
        // An escalation supersedes a reminder that never went out (e.g. the server was down).
        $set:
          kind === 'reminder'
            ? { reminderPending: false }
            : { reminderPending: false, escalationPending: false },
        $inc: { version: 1, timelineLength: 1 },
        $push: {
          timeline: {
            seq: record.timelineLength + 1,
            type: kind,
            at: now,
            actor: { kind: 'system' },
            note: messageFor(kind, record),
            visibleToReporter: false,
            data: { dueKind: record.due.kind, dueAt: record.due.at },
          },
        },
      },
    );
    return claimed.modifiedCount === 1;
  }

  /** One pass over everything due now; returns how many reminders and escalations it raised. */
  async function runOnce(): Promise<{ reminded: number; escalated: number }> {
    const now = deps.now();
    const counts = { reminded: 0, escalated: 0 };
    const passes: [Kind, Record<string, unknown>][] = [
      ['reminder', { reminderPending: true, 'due.remindAt': { $lte: now }, 'due.at': { $gt: now } }],
      ['overdue', { escalationPending: true, 'due.at': { $lte: now } }],
    ];
    for (const [kind, filter] of passes) {
      for (;;) {
        const batch = (await Case.find(filter).select({ timeline: 0 }).limit(BATCH).lean()).map(
          (doc) =>
            ({ ...(doc as object), id: String((doc as { _id: unknown })._id) }) as unknown as CaseRecord,
        );
        let handled = 0;
        for (const record of batch) if (await handleOne(kind, record, now)) handled += 1;
        if (kind === 'reminder') counts.reminded += handled;
        else counts.escalated += handled;
        if (batch.length < BATCH || handled === 0) break;
      }
    }
    if (counts.reminded || counts.escalated) deps.logger.info(counts, 'deadline reminders raised');
    return counts;
  }

  return { runOnce };
}
