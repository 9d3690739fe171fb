/**
 * The working-day calendar behind every deadline of the rules (办综〔2019〕269号, art. 7, 9, 10).
 * Pure: dates come in as arguments, nothing reads the clock, config or the environment.
 *
 * Days are calendar days in Asia/Shanghai. China has had no DST since 1991, so a fixed +08:00
 * offset is exact; the host's own timezone is never used for the arithmetic.
 *
 * Counting rule (as for legal periods, 民法典 art. 201: the first day is not counted): a period of
 * n working days starts on the first working day AFTER the day of `start`, whatever the hour, and
 * ends at 23:59:59.999 Shanghai time of the n-th working day. A start on a holiday or weekend
 * follows the same rule: the count starts at the next working day.
 */
// The package's published data file, not its date functions: those read the host's local date fields
// and give wrong days west of UTC (e.g. make-up Sunday 2026-09-20 as a day off in New York).
import chineseDays from 'chinese-days/dist/chinese-days.json';

/** A calendar day in Asia/Shanghai, 'YYYY-MM-DD'. */
export type CalendarDay = string;

/** One entry of config/domain/holiday-overrides.json: a published holiday or make-up working day (调休). */
export interface CalendarOverride {
  date: CalendarDay;
  type: 'holiday' | 'workday';
}

export interface WorkingCalendar {
  isWorkingDay(day: CalendarDay): boolean;
  /** Years with a published schedule (chinese-days or the override file); other years are Mon–Fri guesses. */
  readonly knownYears: readonly number[];
  isYearKnown(year: number): boolean;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// No real schedule has a month without working days; a longer run means broken override data.
const MAX_DAYS_WITHOUT_WORK = 60;

const libraryHolidays: Readonly<Record<CalendarDay, string>> = chineseDays.holidays;
const libraryWorkdays: Readonly<Record<CalendarDay, string>> = chineseDays.workdays;
// Every published year has holidays (元旦 at least), so their years are the years the package knows.
const libraryYears: ReadonlySet<number> = new Set(
  Object.keys(libraryHolidays).map((day) => Number(day.slice(0, 4))),
);

function toEpochDay(date: Date): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid Date');
  return Math.floor((time + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function parseCalendarDay(day: CalendarDay): number {
  const match = DAY_PATTERN.exec(day);
  const epochDay = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (Number.isNaN(epochDay) || formatEpochDay(epochDay) !== day) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  }
  return epochDay;
}

function formatEpochDay(epochDay: number): CalendarDay {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(epochDay: number): number {
  return new Date(epochDay * DAY_MS).getUTCFullYear();
}

function isMondayToFriday(epochDay: number): boolean {
  const weekday = new Date(epochDay * DAY_MS).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/**
 * Overrides win over chinese-days; a year in neither falls back to Mon–Fri and is left out of
 * knownYears, so the server can warn before deadlines are computed on a guess.
 */
export function createWorkingCalendar(overrides: readonly CalendarOverride[] = []): WorkingCalendar {
  const overridden = new Map<number, boolean>();
  const overrideYears = new Set<number>();
  for (const override of overrides) {
    const epochDay = parseCalendarDay(override.date);
    overridden.set(epochDay, override.type === 'workday');
    overrideYears.add(yearOf(epochDay));
  }
  const known = new Set([...libraryYears, ...overrideYears]);

  return Object.freeze({
    knownYears: Object.freeze([...known].sort((a, b) => a - b)),
    isYearKnown: (year: number) => known.has(year),
    isWorkingDay(day: CalendarDay): boolean {
      const epochDay = parseCalendarDay(day);
      const override = overridden.get(epochDay);
      if (override !== undefined) return override;
      if (Object.hasOwn(libraryWorkdays, day)) return true;
      if (Object.hasOwn(libraryHolidays, day)) return false;
      return isMondayToFriday(epochDay);
    },
  });
}

/** The Asia/Shanghai calendar day of an instant. */
export function toShanghaiDay(date: Date): CalendarDay {
  return formatEpochDay(toEpochDay(date));
}

/** 00:00:00.000 Shanghai time of the day. */
export function startOfShanghaiDay(day: CalendarDay): Date {
  return new Date(parseCalendarDay(day) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 23:59:59.999 Shanghai time of the day. */
export function endOfShanghaiDay(day: CalendarDay): Date {
  return new Date((parseCalendarDay(day) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

// A calendar never changes once made, so its answers are kept: an overdue queue counts hundreds
// of days for each case it shows.
const answersOf = new WeakMap<WorkingCalendar, Map<number, boolean>>();

function isWorkingEpochDay(calendar: WorkingCalendar, epochDay: number): boolean {
  let answers = answersOf.get(calendar);
  if (!answers) answersOf.set(calendar, (answers = new Map()));
  let working = answers.get(epochDay);
  if (working === undefined)
    answers.set(epochDay, (working = calendar.isWorkingDay(formatEpochDay(epochDay))));
  return working;
}

function stepToWorkingDay(calendar: WorkingCalendar, epochDay: number, direction: 1 | -1): number {
  for (let step = 1; step <= MAX_DAYS_WITHOUT_WORK; step += 1) {
    const candidate = epochDay + direction * step;
    if (isWorkingEpochDay(calendar, candidate)) return candidate;
  }
  throw new RangeError(`no working day within ${MAX_DAYS_WITHOUT_WORK} days of ${formatEpochDay(epochDay)}`);
}

function assertCount(n: number, min: number): void {
  if (!Number.isInteger(n) || n < min)
    throw new RangeError(`working-day count must be an integer >= ${min}: ${n}`);
}

export function isWorkingDay(calendar: WorkingCalendar, date: Date): boolean {
  return isWorkingEpochDay(calendar, toEpochDay(date));
}

/** End (23:59:59.999 Shanghai) of the n-th working day after the day of `start`; n >= 1. */
export function addWorkingDays(calendar: WorkingCalendar, start: Date, n: number): Date {
  assertCount(n, 1);
  let epochDay = toEpochDay(start);
  for (let counted = 0; counted < n; counted += 1) epochDay = stepToWorkingDay(calendar, epochDay, 1);
  return endOfShanghaiDay(formatEpochDay(epochDay));
}

/**
 * Working days in the days after `from`'s day up to and including `to`'s day: the same count as
 * addWorkingDays, so workingDaysBetween(c, s, addWorkingDays(c, s, n)) === n. Used as "working days
 * overdue" with (deadline, now): 0 on the deadline day, 1 on the next working day. Negative when
 * `to` is before `from`.
 */
export function workingDaysBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const first = toEpochDay(from);
  const last = toEpochDay(to);
  if (last < first) return -workingDaysBetween(calendar, to, from);
  let count = 0;
  for (let epochDay = first + 1; epochDay <= last; epochDay += 1) {
    if (isWorkingEpochDay(calendar, epochDay)) count += 1;
  }
  return count;
}

/** The last working day strictly before the day of `date`. */
export function previousWorkingDay(calendar: WorkingCalendar, date: Date): CalendarDay {
  return formatEpochDay(stepToWorkingDay(calendar, toEpochDay(date), -1));
}

/**
 * Start (00:00 Shanghai) of the working day `workingDaysBefore` working days before the deadline's
 * day, so a handler is warned with a whole working day left.
 */
export function reminderTimeFor(calendar: WorkingCalendar, deadline: Date, workingDaysBefore = 1): Date {
  assertCount(workingDaysBefore, 0);
  let epochDay = toEpochDay(deadline);
  for (let counted = 0; counted < workingDaysBefore; counted += 1) {
    epochDay = stepToWorkingDay(calendar, epochDay, -1);
  }
  return startOfShanghaiDay(formatEpochDay(epochDay));
}
