/**
 * What the staff API returns about a case (server/cases/case-views.ts toStaffListItem and
 * toStaffDetail, duplicate-check candidatesFor), the status words and the deadline text.
 */
export type StaffRole = 'center' | 'department' | 'unit' | 'office' | 'admin';

export interface StaffProfile {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  department: string | null;
  unit: string | null;
}

export interface MaskedReporter {
  anonymous: boolean;
  name?: string;
  phone?: string;
  hasOfficialAccountOpenid?: boolean;
  hasMiniprogramOpenid?: boolean;
}

export interface RevealedReporter {
  anonymous: boolean;
  name?: string;
  phone?: string;
  officialAccountOpenid?: string;
  miniprogramOpenid?: string;
}

export interface StaffCaseListItem {
  id: string;
  trackingNumber: string;
  channel: string;
  category: string;
  categoryName?: string;
  description: string;
  place: { address?: string; waterBody?: string; regionCode?: string };
  status: string;
  statusLabel: string;
  emergency?: boolean;
  assignment?: { department: string; departmentName?: string; unit?: string; unitName?: string };
  due?: { kind: string; at: string; remindAt: string };
  overdue: boolean;
  /** Working days from today to the deadline (the server knows the holidays); negative after it. */
  workingDaysLeft?: number;
  flaggedForOffice?: boolean;
  reporter: MaskedReporter;
  createdAt: string;
  version: number;
}

export interface StaffCaseEvent {
  seq: number;
  type: string;
  at: string;
  actor: { kind: string; role?: string; name?: string };
  note?: string;
  visibleToReporter: boolean;
  data?: Record<string, unknown>;
}

export interface StaffCasePhoto {
  id: string;
  mime: string;
  url: string;
}

export interface StaffCaseDetail extends StaffCaseListItem {
  photos: StaffCasePhoto[];
  returnCount: number;
  extension?: {
    grantedDays: number;
    pending?: { reason: string; workingDays: number; requestedAt: string };
  };
  mergedInto?: string;
  mergedFrom: string[];
  resolution?: { summary: string; at: string };
  rejection?: { reason: string; referral: string };
  survey?: { state: string; answer?: { satisfactionLabel?: string; solvedLabel?: string; comment?: string } };
  reviews?: { state: string; reason: string; outcomeLabel?: string; note?: string }[];
  intakeFindings?: {
    suggestedAssignment?: { department?: string; unit?: string };
    outOfScope?: { kind: string; referral: string };
  };
  timeline: StaffCaseEvent[];
  allowedActions: string[];
}

export interface DuplicateCandidate {
  caseId: string;
  trackingNumber: string;
  score: number;
  reasons: string[];
}

/** Mirrors STATUS_LABELS of server/cases/domain/case-types.ts (the server sends statusLabel too). */
export const STATUS_LABELS: Record<string, string> = {
  received: '待受理',
  needs_info: '待补充',
  accepted: '已受理',
  rejected: '不予受理',
  merged: '已合并',
  assigned: '已分办',
  returned: '已退回',
  handling: '办理中',
  extended: '已延期',
  answered: '已答复',
  resolved: '已办结',
  review_requested: '已申请复查',
  reviewing: '复查中',
  closed: '已归档',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

const CLOSED_STATUSES = ['rejected', 'merged', 'answered', 'resolved', 'closed'];

/**
 * The deadline as staff read it at a glance. The working-day count comes from the server; a
 * client without it falls back to whole calendar days rather than guessing the holidays.
 */
export function deadlineText(
  item: Pick<StaffCaseListItem, 'status' | 'due' | 'overdue' | 'workingDaysLeft'>,
  now: Date = new Date(),
): string {
  if (!item.due) return CLOSED_STATUSES.includes(item.status) ? '已完成' : '暂无期限';
  if (item.overdue) {
    const late = item.workingDaysLeft !== undefined ? -item.workingDaysLeft : 0;
    return late > 0 ? `已超期${late}个工作日` : '已超期';
  }
  const left = item.workingDaysLeft;
  if (left === undefined) {
    const days = Math.ceil((new Date(item.due.at).getTime() - now.getTime()) / (24 * 3600 * 1000));
    return days <= 0 ? '今天到期' : `还剩${days}天`;
  }
  return left <= 0 ? '今天到期' : `还剩${left}个工作日`;
}

/** Whether the deadline text should be shown as a warning. */
export function isDeadlineUrgent(
  item: Pick<StaffCaseListItem, 'due' | 'overdue' | 'workingDaysLeft'>,
): boolean {
  return !!item.due && (item.overdue || (item.workingDaysLeft ?? 99) <= 1);
}

/** The place as one line. It is not about the reporter, so the server sends it unmasked. */
export function placeText(place: StaffCaseListItem['place']): string {
  return [place.address, place.waterBody].filter(Boolean).join(' · ') || '未填写地点';
}

export function reporterText(reporter: MaskedReporter | RevealedReporter): string {
  if (reporter.anonymous) return '匿名举报';
  const parts = [reporter.name, reporter.phone].filter(Boolean);
  return parts.length > 0 ? parts.join('  ') : '未留联系方式';
}

/** Timeline steps in staff words (the reporter's page words them for the reporter). */
const EVENT_LABELS: Record<string, string> = {
  received: '收到举报',
  accept: '受理',
  reject: '不予受理',
  'request-info': '请举报人补充情况',
  supplement: '举报人补充了情况',
  merge: '合并到其他案件',
  unmerge: '取消合并',
  assign: '分办',
  return: '退回',
  start: '开始办理',
  progress: '办理进展',
  extend: '申请延期',
  'approve-extension': '批准延期',
  resolve: '办结',
  answer: '答复',
  close: '归档',
  reminder: '即将到期提醒',
  overdue: '超期督办',
  'survey-invited': '邀请评价',
  'survey-reminded': '提醒评价',
  'survey-answered': '举报人已评价',
  'survey-closed': '评价已结束',
  'review-requested': '举报人申请复查',
  'review-forwarded': '转交复查',
  'review-decided': '复查结论',
};

export function describeStaffEvent(type: string): string {
  return EVENT_LABELS[type] ?? '办理记录';
}

/** Who took a step, as staff read it on the timeline. */
export function describeActor(actor: StaffCaseEvent['actor']): string {
  if (actor.kind === 'reporter') return '举报人';
  if (actor.kind === 'system') return '系统';
  return actor.name ?? '工作人员';
}
