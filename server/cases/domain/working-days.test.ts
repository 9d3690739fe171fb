/*
 * Expected dates are hand-computed from the State Council notice for 2026 (国办发明电, 2025-11-04),
 * which chinese-days 1.5.7 matches day for day:
 *   Spring Festival: Feb 15 (Sun)–23 (Mon) off; Sat Feb 14 and Sat Feb 28 are working days.
 *   Mid-Autumn: Sep 25 (Fri)–27 (Sun) off, no make-up day.
 *   National Day: Oct 1 (Thu)–7 (Wed) off (not Oct 8: Mid-Autumn is separate in 2026);
 *   Sun Sep 20 and Sat Oct 10 are working days.
 * 2027 is not published: the 2027 entries below are fictional test data.
 */
import {
  addWorkingDays,
  createWorkingCalendar,
  isWorkingDay,
  previousWorkingDay,
  reminderTimeFor,
  toShanghaiDay,
  workingDaysBetween,
  type CalendarOverride,
} from './working-days';

const calendar = createWorkingCalendar();
const fictional2027: CalendarOverride[] = [
  { date: '2027-03-03', type: 'holiday' }, // a Wednesday
  { date: '2027-03-06', type: 'workday' }, // a Saturday
];
const calendar2027 = createWorkingCalendar(fictional2027);

const iso = (date: Date) => date.toISOString();
const instant = (text: string) => new Date(text).toISOString();

describe('isWorkingDay', () => {
  test.each([
    ['an ordinary Tuesday', '2026-11-24T10:00+08:00', true],
    ['an ordinary Saturday', '2026-11-28T10:00+08:00', false],
    ['the make-up Sunday before National Day', '2026-09-20T10:00+08:00', true],
    ['Mid-Autumn Friday', '2026-09-25T10:00+08:00', false],
    ['National Day, Oct 1', '2026-10-01T10:00+08:00', false],
    ['the last day of the golden week, Oct 7', '2026-10-07T10:00+08:00', false],
    ['the first day back, Oct 8', '2026-10-08T10:00+08:00', true],
    ['the make-up Saturday Oct 10', '2026-10-10T10:00+08:00', true],
    ['the make-up Saturday before Spring Festival', '2026-02-14T10:00+08:00', true],
    ['the last Spring Festival day, a Monday', '2026-02-23T10:00+08:00', false],
    ['the make-up Saturday after Spring Festival', '2026-02-28T10:00+08:00', true],
    ['Sunday 17:00 UTC, already Monday 01:00 in Shanghai', '2026-11-22T17:00Z', true],
    ['Friday 17:00 UTC, already Saturday 01:00 in Shanghai', '2026-11-27T17:00Z', false],
    ['Sep 30 16:30 UTC, already Oct 1 in Shanghai', '2026-09-30T16:30Z', false],
  ])('when the day is %s (%s), then working is %s', (_label, at, expected) => {
    expect(isWorkingDay(calendar, new Date(at))).toBe(expected);
  });

  test.each([
    ['a fictional holiday on Wednesday', '2027-03-03T10:00+08:00', false],
    ['a fictional make-up Saturday', '2027-03-06T10:00+08:00', true],
    ['an unlisted 2027 Thursday', '2027-03-04T10:00+08:00', true],
    ['an unlisted 2027 Sunday', '2027-03-07T10:00+08:00', false],
  ])(
    'when 2027 comes from the override file and the day is %s (%s), then working is %s',
    (_l, at, expected) => {
      expect(isWorkingDay(calendar2027, new Date(at))).toBe(expected);
    },
  );

  test('when an override contradicts chinese-days, then the override wins', () => {
    const corrected = createWorkingCalendar([
      { date: '2026-10-08', type: 'holiday' },
      { date: '2026-10-03', type: 'workday' },
    ]);
    expect(corrected.isWorkingDay('2026-10-08')).toBe(false);
    expect(corrected.isWorkingDay('2026-10-03')).toBe(true);
  });
});

describe('known years', () => {
  test('when no override is given, then 2004–2026 are known and 2027 falls back to Mon–Fri', () => {
    expect(calendar.isYearKnown(2026)).toBe(true);
    expect(calendar.isYearKnown(2027)).toBe(false);
    expect(calendar.knownYears[0]).toBe(2004);
    expect(calendar.knownYears).toContain(2026);
    expect(calendar.isWorkingDay('2027-03-03')).toBe(true);
  });

  test('when the override file has 2027 entries, then 2027 is known', () => {
    expect(calendar2027.isYearKnown(2027)).toBe(true);
    expect(calendar2027.knownYears).toContain(2027);
  });

  test.each(['2027-02-30', '2027-3-3', ''])(
    'when an override date is %j, then the calendar refuses it',
    (date) => {
      expect(() => createWorkingCalendar([{ date, type: 'holiday' }])).toThrow(RangeError);
    },
  );
});

describe('addWorkingDays', () => {
  test.each([
    ['an ordinary Monday morning', '2026-11-23T10:00+08:00', 2, '2026-11-25'],
    ['an ordinary Monday, 20 days', '2026-11-23T10:00+08:00', 20, '2026-12-21'],
    ['a Friday evening', '2026-11-27T19:00+08:00', 2, '2026-12-01'],
    ['Monday 17:00 UTC (Tuesday 01:00 Shanghai)', '2026-11-23T17:00Z', 1, '2026-11-25'],
    ['Monday 15:59 UTC (Monday 23:59 Shanghai)', '2026-11-23T15:59Z', 1, '2026-11-24'],
    ['the Friday before the make-up Sunday Sep 20', '2026-09-18T18:00+08:00', 1, '2026-09-20'],
    ['the Thursday before Mid-Autumn', '2026-09-24T09:00+08:00', 1, '2026-09-28'],
    ['Sep 30, just before the golden week', '2026-09-30T16:00+08:00', 2, '2026-10-09'],
    ['Sep 30, counting into the make-up Saturday', '2026-09-30T16:00+08:00', 3, '2026-10-10'],
    ['a holiday (Sat Oct 3)', '2026-10-03T10:00+08:00', 1, '2026-10-08'],
    ['a holiday (Oct 1) at 00:00', '2026-10-01T00:00+08:00', 2, '2026-10-09'],
    ['Monday Sep 21, handling 20 days across the golden week', '2026-09-21T10:00+08:00', 20, '2026-10-26'],
    ['the Friday before Spring Festival', '2026-02-13T14:00+08:00', 1, '2026-02-14'],
    ['the Friday before Spring Festival, 2 days', '2026-02-13T14:00+08:00', 2, '2026-02-24'],
    ['the Friday before Spring Festival, 6 days', '2026-02-13T14:00+08:00', 6, '2026-02-28'],
    ['Dec 31 with 2027 unknown (Fri Jan 1 guessed working)', '2026-12-31T10:00+08:00', 1, '2027-01-01'],
  ])('when received on %s (%s) with n=%i, then due at the end of %s', (_label, start, n, dueDay) => {
    expect(iso(addWorkingDays(calendar, new Date(start), n))).toBe(instant(`${dueDay}T23:59:59.999+08:00`));
  });

  test.each([
    ['the Tuesday before a fictional Wednesday holiday', '2027-03-02T10:00+08:00', 1, '2027-03-04'],
    ['the same Tuesday, reaching a fictional make-up Saturday', '2027-03-02T10:00+08:00', 3, '2027-03-06'],
  ])(
    'when 2027 comes from the override file and received on %s (%s) with n=%i, then due %s',
    (_l, start, n, due) => {
      expect(iso(addWorkingDays(calendar2027, new Date(start), n))).toBe(
        instant(`${due}T23:59:59.999+08:00`),
      );
    },
  );

  test.each([0, -1, 1.5, NaN])('when n is %p, then it throws', (n) => {
    expect(() => addWorkingDays(calendar, new Date('2026-11-23T10:00+08:00'), n)).toThrow(RangeError);
  });

  test('when the start is an invalid Date, then it throws', () => {
    expect(() => addWorkingDays(calendar, new Date('nonsense'), 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  test.each([
    ['within the same day', '2026-11-24T09:00+08:00', '2026-11-24T23:00+08:00', 0],
    ['from Friday evening to Tuesday night', '2026-11-27T19:00+08:00', '2026-12-01T23:59+08:00', 2],
    ['from Sep 30 to the end of the golden week', '2026-09-30T10:00+08:00', '2026-10-07T23:00+08:00', 0],
    ['from Sep 30 to Oct 8', '2026-09-30T10:00+08:00', '2026-10-08T09:00+08:00', 1],
    ['from Oct 8 back to Sep 30', '2026-10-08T09:00+08:00', '2026-09-30T10:00+08:00', -1],
    [
      'Monday 15:00 UTC to Monday 17:00 UTC (Shanghai midnight between)',
      '2026-11-23T15:00Z',
      '2026-11-23T17:00Z',
      1,
    ],
  ])('when counting %s (%s to %s), then the count is %i', (_label, from, to, expected) => {
    expect(workingDaysBetween(calendar, new Date(from), new Date(to))).toBe(expected);
  });

  test.each([
    ['2026-09-18T18:00+08:00', 20],
    ['2026-02-13T14:00+08:00', 7],
    ['2026-11-27T19:00+08:00', 40],
  ])('when the deadline is %s + %i working days, then the count back is the same n', (start, n) => {
    const from = new Date(start);
    expect(workingDaysBetween(calendar, from, addWorkingDays(calendar, from, n))).toBe(n);
  });
});

describe('reminders', () => {
  test.each([
    ['Tue Dec 1', '2026-12-01T23:59:59.999+08:00', '2026-11-30T00:00+08:00'],
    ['Thu Oct 8, after the golden week', '2026-10-08T23:59:59.999+08:00', '2026-09-30T00:00+08:00'],
    ['Mon Sep 28, after Mid-Autumn', '2026-09-28T23:59:59.999+08:00', '2026-09-24T00:00+08:00'],
    ['Mon Sep 21, after the make-up Sunday', '2026-09-21T23:59:59.999+08:00', '2026-09-20T00:00+08:00'],
    ['Tue Feb 24, after Spring Festival', '2026-02-24T23:59:59.999+08:00', '2026-02-14T00:00+08:00'],
  ])('when the deadline is %s (%s), then the reminder is at %s', (_label, deadline, expected) => {
    expect(iso(reminderTimeFor(calendar, new Date(deadline)))).toBe(instant(expected));
  });

  test('when asked for 0 working days before, then the reminder is the start of the deadline day', () => {
    expect(iso(reminderTimeFor(calendar, new Date('2026-10-08T23:59:59.999+08:00'), 0))).toBe(
      instant('2026-10-08T00:00+08:00'),
    );
  });

  test('when the day before is a holiday, then the previous working day skips back over it', () => {
    expect(previousWorkingDay(calendar, new Date('2026-10-08T09:00+08:00'))).toBe('2026-09-30');
    expect(toShanghaiDay(new Date('2026-09-30T16:30Z'))).toBe('2026-10-01');
  });
});
