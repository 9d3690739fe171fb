import { deadlineText, isDeadlineUrgent, reporterText } from '../staff-case';
import { formatShare, periodDays } from '../staff-figures';
import { DEPARTMENTS, UNITS } from '../staff-organisation';
import departmentsConfig from '../../../../config/domain/departments.json';

const due = { kind: 'handle', at: '2026-12-21T15:59:59.999Z', remindAt: '2026-12-17T16:00:00.000Z' };

describe('deadlineText', () => {
  it.each([
    [{ status: 'handling', due, overdue: false, workingDaysLeft: 2 }, '还剩2个工作日'],
    [{ status: 'handling', due, overdue: false, workingDaysLeft: 0 }, '今天到期'],
    [{ status: 'handling', due, overdue: true, workingDaysLeft: -3 }, '已超期3个工作日'],
    [{ status: 'handling', due, overdue: true, workingDaysLeft: 0 }, '已超期'],
    [{ status: 'resolved', overdue: false }, '已完成'],
    [{ status: 'received', overdue: false }, '暂无期限'],
  ])('when the case is %j, then it reads %s', (item, text) => {
    expect(deadlineText(item)).toBe(text);
  });

  it('when the server gave no working days, then whole calendar days are shown instead', () => {
    const item = { status: 'handling', due, overdue: false };
    expect(deadlineText(item, new Date('2026-12-19T16:00:00Z'))).toBe('还剩2天');
  });

  it('when one working day or less is left, or it is late, then it is urgent', () => {
    expect(isDeadlineUrgent({ due, overdue: false, workingDaysLeft: 1 })).toBe(true);
    expect(isDeadlineUrgent({ due, overdue: true, workingDaysLeft: -1 })).toBe(true);
    expect(isDeadlineUrgent({ due, overdue: false, workingDaysLeft: 5 })).toBe(false);
  });
});

describe('reporterText', () => {
  it.each([
    [{ anonymous: true }, '匿名举报'],
    [{ anonymous: false, name: '王*国', phone: '138****5678' }, '王*国  138****5678'],
    [{ anonymous: false }, '未留联系方式'],
  ])('when the reporter is %j, then it reads %s', (reporter, text) => {
    expect(reporterText(reporter)).toBe(text);
  });
});

describe('figures periods', () => {
  it.each([
    ['month', { from: '2026-11-01', to: '2026-11-24' }],
    ['quarter', { from: '2026-10-01', to: '2026-11-24' }],
    ['year', { from: '2026-01-01', to: '2026-11-24' }],
  ] as const)('when %s is chosen late on 11-23 UTC (11-24 in Beijing), then it is %j', (key, days) => {
    expect(periodDays(key, new Date('2026-11-23T17:00:00Z'))).toEqual(days);
  });

  it('when the share is given, then it reads as a percentage; none yet reads as a sentence', () => {
    expect(formatShare(0.6667)).toBe('66.7%');
    expect(formatShare(1)).toBe('100.0%');
    expect(formatShare(null)).toBe('暂无评价');
  });
});

describe('the organisation lists', () => {
  it('when compared with config/domain/departments.json, then the codes and names are the same', () => {
    const config = departmentsConfig as {
      departments: { code: string; name: string }[];
      units: { code: string; name: string }[];
    };
    expect(DEPARTMENTS).toEqual(config.departments.map(({ code, name }) => ({ code, name })));
    expect(UNITS).toEqual(config.units.map(({ code, name }) => ({ code, name })));
  });
});
