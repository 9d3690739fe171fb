import { loadBotTexts } from '../../config/domain/bot-texts';
import { STATUS_LABELS } from '../../server/cases/domain/case-types';
import {
  renderCaseList,
  renderCaseTimeline,
  renderConsultAnswers,
  renderReviewRequested,
  renderSubmitted,
  renderSurveyAnswered,
  type CaseListItem,
  type CaseTimelineView,
  type ConsultEntry,
} from './renderers';
import { REPLY_LIMIT } from './text-format';

const texts = loadBotTexts();
const { replies } = texts;
const NOW = new Date('2026-11-23T02:00:00Z');
/** 2026-11-23 in Beijing: UTC+8, whatever the machine's zone. */
const at = (beijing: string) => new Date(`${beijing}+08:00`);

describe('renderSubmitted', () => {
  it('when a case is filed, then the reply carries its tracking number', () => {
    expect(renderSubmitted('SL20261123000042', texts)).toContain('SL20261123000042');
  });
});

describe('renderSurveyAnswered', () => {
  it.each([
    [
      'when the reporter may ask for a review, then the thanks come with the way to 复查',
      true,
      [replies.surveyThanks, replies.reviewOffer],
    ],
    ['when no review is offered, then only the thanks are said', false, [replies.surveyThanks]],
  ])('%s', (_name, offerReview, lines) => {
    expect(renderSurveyAnswered(offerReview, texts)).toBe(lines.join('\n'));
  });
});

describe('renderReviewRequested', () => {
  it('when the decision is due late in the UTC day, then the Beijing day is shown', () => {
    const reply = renderReviewRequested(
      { trackingNumber: 'SL20261123000042', dueAt: new Date('2026-12-07T15:59:59.999Z') },
      texts,
    );
    expect(reply).toContain('SL20261123000042');
    expect(reply).toContain('12月7日');
  });
});

describe('renderCaseList', () => {
  const many: CaseListItem[] = Array.from({ length: 12 }, (_, index) => ({
    trackingNumber: `SL202611${String(10 + index).padStart(2, '0')}000001`,
    statusLabel: STATUS_LABELS.handling,
    dueAt: at('2026-12-20T18:00:00'),
  }));

  it.each<[string, CaseListItem[], (string | RegExp)[]]>([
    ['when the reporter has no case, then they are told how to report', [], [replies.caseListEmpty]],
    [
      'when a case has a future deadline, then its status and deadline day are shown',
      [
        {
          trackingNumber: 'SL20261123000042',
          statusLabel: STATUS_LABELS.assigned,
          dueAt: at('2026-12-20T18:00:00'),
        },
      ],
      ['（共1件）', 'SL20261123000042 已分办，期限12月20日', replies.caseListFooter],
    ],
    [
      'when a case is past its deadline, then it says so',
      [
        {
          trackingNumber: 'SL20261101000001',
          statusLabel: STATUS_LABELS.handling,
          dueAt: at('2026-11-20T18:00:00'),
        },
      ],
      ['已过期限11月20日'],
    ],
    [
      'when a case has no deadline, then only its status is shown',
      [{ trackingNumber: 'SL20261101000001', statusLabel: STATUS_LABELS.resolved }],
      [/SL20261101000001 已办结\n/],
    ],
    ['when there are many cases, then only the latest five are shown', many, ['（共12件）', '只显示最近5件']],
  ])('%s', (_name, cases, expected) => {
    const reply = renderCaseList(cases, NOW, texts);
    for (const part of expected) {
      if (typeof part === 'string') expect(reply).toContain(part);
      else expect(reply).toMatch(part);
    }
    expect(reply.length).toBeLessThanOrEqual(REPLY_LIMIT);
  });

  it('when the deadline falls on the next Beijing day, then the Beijing day is shown', () => {
    const reply = renderCaseList(
      [
        {
          trackingNumber: 'SL20261123000042',
          statusLabel: '已受理',
          dueAt: new Date('2026-11-24T17:00:00Z'),
        },
      ],
      NOW,
      texts,
    );
    expect(reply).toContain('期限11月25日');
  });
});

describe('renderCaseTimeline', () => {
  const view: CaseTimelineView = {
    trackingNumber: 'SL20261123000042',
    statusLabel: STATUS_LABELS.answered,
    timeline: [
      { type: 'assign', at: at('2026-11-23T10:15:00') },
      { type: 'received', at: at('2026-11-23T06:48:00') },
      { type: 'answer', at: at('2026-11-23T11:31:00'), note: '打井需要向县水利局申请取水许可。' },
    ],
  };

  it.each<[string, CaseTimelineView, string[]]>([
    [
      'when a case has steps, then each shows its Beijing time in order',
      view,
      [
        '编号SL20261123000042',
        '当前状态：已答复',
        '11月23日 06:48 已收到\n11月23日 10:15 已分办\n11月23日 11:31 已答复',
      ],
    ],
    ['when a step has a note, then the note follows it', view, ['已答复：打井需要向县水利局申请取水许可。']],
    [
      'when the case has a deadline, then it closes the reply',
      { ...view, statusLabel: '办理中', dueAt: at('2026-12-21T18:00:00') },
      ['办理期限：12月21日'],
    ],
    [
      'when a step type is unknown, then a neutral label is used',
      { ...view, timeline: [{ type: 'something-new', at: at('2026-11-23T09:00:00') }] },
      [`09:00 ${texts.fallbackEventLabel}`],
    ],
  ])('%s', (_name, input, expected) => {
    const reply = renderCaseTimeline(input, texts);
    for (const part of expected) expect(reply).toContain(part);
  });

  it('when the timeline is long, then the earliest steps are left out to fit one screen', () => {
    const timeline = Array.from({ length: 30 }, (_, index) => ({
      type: 'progress',
      at: new Date(NOW.getTime() + index * 3_600_000),
      note: '已组织现场核查，正在协调有关部门清理河道'.repeat(2),
    }));
    const reply = renderCaseTimeline({ ...view, timeline }, texts);
    expect(reply.length).toBeLessThanOrEqual(REPLY_LIMIT);
    expect(reply).toMatch(/（更早的\d+步略去）/);
    expect(reply).toContain(`11月24日 15:00 办理进展`); // the last step: NOW + 29 h, Beijing time
  });
});

describe('renderConsultAnswers', () => {
  const well: ConsultEntry = {
    question: '打井要办什么手续？',
    answer: '打井取用地下水需要向县级水利部门申请取水许可。',
  };
  const fee: ConsultEntry = {
    question: '水资源费怎么交？',
    answer: '按当地水行政主管部门核定的取水量缴纳。',
  };

  it.each<[string, ConsultEntry[], string[]]>([
    [
      'when nothing is found, then filing a consultation is offered',
      [],
      [replies.consultNone, replies.consultOffer],
    ],
    [
      'when answers are found, then the best comes first',
      [well, fee],
      ['问：打井要办什么手续？\n答：打井取用地下水', '问：水资源费怎么交？'],
    ],
    ['when answers are found, then filing is still offered last', [well], [replies.consultOffer]],
  ])('%s', (_name, entries, expected) => {
    const reply = renderConsultAnswers(entries, texts);
    for (const part of expected) expect(reply).toContain(part);
    expect(reply.indexOf(replies.consultOffer)).toBe(reply.length - replies.consultOffer.length);
  });

  it('when the best answer is very long, then it is clipped to fit one screen with the offer', () => {
    const reply = renderConsultAnswers(
      [{ question: well.question, answer: '取水许可'.repeat(200) }, fee],
      texts,
    );
    expect(reply.length).toBeLessThanOrEqual(REPLY_LIMIT);
    expect(reply).toContain('…');
    expect(reply).toContain(replies.consultOffer);
  });
});
