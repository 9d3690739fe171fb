/**
 * What the reporter hears about one step of their case (pure): the notice for a timeline event,
 * and its rendering as template keywords within WeChat's limits (§5.4, §6.3), as a
 * customer-service text, and as the mini-program page it opens.
 */
import { clipText, fillText, formatBeijingDay } from '../../../bot/dialog/text-format';
import type { NotificationRules, TemplateConfig } from '../../../config/domain/notification-rules';

export interface Notice {
  eventType: string;
  trackingNumber: string;
  /** A WeChat phrase: at most 5 characters. */
  status: string;
  /** The full sentence; template fields get a trimmed version. */
  detail: string;
  at: Date;
  /** The mini-program page the notice opens (case detail, or the survey). */
  page: string;
}

/** What the event alone does not say, read from the case when the event is stored. */
export interface NoticeFacts {
  trackingNumber: string;
  departmentName?: string;
  dueAt?: Date;
  resolution?: string;
  rejection?: { reason: string; referral: string };
  mergedInto?: string;
  extensionReason?: string;
  surveyToken?: string;
}

export interface NoticeEvent {
  type: string;
  at: Date;
  note?: string;
}

const LIMITS: Record<string, number> = { thing: 20, phrase: 5, character_string: 32, name: 10 };
const BREAK = /[，。；、,;]/;
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export function buildNotice(
  event: NoticeEvent,
  facts: NoticeFacts,
  rules: NotificationRules,
): Notice | undefined {
  const rule = rules.notices[event.type];
  if (!rule) return undefined;
  const detail = fillText(rule.detail, {
    trackingNumber: facts.trackingNumber,
    note: event.note ?? '',
    reason: facts.rejection?.reason ?? event.note ?? '',
    referral: facts.rejection?.referral ?? '有关部门',
    mergedInto: facts.mergedInto ?? '',
    department: facts.departmentName ?? '承办单位',
    dueDate: facts.dueAt ? formatBeijingDay(facts.dueAt) : '规定期限',
    extensionReason: facts.extensionReason ?? '工作需要',
    resolution: facts.resolution ?? event.note ?? '',
  })
    .replace(/\s+/g, ' ')
    .trim();
  const page =
    rule.page === 'survey' && facts.surveyToken
      ? fillText(rules.pages.survey, { surveyToken: facts.surveyToken })
      : fillText(rules.pages.case, { trackingNumber: facts.trackingNumber });
  return {
    eventType: event.type,
    trackingNumber: facts.trackingNumber,
    status: rule.status,
    detail,
    at: event.at,
    page,
  };
}

/** Cuts at a clause break when one is near the end, else at the limit, and marks the cut. */
export function fitText(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  const head = chars.slice(0, max - 1);
  let lastBreak = head.length - 1;
  while (lastBreak >= 0 && !BREAK.test(head[lastBreak]!)) lastBreak -= 1;
  if (lastBreak >= Math.floor(max / 2)) return `${head.slice(0, lastBreak).join('')}…`;
  return clipText(value, max);
}

/** "2026年11月23日 10:15", Beijing time: the format WeChat's `time` keyword takes. */
export function formatKeywordTime(at: Date): string {
  const shifted = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ` +
    `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`
  );
}

function fitKeyword(key: string, value: string): string {
  const type = /^([a-z_]+?)\d+$/.exec(key)?.[1] ?? '';
  if (type === 'character_string') return value.replace(/[^A-Za-z0-9_-]/g, '').slice(0, LIMITS[type]);
  const limit = LIMITS[type];
  return limit ? fitText(value, limit) : value;
}

/** The `data` of a template or subscribe message: every value within its keyword's limit. */
export function renderTemplateData(
  notice: Notice,
  template: TemplateConfig,
): Record<string, { value: string }> {
  const values = {
    trackingNumber: notice.trackingNumber,
    status: notice.status,
    time: formatKeywordTime(notice.at),
    detail: notice.detail,
  };
  return Object.fromEntries(
    Object.entries(template.fields).map(([key, source]) => [key, { value: fitKeyword(key, values[source]) }]),
  );
}

export function renderCustomerText(notice: Notice, rules: NotificationRules): string {
  return fillText(rules.customerText, {
    trackingNumber: notice.trackingNumber,
    status: notice.status,
    detail: notice.detail,
  });
}
