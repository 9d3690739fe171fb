/**
 * What the reporter hears about their case, and through which template (notifications.json).
 * Staff edit the wording; placeholders are checked at start-up like the bot texts, and every
 * template field's key must start with a WeChat keyword type whose length limit the code knows.
 */
import { z } from 'zod';
import { ConfigError } from '../load-config';
import bundled from './notifications.json';

export const NOTICE_VALUES = ['trackingNumber', 'status', 'time', 'detail'] as const;
export const DETAIL_PLACEHOLDERS = [
  'trackingNumber',
  'note',
  'reason',
  'referral',
  'mergedInto',
  'department',
  'dueDate',
  'extensionReason',
  'resolution',
] as const;
/** WeChat keyword types we fill, by the prefix of the field key (thing1, phrase2…). */
export const KEYWORD_TYPES = ['character_string', 'phrase', 'time', 'thing', 'date', 'name'] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const withPlaceholders = (allowed: readonly string[]) =>
  z
    .string()
    .min(1)
    .refine((value) => [...value.matchAll(PLACEHOLDER)].every(([, name]) => allowed.includes(name ?? '')), {
      message: `unknown placeholder (allowed: ${allowed.map((name) => `{${name}}`).join(', ')})`,
    });

const templateSchema = z.object({
  templateId: z.string().min(1).max(128),
  fields: z.record(
    z.string().refine((key) => KEYWORD_TYPES.some((type) => new RegExp(`^${type}\\d+$`).test(key)), {
      message: `field keys must be a keyword type and a number (${KEYWORD_TYPES.join(', ')})`,
    }),
    z.enum(NOTICE_VALUES),
  ),
});

export const notificationRulesSchema = z.object({
  version: z.literal(1),
  templates: z.object({ officialAccount: templateSchema, miniprogram: templateSchema }),
  pages: z.object({
    case: withPlaceholders(['trackingNumber']),
    survey: withPlaceholders(['surveyToken']),
  }),
  customerText: withPlaceholders(['trackingNumber', 'status', 'detail']),
  /** By case event type; an event type not listed here is not pushed (it still shows in 查询). */
  notices: z.record(
    z.string(),
    z.object({
      status: z.string().min(1).max(5, 'a status is a WeChat phrase: at most 5 characters'),
      detail: withPlaceholders(DETAIL_PLACEHOLDERS),
      page: z.enum(['case', 'survey']).default('case'),
    }),
  ),
});

export type NotificationRules = z.infer<typeof notificationRulesSchema>;
export type TemplateConfig = NotificationRules['templates']['officialAccount'];

export function loadNotificationRules(raw: unknown = bundled): NotificationRules {
  const parsed = notificationRulesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `config/domain/notifications.json ${issue.path.join('.')}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}
