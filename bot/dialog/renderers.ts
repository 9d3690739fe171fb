/**
 * Replies for the results of outcomes, rendered by the adapter once it has performed them. Each
 * fits one phone screen: long lists lose their oldest lines, long answers are clipped.
 */
import type { DialogTexts } from './dialog-types';
import {
  REPLY_LIMIT,
  clipText,
  fillText,
  formatBeijingDay,
  formatBeijingTime,
  joinLines,
} from './text-format';

export interface CaseListItem {
  trackingNumber: string;
  statusLabel: string;
  /** The deadline the case works against now, if any. */
  dueAt?: Date;
}

/** The reporter's view of a case (toReporterView): only the steps visible to the reporter. */
export interface CaseTimelineView {
  trackingNumber: string;
  statusLabel: string;
  dueAt?: Date;
  timeline: { type: string; at: Date; note?: string }[];
}

/** Knowledge-base entries, best match first. */
export interface ConsultEntry {
  question: string;
  answer: string;
}

const CASE_LIST_MAX = 5;
const NOTE_MAX = 40;
const QUESTION_MAX = 40;
const MORE_ANSWER_MAX = 60;
const MORE_ANSWERS = 2;

export function renderSubmitted(trackingNumber: string, texts: DialogTexts): string {
  return fillText(texts.replies.submitted, { trackingNumber });
}

/** Thanks; and the way to a review when the reporter was not satisfied and may still ask. */
export function renderSurveyAnswered(offerReview: boolean, texts: DialogTexts): string {
  const { replies } = texts;
  return joinLines(replies.surveyThanks, offerReview ? replies.reviewOffer : undefined);
}

/** The review request is filed: by when the reporter hears the decision (a Beijing day). */
export function renderReviewRequested(
  request: { trackingNumber: string; dueAt: Date },
  texts: DialogTexts,
): string {
  return fillText(texts.replies.reviewRequested, {
    trackingNumber: request.trackingNumber,
    date: formatBeijingDay(request.dueAt),
  });
}

/** Newest first, as the adapter lists them; the oldest are left out when the screen is full. */
export function renderCaseList(cases: readonly CaseListItem[], now: Date, texts: DialogTexts): string {
  const { replies } = texts;
  if (cases.length === 0) return replies.caseListEmpty;
  const lines = cases.map((item) => {
    const due = !item.dueAt
      ? ''
      : fillText(item.dueAt.getTime() < now.getTime() ? replies.caseListOverdue : replies.caseListDue, {
          date: formatBeijingDay(item.dueAt),
        });
    return fillText(replies.caseListLine, {
      trackingNumber: item.trackingNumber,
      statusLabel: item.statusLabel,
      due,
    });
  });
  const header = fillText(replies.caseListHeader, { total: cases.length });
  let shown = Math.min(CASE_LIST_MAX, lines.length);
  const render = () =>
    joinLines(
      header,
      ...lines.slice(0, shown),
      shown < lines.length ? fillText(replies.caseListMore, { shown }) : undefined,
      replies.caseListFooter,
    );
  while (shown > 1 && render().length > REPLY_LIMIT) shown -= 1;
  return render();
}

/** Every step with its Beijing time (seed 004: 6:48 asked, 10:15 routed…), oldest first. */
export function renderCaseTimeline(view: CaseTimelineView, texts: DialogTexts): string {
  const { replies } = texts;
  const steps = [...view.timeline]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((event) => {
      const label = texts.eventLabels[event.type] ?? texts.fallbackEventLabel;
      const line = fillText(replies.timelineLine, { time: formatBeijingTime(event.at), label });
      const note = event.note?.trim().replace(/\s+/g, ' ');
      return note ? line + fillText(replies.timelineNote, { note: clipText(note, NOTE_MAX) }) : line;
    });
  const header = fillText(replies.timelineHeader, {
    trackingNumber: view.trackingNumber,
    statusLabel: view.statusLabel,
  });
  const due = view.dueAt ? fillText(replies.timelineDue, { date: formatBeijingDay(view.dueAt) }) : undefined;
  // The latest steps matter most to a reporter asking "where is my case".
  let dropped = 0;
  const render = () =>
    joinLines(
      header,
      dropped > 0 ? fillText(replies.timelineEarlier, { count: dropped }) : undefined,
      ...steps.slice(dropped),
      due,
    );
  while (steps.length - dropped > 1 && render().length > REPLY_LIMIT) dropped += 1;
  return render();
}

function renderAnswer(entry: ConsultEntry, answerMax: number, texts: DialogTexts): string {
  return fillText(texts.replies.consultAnswer, {
    question: clipText(entry.question.trim(), QUESTION_MAX),
    answer: clipText(entry.answer.trim(), Math.max(answerMax, 10)),
  });
}

/** The best answer first, in as much of the screen as it needs; the offer to file always last. */
export function renderConsultAnswers(entries: readonly ConsultEntry[], texts: DialogTexts): string {
  const { replies } = texts;
  const [best, ...others] = entries;
  if (!best) return joinLines(replies.consultNone, replies.consultOffer);
  const frame = renderAnswer({ question: best.question, answer: '' }, 0, texts).length;
  const bestMax = REPLY_LIMIT - frame - replies.consultOffer.length - 1;
  const parts = [renderAnswer(best, bestMax, texts)];
  for (const entry of others.slice(0, MORE_ANSWERS)) {
    const candidate = renderAnswer(entry, MORE_ANSWER_MAX, texts);
    if (joinLines(...parts, candidate, replies.consultOffer).length <= REPLY_LIMIT) parts.push(candidate);
  }
  return joinLines(...parts, replies.consultOffer);
}
