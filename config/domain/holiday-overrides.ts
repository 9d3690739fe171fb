/**
 * The holiday override file: the State Council schedule (部分节假日安排) for years chinese-days does
 * not know yet, or corrections to it. Staff edit the JSON by hand, so every bad entry is reported
 * at once instead of the first one only.
 */
import { z } from 'zod';
import { ConfigError } from '../load-config';
import bundledOverrides from './holiday-overrides.json';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Date.UTC rolls 2027-02-30 over to March, so a round trip catches impossible days.
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const holidayOverrideSchema = z.object({
  date: z.string({ error: 'must be a string YYYY-MM-DD' }).refine(isCalendarDay, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a calendar day YYYY-MM-DD`,
  }),
  type: z.enum(['holiday', 'workday'], {
    error: (issue) => `${JSON.stringify(issue.input)} is not a type: use "holiday" or "workday" (调休上班)`,
  }),
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must name the holiday, e.g. 春节'),
});

export const holidayOverridesSchema = z.object({
  version: z.literal(1, { error: 'must be 1' }),
  note: z.string({ error: 'must be a string' }),
  days: z.array(holidayOverrideSchema, { error: 'must be a list of days' }),
});

export type HolidayOverride = z.infer<typeof holidayOverrideSchema>;
export type HolidayOverrides = z.infer<typeof holidayOverridesSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
}

// Checked on the raw input so duplicates are listed even when other entries are broken.
function findDuplicateDates(json: unknown): string[] {
  const days = (json as { days?: unknown } | null)?.days;
  if (!Array.isArray(days)) return [];
  const firstIndex = new Map<string, number>();
  const problems: string[] = [];
  days.forEach((entry: unknown, index) => {
    const date = (entry as { date?: unknown } | null)?.date;
    if (typeof date !== 'string') return;
    const first = firstIndex.get(date);
    if (first === undefined) firstIndex.set(date, index);
    else problems.push(`days[${index}].date: ${date} is a duplicate of days[${first}]`);
  });
  return problems;
}

/** Validates the parsed JSON; throws a ConfigError listing every problem. */
export function parseHolidayOverrides(json: unknown): HolidayOverrides {
  const parsed = holidayOverridesSchema.safeParse(json);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`)),
    ...findDuplicateDates(json),
  ];
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(problems.map((problem) => `holiday-overrides.json ${problem}`));
  }
  return parsed.data;
}

/** The overrides shipped in config/domain/holiday-overrides.json. */
export function loadHolidayOverrides(): HolidayOverrides {
  return parseHolidayOverrides(bundledOverrides);
}
