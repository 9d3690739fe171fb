import { loadNotificationRules } from '../../../config/domain/notification-rules';
import {
  buildNotice,
  fitText,
  formatKeywordTime,
  renderCustomerText,
  renderTemplateData,
} from './notice-builder';

const rules = loadNotificationRules();
const AT = new Date('2026-11-23T02:15:00Z'); // 10:15 in Beijing
const facts = { trackingNumber: 'SL20261123000042' };

describe('buildNotice', () => {
  test.each([
    ['accept', {}, '已受理', '我们已受理'],
    ['request-info', {}, '待补充', '请补充：挖沙的具体时间'],
    [
      'reject',
      { rejection: { reason: '属于环境污染问题', referral: '12369环保热线' } },
      '不予受理',
      '12369环保热线',
    ],
    [
      'assign',
      { departmentName: '河湖管理司', dueAt: new Date('2026-12-21T08:00:00Z') },
      '办理中',
      '河湖管理司办理，12月21日前',
    ],
    [
      'approve-extension',
      { dueAt: new Date('2027-01-05T08:00:00Z'), extensionReason: '需要现场勘查' },
      '已延期',
      '需要现场勘查',
    ],
    ['resolve', { resolution: '已责令停止采砂并恢复河岸' }, '已办结', '已责令停止采砂'],
  ])('when the step is %s, then the reporter reads its status and detail', (type, extra, status, detail) => {
    const notice = buildNotice({ type, at: AT, note: '挖沙的具体时间' }, { ...facts, ...extra }, rules);
    expect(notice).toMatchObject({ status, trackingNumber: facts.trackingNumber });
    expect(notice!.detail).toContain(detail);
    expect(notice!.page).toBe('pages/case/index?trackingNumber=SL20261123000042');
  });

  test('when a step is internal or the reporter took it, then there is no notice', () => {
    for (const type of ['received', 'return', 'extend', 'supplement', 'close']) {
      expect(buildNotice({ type, at: AT }, facts, rules)).toBeUndefined();
    }
  });

  test('when the survey invitation carries a token, then the notice opens the survey page', () => {
    const notice = buildNotice(
      { type: 'survey-invited', at: AT },
      { ...facts, surveyToken: 'abc_DEF-1' },
      rules,
    );
    expect(notice!.page).toBe('pages/survey/index?token=abc_DEF-1');
  });
});

describe('template rendering', () => {
  test('when the detail is long, then the thing field is cut to 20 characters at a clause break', () => {
    const notice = buildNotice(
      { type: 'resolve', at: AT },
      {
        ...facts,
        resolution: '经现场核查，已责令采砂船只全部撤离，河岸已由县水利局组织修复，后续将持续巡查',
      },
      rules,
    )!;
    const data = renderTemplateData(notice, rules.templates.officialAccount);
    expect(Array.from(data.thing4!.value).length).toBeLessThanOrEqual(20);
    expect(data.thing4!.value).toBe('经现场核查，已责令采砂船只全部撤离…');
    expect(data.phrase2!.value).toBe('已办结');
    expect(data.character_string1!.value).toBe('SL20261123000042');
    expect(data.time3!.value).toBe('2026年11月23日 10:15');
    // the customer-service text keeps the whole sentence
    expect(renderCustomerText(notice, rules)).toContain('后续将持续巡查');
  });

  test.each([
    ['短句', 20, '短句'],
    ['一二三四五六七八九十一二三四五六七八九十一', 20, '一二三四五六七八九十一二三四五六七八九…'],
    ['一二三，四五六七八九十一二三四五六七八九十一', 20, '一二三，四五六七八九十一二三四五六七八…'],
  ])('fitText(%j, %i)', (value, max, expected) => {
    expect(fitText(value, max)).toBe(expected);
    expect(Array.from(fitText(value, max)).length).toBeLessThanOrEqual(max);
  });

  test('when the time is shown, then it is Beijing time in the keyword format', () => {
    expect(formatKeywordTime(new Date('2026-12-31T16:05:00Z'))).toBe('2027年1月1日 00:05');
  });
});
