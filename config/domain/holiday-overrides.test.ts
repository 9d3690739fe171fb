/* The 2027 schedule is not published yet: every 2027 entry here is fictional test data. */
import { addWorkingDays, createWorkingCalendar } from '../../server/cases/domain/working-days';
import { ConfigError } from '../load-config';
import { loadHolidayOverrides, parseHolidayOverrides } from './holiday-overrides';

const fileWith = (days: unknown) => ({ version: 1, note: 'test', days });

function problemsOf(json: unknown): string[] {
  try {
    parseHolidayOverrides(json);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected parseHolidayOverrides to reject the input');
}

describe('the shipped override file', () => {
  test('when it is loaded, then it is valid and explains how staff add a year', () => {
    const overrides = loadHolidayOverrides();
    expect(overrides.version).toBe(1);
    expect(overrides.note).toMatch(/国务院办公厅/);
    expect(overrides.days.every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day.date))).toBe(true);
  });
});

describe('parseHolidayOverrides', () => {
  test('when a 2027 year is added, then the calendar built from it follows it', () => {
    const overrides = parseHolidayOverrides(
      fileWith([
        { date: '2027-01-01', type: 'holiday', name: '元旦' },
        { date: '2027-03-03', type: 'holiday', name: '虚构假日（测试）' },
        { date: '2027-03-06', type: 'workday', name: '虚构调休上班（测试）' },
      ]),
    );
    const calendar = createWorkingCalendar(overrides.days);
    expect(calendar.isYearKnown(2027)).toBe(true);
    // Thu Dec 31 2026 → Fri Jan 1 off → Mon Jan 4.
    expect(addWorkingDays(calendar, new Date('2026-12-31T10:00+08:00'), 1).toISOString()).toBe(
      new Date('2027-01-04T23:59:59.999+08:00').toISOString(),
    );
    // Tue Mar 2 → Wed 3 off → Thu 4 (1), Fri 5 (2), Sat 6 make-up (3).
    expect(addWorkingDays(calendar, new Date('2027-03-02T10:00+08:00'), 3).toISOString()).toBe(
      new Date('2027-03-06T23:59:59.999+08:00').toISOString(),
    );
  });

  test.each([
    [
      'an impossible day',
      { date: '2027-02-30', type: 'holiday', name: 'x' },
      'days[0].date: "2027-02-30" is not',
    ],
    ['an unpadded day', { date: '2027-3-3', type: 'holiday', name: 'x' }, 'days[0].date: "2027-3-3" is not'],
    ['a timestamp', { date: '2027-03-03T00:00Z', type: 'holiday', name: 'x' }, 'days[0].date'],
    [
      'a date that is a number',
      { date: 20270303, type: 'holiday', name: 'x' },
      'days[0].date: must be a string',
    ],
    [
      'an unknown type',
      { date: '2027-03-03', type: 'vacation', name: 'x' },
      'days[0].type: "vacation" is not',
    ],
    ['an empty name', { date: '2027-03-03', type: 'holiday', name: ' ' }, 'days[0].name: must name'],
    ['a missing name', { date: '2027-03-03', type: 'workday' }, 'days[0].name: must be a string'],
  ])('when an entry has %s (%j), then it is rejected with %j', (_label, entry, expected) => {
    const problems = problemsOf(fileWith([entry]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`holiday-overrides.json ${expected}`);
  });

  test.each([
    ['the wrong version', { version: 2, note: '', days: [] }, 'version: must be 1'],
    ['no days list', { version: 1, note: '' }, 'days: must be a list of days'],
    ['no note', { version: 1, days: [] }, 'note: must be a string'],
  ])('when the file has %s (%j), then it is rejected with %j', (_label, json, expected) => {
    expect(problemsOf(json)).toEqual([`holiday-overrides.json ${expected}`]);
  });

  test('when several entries are bad, then every problem is listed, duplicates included', () => {
    const problems = problemsOf(
      fileWith([
        { date: '2027-02-30', type: 'holiday', name: '春节' },
        { date: '2027-03-01', type: 'vacation', name: '虚构' },
        { date: '2027-03-03', type: 'holiday', name: '虚构假日' },
        { date: '2027-03-03', type: 'workday', name: '虚构调休' },
        { date: '2027-03-04', type: 'holiday', name: '' },
      ]),
    );
    expect(problems).toEqual([
      'holiday-overrides.json days[0].date: "2027-02-30" is not a calendar day YYYY-MM-DD',
      'holiday-overrides.json days[1].type: "vacation" is not a type: use "holiday" or "workday" (调休上班)',
      'holiday-overrides.json days[4].name: must name the holiday, e.g. 春节',
      'holiday-overrides.json days[3].date: 2027-03-03 is a duplicate of days[2]',
    ]);
  });
});
