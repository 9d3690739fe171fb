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
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who did something: a staff member, the reporter, or the platform itself (jobs, intake rules). */
export type CaseActor = Actor | { kind: 'reporter' } | { kind: 'system' };

export type DueKind = 'assign' | 'answer' | 'requestInfo' | 'departmentReturn' | 'handle';

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
  timelineLength: number;
}
