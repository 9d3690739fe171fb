/**
 * The work queues of the staff workbench: which list each role looks at, as the query string of
 * GET /api/v1/cases. The statuses follow the transition table (server/cases/domain/
 * transition-rules.ts): the center accepts `received`, assigns `accepted` and `returned`,
 * forwards `review_requested` and archives results; departments and units work on `assigned`,
 * `handling` and `extended`; a review forwarded to a department or the office is `reviewing`.
 * The server still limits every list to what the role may see.
 */
import type { StaffRole } from './staff-case';

export type QueueKey =
  'intake' | 'assign' | 'handle' | 'due-soon' | 'overdue' | 'review' | 'close' | 'flagged' | 'all';

export interface Queue {
  key: QueueKey;
  label: string;
  /** For the empty list, in plain words. */
  emptyText: string;
  /** Without `limit`: see queueQuery. */
  filter: string;
}

const QUEUES: Record<QueueKey, Queue> = {
  intake: {
    key: 'intake',
    label: '待受理',
    emptyText: '没有等待受理的举报。',
    filter: 'status=received,needs_info',
  },
  assign: {
    key: 'assign',
    label: '待分办',
    emptyText: '没有等待分办的案件。',
    filter: 'status=accepted,returned',
  },
  handle: {
    key: 'handle',
    label: '待办理',
    emptyText: '没有需要办理的案件。',
    filter: 'status=assigned,handling,extended',
  },
  'due-soon': {
    key: 'due-soon',
    label: '即将超期',
    emptyText: '没有即将到期的案件。',
    filter: 'dueSoon=true',
  },
  overdue: { key: 'overdue', label: '已超期', emptyText: '没有超期的案件。', filter: 'overdue=true' },
  review: {
    key: 'review',
    label: '复查',
    emptyText: '没有复查申请。',
    filter: 'status=review_requested,reviewing',
  },
  close: {
    key: 'close',
    label: '待归档',
    emptyText: '没有等待归档的案件。',
    filter: 'status=resolved,answered,rejected',
  },
  flagged: { key: 'flagged', label: '多次退回', emptyText: '没有多次退回的案件。', filter: 'flagged=true' },
  all: { key: 'all', label: '全部', emptyText: '还没有案件。', filter: '' },
};

/** The tabs of each role, most pressing work first. */
const ROLE_QUEUES: Record<StaffRole, readonly QueueKey[]> = {
  center: ['intake', 'assign', 'due-soon', 'overdue', 'review', 'close', 'all'],
  department: ['handle', 'due-soon', 'overdue', 'review', 'all'],
  unit: ['handle', 'due-soon', 'overdue', 'all'],
  // The general office supervises (督办), approves extensions and re-reviews (复核).
  office: ['overdue', 'due-soon', 'review', 'flagged', 'handle', 'all'],
  admin: ['overdue', 'due-soon', 'all'],
};

export const QUEUE_PAGE_SIZE = 50;

export function queuesFor(role: StaffRole): Queue[] {
  return (ROLE_QUEUES[role] ?? ROLE_QUEUES.admin).map((key) => QUEUES[key]);
}

export function findQueue(key: string | undefined): Queue | undefined {
  return key && key in QUEUES ? QUEUES[key as QueueKey] : undefined;
}

/** The query string (without '?') of GET /api/v1/cases for the queue. */
export function queueQuery(queue: Queue, limit = QUEUE_PAGE_SIZE): string {
  return [queue.filter, `limit=${limit}`].filter(Boolean).join('&');
}

/** Whether the role sees the figures page (the server answers 403 to the others). */
export function mayViewFigures(role: StaffRole): boolean {
  return role === 'office' || role === 'admin';
}
