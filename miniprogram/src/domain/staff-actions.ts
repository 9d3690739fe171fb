/**
 * The workflow actions staff take on a case, as forms: which fields each needs, their checks in
 * plain words, and the body of POST /api/v1/cases/:id/actions/:action (actionBodySchema of
 * server/cases/case-router.ts; the transition table says which fields are required). The server
 * still checks everything; this spares a round trip and says what is missing before sending.
 */
import type { DuplicateCandidate, StaffCaseDetail } from './staff-case';

export const STAFF_ACTIONS = [
  'accept',
  'reject',
  'request-info',
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
  'forward-review',
  'decide-review',
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export const ACTION_LABELS: Record<StaffAction, string> = {
  accept: '受理',
  reject: '不予受理',
  'request-info': '请举报人补充',
  merge: '合并',
  unmerge: '取消合并',
  assign: '分办',
  return: '退回',
  start: '开始办理',
  progress: '反馈进展',
  extend: '申请延期',
  'approve-extension': '批准延期',
  resolve: '办结',
  answer: '答复',
  close: '归档',
  'forward-review': '转交复查',
  'decide-review': '复查结论',
};

export type ActionField =
  | 'note'
  | 'reason'
  | 'referral'
  | 'department'
  | 'unit'
  | 'mergeInto'
  | 'workingDays'
  | 'summary'
  | 'answer'
  | 'outcome';

/** Fields each action shows; all are required except those in OPTIONAL (the transition table's `required`). */
export const ACTION_FIELDS: Record<StaffAction, readonly ActionField[]> = {
  accept: [],
  reject: ['reason', 'referral'],
  'request-info': ['note'],
  merge: ['mergeInto'],
  unmerge: [],
  assign: ['department', 'unit'],
  return: ['reason'],
  start: [],
  progress: ['note'],
  extend: ['reason', 'workingDays'],
  'approve-extension': [],
  resolve: ['summary'],
  answer: ['answer'],
  close: [],
  'forward-review': ['note'],
  'decide-review': ['outcome', 'note'],
};

/** The unit is the department's to choose when left open; a forwarded review may go without a note. */
const OPTIONAL: Partial<Record<StaffAction, readonly ActionField[]>> = {
  assign: ['unit'],
  'forward-review': ['note'],
};

export const REVIEW_OUTCOMES = [
  { code: 'upheld', label: '维持原结果' },
  { code: 'redo', label: '重新办理' },
  { code: 'corrected', label: '已纠正' },
] as const;

export interface ActionForm {
  note: string;
  reason: string;
  referral: string;
  department: string;
  unit: string;
  mergeInto: string;
  workingDays: string;
  summary: string;
  answer: string;
  /** Set when the answer was taken from the knowledge base (kept on the timeline). */
  knowledgeEntryId: string;
  outcome: string;
}

export type ActionErrors = Partial<Record<ActionField, string>>;

export const EMPTY_ACTION_FORM: ActionForm = {
  note: '',
  reason: '',
  referral: '',
  department: '',
  unit: '',
  mergeInto: '',
  workingDays: '',
  summary: '',
  answer: '',
  knowledgeEntryId: '',
  outcome: '',
};

/** The words each field asks for, used in labels and in "please fill in" messages. */
export const FIELD_LABELS: Record<ActionField, string> = {
  note: '说明',
  reason: '理由',
  referral: '可以反映的其他渠道',
  department: '承办司局',
  unit: '承办单位',
  mergeInto: '合并到的案件',
  workingDays: '延期的工作日天数',
  summary: '办理结果',
  answer: '答复内容',
  outcome: '复查结论',
};

/** What the note asks for depends on the action. */
export function fieldLabel(action: StaffAction, field: ActionField): string {
  if (field === 'note') {
    if (action === 'request-info') return '需要举报人补充的内容';
    if (action === 'progress') return '办理进展';
    if (action === 'decide-review') return '复查意见';
    if (action === 'forward-review') return '转交说明（可不填）';
  }
  if (field === 'reason') {
    if (action === 'reject') return '不予受理的原因';
    if (action === 'return') return '退回理由和建议的承办单位';
    if (action === 'extend') return '延期理由';
  }
  return FIELD_LABELS[field];
}

/** Server limits (actionBodySchema). */
const MAX_CHARS: Partial<Record<ActionField, number>> = {
  note: 2000,
  reason: 1000,
  referral: 500,
  summary: 2000,
  answer: 2000,
};
export const MAX_EXTENSION_DAYS = 40;

const chars = (text: string) => [...text.trim()].length;

export function validateActionForm(action: StaffAction, form: ActionForm): ActionErrors {
  const errors: ActionErrors = {};
  const optional = OPTIONAL[action] ?? [];
  for (const field of ACTION_FIELDS[action]) {
    const value = form[field].trim();
    if (!value) {
      // A knowledge-base entry is an answer by itself: the server takes its text.
      const answeredFromKnowledge = field === 'answer' && !!form.knowledgeEntryId;
      if (!optional.includes(field) && !answeredFromKnowledge) {
        const choose = field === 'department' || field === 'mergeInto' || field === 'outcome';
        errors[field] = `请${choose ? '选择' : '填写'}${fieldLabel(action, field)}。`;
      }
      continue;
    }
    const max = MAX_CHARS[field];
    if (max && chars(value) > max)
      errors[field] = `${fieldLabel(action, field)}太长了，请控制在${max}个字以内。`;
  }
  if (ACTION_FIELDS[action].includes('workingDays') && !errors.workingDays) {
    const days = Number(form.workingDays.trim());
    if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) {
      errors.workingDays = `延期天数请填写1到${MAX_EXTENSION_DAYS}之间的整数。`;
    }
  }
  return errors;
}

export const hasActionErrors = (errors: ActionErrors) => Object.keys(errors).length > 0;

export type ActionBody = Partial<Record<ActionField | 'knowledgeEntryId', string | number>> & {
  version: number;
};

/** Only the fields of this action, trimmed, with the version read for optimistic concurrency. */
export function toActionBody(action: StaffAction, form: ActionForm, version: number): ActionBody {
  const body: ActionBody = { version };
  for (const field of ACTION_FIELDS[action]) {
    const value = form[field].trim();
    if (!value) continue;
    body[field] = field === 'workingDays' ? Number(value) : value;
  }
  if (action === 'answer' && form.knowledgeEntryId) body.knowledgeEntryId = form.knowledgeEntryId;
  return body;
}

/** A form filled with what the case already suggests, so the usual choice is one tap. */
export function prefillActionForm(
  action: StaffAction,
  detail: Pick<StaffCaseDetail, 'intakeFindings' | 'assignment'>,
  candidates: readonly DuplicateCandidate[] = [],
): ActionForm {
  const form = { ...EMPTY_ACTION_FORM };
  const suggested = detail.intakeFindings?.suggestedAssignment;
  if (action === 'assign') {
    form.department = suggested?.department ?? detail.assignment?.department ?? '';
    form.unit = suggested?.unit ?? detail.assignment?.unit ?? '';
  }
  const outOfScope = detail.intakeFindings?.outOfScope;
  if (action === 'reject' && outOfScope) {
    form.reason = '不属于12314受理范围';
    form.referral = outOfScope.referral;
  }
  if (action === 'merge' && candidates.length === 1) form.mergeInto = candidates[0]?.trackingNumber ?? '';
  return form;
}

/** Actions the case page offers: the server's allowedActions, in the workflow's order. */
export function offeredActions(allowed: readonly string[]): StaffAction[] {
  return STAFF_ACTIONS.filter((action) => allowed.includes(action));
}
