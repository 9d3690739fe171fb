/**
 * What leaves the server about a case. Staff views carry masked reporter data only; the reporter
 * view carries only the steps marked visible to the reporter. Sealed values and lookup hashes
 * never leave.
 */
import { maskedReporterIdentity } from '../identity/identity-crypto';
import type { Actor } from '../staff/staff-types';
import type { Organisation } from '../../config/domain/organisation';
import { allowedActions } from './domain/case-transitions';
import {
  REVIEW_OUTCOME_LABELS,
  SATISFACTION_LABELS,
  SOLVED_LABELS,
  STATUS_LABELS,
  type CaseEvent,
  type ReviewRequest,
} from './domain/case-types';
import { currentReview } from './domain/review-rules';
import { workingDaysBetween, type WorkingCalendar } from './domain/working-days';
import type { CaseRecord } from './data-access/case-repository';

function nameOf(
  list: readonly { code: string; name: string }[],
  code: string | undefined,
): string | undefined {
  return code ? (list.find((item) => item.code === code)?.name ?? code) : undefined;
}

function assignmentView(record: CaseRecord, org: Organisation) {
  if (!record.assignment?.department) return undefined;
  return {
    department: record.assignment.department,
    departmentName: nameOf(org.departments, record.assignment.department),
    ...(record.assignment.unit
      ? { unit: record.assignment.unit, unitName: nameOf(org.units, record.assignment.unit) }
      : {}),
  };
}

/** The survey without its token hash (the hash would let anyone holding a database dump test tokens). */
function surveyView(record: CaseRecord) {
  const { survey } = record;
  if (!survey) return undefined;
  const { answer } = survey;
  return {
    state: survey.state,
    invitedAt: survey.invitedAt,
    remindedAt: survey.remindedAt,
    closedAt: survey.closedAt,
    ...(answer
      ? {
          answer: {
            ...answer,
            satisfactionLabel: SATISFACTION_LABELS[answer.satisfaction],
            solvedLabel: SOLVED_LABELS[answer.solved],
          },
        }
      : {}),
  };
}

function reviewView(review: ReviewRequest) {
  return { ...review, ...(review.outcome ? { outcomeLabel: REVIEW_OUTCOME_LABELS[review.outcome] } : {}) };
}

/** The survey token only ever travels to the notification hook; this keeps any stray copy out. */
function withoutSecrets(event: CaseEvent): CaseEvent {
  if (!event.data || !('surveyToken' in event.data)) return event;
  const { surveyToken: _token, ...data } = event.data;
  return { ...event, data };
}

/** One row of a staff list: enough to triage, nothing identifying. */
export function toStaffListItem(record: CaseRecord, org: Organisation, now: Date, calendar: WorkingCalendar) {
  return {
    id: record.id,
    trackingNumber: record.trackingNumber,
    channel: record.channel,
    category: record.category,
    categoryName: nameOf(org.categories, record.category),
    description: record.description.slice(0, 120),
    place: record.place,
    status: record.status,
    statusLabel: STATUS_LABELS[record.status],
    emergency: record.emergency,
    assignment: assignmentView(record, org),
    due: record.due,
    overdue: !!record.due && record.due.at < now,
    // Counted here because only the server knows the holidays: 0 on the deadline day, negative after.
    workingDaysLeft: record.due ? workingDaysBetween(calendar, now, record.due.at) : undefined,
    flaggedForOffice: record.flaggedForOffice,
    reporter: maskedReporterIdentity(record.reporter),
    createdAt: record.createdAt,
    version: record.version,
  };
}

export function toStaffDetail(
  record: CaseRecord,
  org: Organisation,
  actor: Actor,
  now: Date,
  mergedFrom: string[],
  calendar: WorkingCalendar,
) {
  return {
    ...toStaffListItem(record, org, now, calendar),
    description: record.description,
    photos: record.photos.map((photo) => ({ ...photo, url: `/api/v1/photos/${photo.id}` })),
    deadlines: record.deadlines,
    returnCount: record.returnCount,
    extension: record.extension,
    mergedInto: record.mergedInto,
    mergedFrom,
    resolution: record.resolution,
    rejection: record.rejection,
    survey: surveyView(record),
    reviews: record.reviews?.map(reviewView),
    intakeFindings: record.intakeFindings,
    timeline: record.timeline.map(withoutSecrets),
    allowedActions: allowedActions(record, actor),
    updatedAt: record.updatedAt,
  };
}

/**
 * What a reporter sees of a case (seed 004: every step with its time). Never another reporter's
 * identity: no reporter fields at all.
 */
export function toReporterView(record: CaseRecord, org: Organisation) {
  const assignment = assignmentView(record, org);
  const review = currentReview(record);
  const inReview = record.status === 'review_requested' || record.status === 'reviewing';
  const survey = surveyView(record);
  return {
    trackingNumber: record.trackingNumber,
    category: record.category,
    categoryName: nameOf(org.categories, record.category),
    description: record.description,
    place: { address: record.place.address, waterBody: record.place.waterBody },
    status: record.status,
    statusLabel: STATUS_LABELS[record.status],
    ...(assignment ? { departmentName: assignment.departmentName } : {}),
    // Under review the reporter waits for the decision, not for the center's internal forwarding.
    dueAt: inReview ? review?.dueAt : record.due?.at,
    mergedInto: record.mergedInto,
    resolution: record.resolution,
    rejection: record.rejection,
    ...(survey ? { survey: { state: survey.state, answer: survey.answer } } : {}),
    ...(review
      ? {
          review: {
            state: review.state,
            requestedAt: review.requestedAt,
            dueAt: review.dueAt,
            ...(review.outcome
              ? {
                  outcome: review.outcome,
                  outcomeLabel: REVIEW_OUTCOME_LABELS[review.outcome],
                  note: review.note,
                }
              : {}),
          },
        }
      : {}),
    timeline: record.timeline
      .filter((event) => event.visibleToReporter)
      .map((event) => ({ type: event.type, at: event.at, note: event.note })),
    createdAt: record.createdAt,
  };
}
