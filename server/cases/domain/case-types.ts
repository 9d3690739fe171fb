/**
 * The nouns of a case (one report) as plain data. Mongoose documents never leave data-access/;
 * the domain and the use cases work on these shapes.
 */
import type { Actor, StaffRole } from '../../staff/staff-types';

export const CATEGORY_CODES = [
  'river_lake',
  'rural_water',
  'project',
  'resource',
  'soil',
  'resettlement',
  'disaster',
  'approval',
  'consult',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export const CHANNELS = ['official_account', 'miniprogram', 'hotline', 'web', 'wechaty'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CASE_STATUSES = [
  'received', // 待受理
  'needs_info', // 待补充
  'accepted', // 已受理，待分办
  'rejected', // 不予受理
  'merged', // 已合并
  'assigned', // 已分办
  'returned', // 已退回
  'handling', // 办理中
  'extended', // 已延期
  'answered', // 已答复 (consultations)
  'resolved', // 已办结
  'review_requested', // 已申请复查 (art. 13: the reporter asked, the center forwards it)
  'reviewing', // 复查中 (the department, or the general office the second time)
  'closed', // 已归档
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Labels for people; code branches on the status codes only. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
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

export const CASE_ACTIONS = [
  'accept',
  'reject',
  'request-info',
  'supplement',
  'merge',
  'unmerge',
  'assign',
  'return',
  'start',
  'progress',
  'extend',
  'approve-extension',
  'resolve',
  'answer',
  'close',
  // The satisfaction survey (art. 12, 满意度回访): the platform invites, reminds and closes it.
  'invite-survey',
  'answer-survey',
  'remind-survey',
  'close-survey',
  // Review requests (art. 13, 复查/复核).
  'request-review',
  'forward-review',
  'decide-review',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who did something: a staff member, the reporter, or the platform itself (jobs, intake rules). */
export type CaseActor = Actor | { kind: 'reporter' } | { kind: 'system' };

export type DueKind = 'assign' | 'answer' | 'requestInfo' | 'departmentReturn' | 'handle' | 'review';

export interface CaseDeadlines {
  assign?: Date;
  answer?: Date;
  requestInfo?: Date;
  departmentReturn?: Date;
  handle?: Date;
  /** The furthest an extension may go (40 working days from the handling start). */
  handleMax?: Date;
}

export interface CaseEvent {
  seq: number;
  type: string;
  at: Date;
  actor: { kind: CaseActor['kind']; staffId?: string; role?: StaffRole; name?: string };
  note?: string;
  visibleToReporter: boolean;
  data?: Record<string, unknown>;
}

export interface CasePlace {
  address?: string;
  latitude?: number;
  longitude?: number;
  regionCode?: string;
  waterBody?: string;
}

export interface ExtensionRequest {
  reason: string;
  workingDays: number;
  requestedAt: Date;
  requestedBy: string;
}

export const SURVEY_SATISFACTIONS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
] as const;
export type SurveySatisfaction = (typeof SURVEY_SATISFACTIONS)[number];
export const SATISFACTION_LABELS: Record<SurveySatisfaction, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const SURVEY_SOLVED = ['solved', 'partly', 'unsolved'] as const;
export type SurveySolved = (typeof SURVEY_SOLVED)[number];
export const SOLVED_LABELS: Record<SurveySolved, string> = {
  solved: '已解决',
  partly: '部分解决',
  unsolved: '未解决',
};

/**
 * The reporter's own verdict. Kept apart from `resolution` (the department's "done"): the
 * quarterly report (art. 14) compares the two.
 */
export interface SurveyAnswer {
  satisfaction: SurveySatisfaction;
  solved: SurveySolved;
  stars: 1 | 2 | 3 | 4 | 5;
  comment?: string;
}

export const SURVEY_CHANNELS = ['official_account', 'wechaty', 'miniprogram', 'web'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export type SurveyState = 'invited' | 'reminded' | 'answered' | 'closed';

/** The satisfaction survey of a case's current result (满意度回访, art. 12). */
export interface Survey {
  state: SurveyState;
  /** SHA-256 (hex) of the survey link's token. The token itself is never stored. */
  tokenHash: string;
  /** The result (`resolution.at`) it asks about: a redone case's new result gets a new survey. */
  resultAt: Date;
  invitedAt: Date;
  /** When the survey job acts next (the reminder, then the close as unanswered); unset when done. */
  nextAt?: Date;
  remindedAt?: Date;
  answer?: SurveyAnswer & { channel: SurveyChannel; at: Date };
  closedAt?: Date;
}

export const REVIEW_OUTCOMES = ['upheld', 'redo', 'corrected'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  upheld: '维持原结果',
  redo: '重新办理',
  corrected: '已纠正',
};

/** Who reviews: the department that handled the case (复查), or the general office (复核). */
export type ReviewHandler = { role: 'department'; department: string } | { role: 'office' };

/** One review request of a case (art. 13), from the reporter's request to the decision. */
export interface ReviewRequest {
  state: 'requested' | 'forwarded' | 'decided';
  reason: string;
  requestedAt: Date;
  /** The decision is due by then, counted from the request: the reporter's clock. */
  dueAt: Date;
  forwardedTo?: ReviewHandler;
  forwardedAt?: Date;
  outcome?: ReviewOutcome;
  note?: string;
  decidedAt?: Date;
}

/** The part of a case the transition table reads and writes. */
export interface CaseState {
  status: CaseStatus;
  category: CategoryCode;
  emergency: boolean;
  assignment?: { department?: string; unit?: string };
  deadlines: CaseDeadlines;
  /** The deadline the case is working against now (indexed for queues, reminders, overdue). */
  due?: { kind: DueKind; at: Date; remindAt: Date };
  returnCount: number;
  flaggedForOffice: boolean;
  extension?: { pending?: ExtensionRequest; grantedDays: number };
  mergedInto?: string;
  statusBeforeMerge?: CaseStatus;
  resolution?: { summary: string; at: Date };
  rejection?: { reason: string; referral: string };
  survey?: Survey;
  /** Every review request of the case, oldest first; the last one is the current. */
  reviews?: ReviewRequest[];
  timelineLength: number;
}
