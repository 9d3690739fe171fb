/**
 * What GET /api/v1/citizen/cases(/:trackingNumber) returns (server/cases/case-views.ts
 * toReporterView and case-queries listCasesForReporter), and the words for each timeline step.
 */
export interface CaseEventView {
  type: string;
  at: string;
  note?: string;
}

export interface CaseListItem {
  trackingNumber: string;
  categoryName?: string;
  description: string;
  status: string;
  statusLabel: string;
  dueAt?: string;
  createdAt: string;
}

export interface CaseDetail {
  trackingNumber: string;
  category: string;
  categoryName?: string;
  description: string;
  place: { address?: string; waterBody?: string };
  status: string;
  statusLabel: string;
  departmentName?: string;
  dueAt?: string;
  mergedInto?: string;
  resolution?: { summary: string; at: string };
  rejection?: { reason: string; referral: string };
  /** invited or reminded: the survey is open for an answer. */
  survey?: { state: 'invited' | 'reminded' | 'answered' | 'closed'; answer?: { satisfactionLabel?: string } };
  review?: { state: string; requestedAt: string; dueAt?: string; outcomeLabel?: string; note?: string };
  timeline: CaseEventView[];
  createdAt: string;
  handledAs?: Omit<CaseDetail, 'handledAs'>;
}

const EVENT_LABELS: Record<string, string> = {
  received: '已收到您的举报',
  accept: '已受理',
  reject: '不予受理',
  'request-info': '请您补充情况',
  supplement: '已补充情况',
  merge: '与相同问题合并办理',
  unmerge: '取消合并，单独办理',
  assign: '已转交承办单位',
  return: '承办单位退回，重新分办',
  start: '承办单位开始办理',
  progress: '办理进展',
  extend: '申请延期',
  'approve-extension': '办理期限已延长',
  resolve: '已办结',
  answer: '已答复',
  close: '已归档',
  'survey-invited': '邀请您评价办理结果',
  'survey-reminded': '提醒您评价办理结果',
  'survey-answered': '已收到您的评价',
  'review-requested': '已收到您的复查申请',
  'review-forwarded': '复查申请已转交',
  'review-decided': '复查已有结果',
};

/** A case of this reporter waiting for the information staff asked for (补充材料). */
export function canSupplement(detail: Pick<CaseDetail, 'status'>): boolean {
  return detail.status === 'needs_info';
}

export function isSurveyOpen(detail: Pick<CaseDetail, 'survey'>): boolean {
  return detail.survey?.state === 'invited' || detail.survey?.state === 'reminded';
}

/**
 * A result the reporter may still contest (复查, rules art. 13): a resolved report, not a
 * consultation, with no review under way. The server holds the time limit and says so plainly.
 */
export function canAskReview(detail: Pick<CaseDetail, 'status' | 'category'>): boolean {
  return (detail.status === 'resolved' || detail.status === 'closed') && detail.category !== 'consult';
}

/** What staff asked for last (the note of the newest request-info step), if anything. */
export function latestInfoRequest(detail: Pick<CaseDetail, 'timeline'>): string | undefined {
  return [...detail.timeline].reverse().find((event) => event.type === 'request-info')?.note;
}

export function describeEvent(type: string): string {
  return EVENT_LABELS[type] ?? '办理进展';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-11-23 14:05 in China time, whatever the phone's zone. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const china = new Date(date.getTime() + 8 * 3600 * 1000);
  return `${china.getUTCFullYear()}-${pad(china.getUTCMonth() + 1)}-${pad(china.getUTCDate())} ${pad(
    china.getUTCHours(),
  )}:${pad(china.getUTCMinutes())}`;
}

export function formatDate(iso: string | undefined): string {
  return formatTime(iso).slice(0, 10);
}
