import { loadBotTexts } from '../../config/domain/bot-texts';
import { loadOrganisation } from '../../config/domain/organisation';
import { loadOutOfScopeRules } from '../../config/domain/out-of-scope-rules';
import { stepDialog } from './dialog-engine';
import type { DialogContext, DialogSession, DialogStep, InboundChat } from './dialog-types';
import { couldConcernSurvey } from './survey-steps';
import { REPLY_LIMIT, fillText } from './text-format';

const texts = loadBotTexts();
const { replies, words } = texts;
const CASE = 'SL20261123000042';
const OTHER_CASE = 'SL20261120000007';
const baseContext: DialogContext = {
  categories: loadOrganisation().categories,
  outOfScopeRules: loadOutOfScopeRules(),
  texts,
  sessionIdleMinutes: 30,
  maxPhotos: 9,
};
/** What the adapter sets while the reporter's survey is open and the text could answer it. */
const surveyOpen: Partial<DialogContext> = { pendingSurvey: { trackingNumber: CASE } };
const START = new Date('2026-11-23T02:00:00Z');

type Turn = string | InboundChat;

/** Plays the turns one minute apart (unless told otherwise); every reply must fit one screen. */
function converse(turns: Turn[], options: { context?: Partial<DialogContext>; minutesApart?: number } = {}) {
  const context = { ...baseContext, ...options.context };
  let session: DialogSession | undefined;
  let now = START;
  let last: DialogStep = { session: undefined, replies: [] };
  for (const turn of turns) {
    const inbound: InboundChat = typeof turn === 'string' ? { kind: 'text', text: turn } : turn;
    last = stepDialog(session, inbound, now, context);
    for (const reply of last.replies) expect(reply.length).toBeLessThanOrEqual(REPLY_LIMIT);
    session = last.session;
    now = new Date(now.getTime() + (options.minutesApart ?? 1) * 60_000);
  }
  return { last, session, lastReply: last.replies.join('\n') };
}

describe('the survey: answers that reach answer-survey', () => {
  it.each<[string, Turn[], object]>([
    [
      'when the reporter answers 4, 3, 2 and 跳过, then the answer is dissatisfied, unsolved, 2 stars, no comment',
      ['4', '3', '2', '跳过'],
      { satisfaction: 'dissatisfied', solved: 'unsolved', stars: 2 },
    ],
    [
      'when the last answer is text, then it is the comment',
      ['1', '1', '5', '  办得很快，谢谢！ '],
      { satisfaction: 'very_satisfied', solved: 'solved', stars: 5, comment: '办得很快，谢谢！' },
    ],
    [
      'when the answers are words, then the words are understood',
      ['非常满意', '已解决', '五颗星', '没有'],
      { satisfaction: 'very_satisfied', solved: 'solved', stars: 5 },
    ],
    [
      'when number and word come together as the invitation lists them, then both are understood',
      ['4不满意', '3. 未解决', '1星', '跳过'],
      { satisfaction: 'dissatisfied', solved: 'unsolved', stars: 1 },
    ],
    [
      'when the digits are full-width or Chinese, then they count as digits',
      ['３', '二', '3分', '跳过'],
      { satisfaction: 'basically_satisfied', solved: 'partly', stars: 3 },
    ],
    [
      'when the answers are spoken and the stars drawn, then they are understood',
      [{ kind: 'voice', recognition: '满意。' }, '部分解决', '★★★★', '跳过'],
      { satisfaction: 'satisfied', solved: 'partly', stars: 4 },
    ],
    [
      'when the comment starts like a command (补充…), then it is still the comment',
      ['4', '3', '1', '补充一点：河里的沙堆还在'],
      { satisfaction: 'dissatisfied', solved: 'unsolved', stars: 1, comment: '补充一点：河里的沙堆还在' },
    ],
  ])('%s', (_name, turns, expected) => {
    const { last, session } = converse(turns, { context: surveyOpen });
    expect(last.outcome).toEqual({ type: 'answer-survey', trackingNumber: CASE, answer: expected });
    if (last.outcome?.type === 'answer-survey' && !('comment' in expected)) {
      expect(last.outcome.answer).not.toHaveProperty('comment');
    }
    // The adapter thanks once the answer is stored; the engine says nothing before that.
    expect(last.replies).toEqual([]);
    expect(session).toBeUndefined();
  });
});

describe('the survey step by step', () => {
  it.each<[string, Turn[], { reply: string[]; step?: string; session?: 'none'; outcome?: object }]>([
    [
      'when an open survey is answered with 4, then the case is named and whether it was solved is asked',
      ['4'],
      { reply: [CASE, replies.surveySolvedPrompt], step: 'solved' },
    ],
    [
      'when the solved answer is out of range, then it is asked again',
      ['4', '5'],
      { reply: [replies.surveyRetry, replies.surveySolvedPrompt], step: 'solved' },
    ],
    [
      'when solved is answered, then the stars are asked',
      ['4', '3'],
      { reply: [replies.surveyStarsPrompt], step: 'stars' },
    ],
    [
      'when 6 stars are given, then 1 to 5 is asked again',
      ['4', '3', '6'],
      { reply: [replies.surveyRetry, replies.surveyStarsPrompt], step: 'stars' },
    ],
    [
      'when the stars are given, then a comment is invited and may be skipped',
      ['4', '3', '2'],
      { reply: [replies.surveyCommentPrompt, '跳过'], step: 'comment' },
    ],
    [
      'when 帮助 is sent, then the survey is explained and the question repeated',
      ['4', '3', '帮助'],
      {
        reply: [fillText(replies.surveyHelp, { trackingNumber: CASE }), replies.surveyStarsPrompt],
        step: 'stars',
      },
    ],
    [
      'when 取消 is sent, then the survey is left and the reporter told it can be answered later',
      ['4', '取消'],
      { reply: [replies.surveyLater], session: 'none' },
    ],
    [
      'when 取消 is sent instead of the comment, then nothing is answered',
      ['4', '3', '2', '取消'],
      { reply: [replies.surveyLater], session: 'none' },
    ],
    [
      'when a voice message is not recognised, then the question stays',
      ['4', { kind: 'voice' }],
      { reply: [replies.voiceNotRecognised], step: 'solved' },
    ],
    [
      'when 查询 is sent mid-survey, then the survey is left and the cases are listed',
      ['4', '查询'],
      { reply: [], session: 'none', outcome: { type: 'list-cases' } },
    ],
    [
      'when 查询 alone is sent instead of the comment, then it is the command, not the comment',
      ['4', '3', '2', '查询'],
      { reply: [], session: 'none', outcome: { type: 'list-cases' } },
    ],
    [
      'when a photo arrives mid-survey, then a new report starts with it',
      ['4', { kind: 'image', mediaRef: 'm-1' }],
      { reply: [replies.photoStart] },
    ],
  ])('%s', (_name, turns, expected) => {
    const { last, session, lastReply } = converse(turns, { context: surveyOpen });
    for (const part of expected.reply) expect(lastReply).toContain(part);
    if (expected.step)
      expect(session).toMatchObject({ flow: 'survey', step: expected.step, trackingNumber: CASE });
    if (expected.session === 'none') expect(session).toBeUndefined();
    if (expected.outcome) expect(last.outcome).toEqual(expected.outcome);
    else expect(last.outcome).toBeUndefined();
  });

  it.each([
    ['when no survey is open and 4 is sent, then the usual hint is given', '4'],
    ['when no survey is open and 不满意 is sent, then the usual hint is given', '不满意'],
  ])('%s', (_name, text) => {
    const { last } = converse([text]);
    expect(last.replies).toEqual([replies.unknownHint]);
    expect(last.session).toBeUndefined();
  });

  it('when an open survey is answered with 5, then it is not taken as an answer', () => {
    expect(converse(['5'], { context: surveyOpen }).last.replies).toEqual([replies.unknownHint]);
  });
});

describe('the survey after a pause', () => {
  it('when a survey answer comes after more than 30 minutes, then the survey starts over from the first question', () => {
    const { session } = converse(['4', '3'], { context: surveyOpen });
    const later = new Date(START.getTime() + 45 * 60_000);
    const step = stepDialog(session, { kind: 'text', text: '3' }, later, baseContext);
    expect(step.replies.join('\n')).toContain(fillText(replies.surveyExpired, { minutes: 30 }));
    expect(step.replies.join('\n')).toContain(
      fillText(replies.surveySatisfactionPrompt, { trackingNumber: CASE }),
    );
    expect(step.session).toMatchObject({
      flow: 'survey',
      step: 'satisfaction',
      trackingNumber: CASE,
      answer: {},
    });
  });

  it('when the restarted survey is answered through, then the new answers are sent', () => {
    const { session } = converse(['4', '3'], { context: surveyOpen });
    let current = stepDialog(
      session,
      { kind: 'text', text: '3' },
      new Date(START.getTime() + 45 * 60_000),
      baseContext,
    );
    for (const text of ['2', '1', '5', '跳过']) {
      current = stepDialog(
        current.session,
        { kind: 'text', text },
        new Date(START.getTime() + 46 * 60_000),
        baseContext,
      );
    }
    expect(current.outcome).toEqual({
      type: 'answer-survey',
      trackingNumber: CASE,
      answer: { satisfaction: 'satisfied', solved: 'solved', stars: 5 },
    });
  });

  it.each([
    [
      'when 查询 comes after the pause, then the cases are listed and nothing is said about the survey',
      '查询',
      [],
    ],
    [
      'when unrelated text comes after the pause, then it is handled afresh',
      '今天天气不错',
      [replies.unknownHint],
    ],
  ])('%s', (_name, text, expectedReplies) => {
    const { session } = converse(['4', '3'], { context: surveyOpen });
    const step = stepDialog(
      session,
      { kind: 'text', text },
      new Date(START.getTime() + 45 * 60_000),
      baseContext,
    );
    expect(step.replies).toEqual(expectedReplies);
    expect(step.session).toBeUndefined();
  });
});

describe('the review request (复查)', () => {
  it.each<
    [string, Turn[], Partial<DialogContext>, { outcome?: object; reply?: string; session?: object | 'none' }]
  >([
    [
      'when 复查 is sent, then the reason is asked for',
      ['复查'],
      {},
      { reply: replies.reviewAsk, session: { flow: 'review' } },
    ],
    [
      'when the reason follows, then the request goes to the use case without a number (it picks the case)',
      ['复查', '河里还在挖沙，一点没变'],
      {},
      { outcome: { type: 'request-review', reason: '河里还在挖沙，一点没变' }, session: 'none' },
    ],
    [
      'when 复查 comes with its reason, then it is requested at once',
      ['复查：河里还在挖沙，一点没变'],
      {},
      { outcome: { type: 'request-review', reason: '河里还在挖沙，一点没变' } },
    ],
    [
      'when 复查 names a case, then that case is asked about',
      [`申请复查 ${OTHER_CASE} 河里还在挖沙`],
      surveyOpen,
      { outcome: { type: 'request-review', trackingNumber: OTHER_CASE, reason: '河里还在挖沙' } },
    ],
    [
      'when a survey is open and 复查 is sent, then the review is about the surveyed case',
      ['复查', '河里还在挖沙，一点没变'],
      surveyOpen,
      { outcome: { type: 'request-review', trackingNumber: CASE, reason: '河里还在挖沙，一点没变' } },
    ],
    [
      'when 复查 is sent during the survey, then the review is about the surveyed case',
      ['4', '3', '复查 河里还在挖沙，一点没变'],
      surveyOpen,
      { outcome: { type: 'request-review', trackingNumber: CASE, reason: '河里还在挖沙，一点没变' } },
    ],
    [
      'when 复查 alone is sent instead of the comment, then the reason is asked for',
      ['4', '3', '2', '复查'],
      surveyOpen,
      { reply: replies.reviewAsk, session: { flow: 'review', trackingNumber: CASE } },
    ],
    [
      'when 复查 comes with a word or two, then a real reason is asked for',
      ['复查一下'],
      {},
      { reply: replies.reviewAsk, session: { flow: 'review' } },
    ],
    [
      'when the reason is too short, then a fuller one is asked for',
      ['复查', '不行'],
      {},
      { reply: fillText(replies.reviewTooShort, { min: 5 }), session: { flow: 'review' } },
    ],
    [
      'when the reason starts like a command (补充…), then it is still the reason',
      ['复查', '补充一下：河里还在挖沙'],
      {},
      { outcome: { type: 'request-review', reason: '补充一下：河里还在挖沙' } },
    ],
    [
      'when 帮助 is sent, then the review is explained',
      ['复查', '帮助'],
      {},
      { reply: replies.reviewHelp, session: { flow: 'review' } },
    ],
    [
      'when 取消 is sent, then nothing is requested',
      ['复查', '取消'],
      {},
      { reply: replies.stopped, session: 'none' },
    ],
    [
      'when 查询 is sent instead of the reason, then the cases are listed',
      ['复查', '查询'],
      {},
      { outcome: { type: 'list-cases' }, session: 'none' },
    ],
    [
      'when 复查 is sent while a consultation question is awaited, then the review goes its own way',
      ['咨询', '复查'],
      {},
      { reply: replies.reviewAsk, session: { flow: 'review' } },
    ],
  ])('%s', (_name, turns, context, expected) => {
    const { last, session, lastReply } = converse(turns, { context });
    if (expected.outcome) expect(last.outcome).toEqual(expected.outcome);
    else expect(last.outcome).toBeUndefined();
    if (expected.reply) expect(lastReply).toContain(expected.reply);
    if (expected.session === 'none') expect(session).toBeUndefined();
    else if (expected.session) expect(session).toMatchObject(expected.session);
  });
});

describe('couldConcernSurvey (whether the adapter looks for an open survey)', () => {
  it.each([
    ['when the text is 4, then it could', '4', true],
    ['when the text is 四, then it could', '四', true],
    ['when the text is 满意。, then it could', '满意。', true],
    ['when the text is 4不满意, then it could', '4不满意', true],
    ['when the text is 复查, then it could', '复查', true],
    ['when 复查 carries a reason, then it could', '复查 河里还在挖沙', true],
    ['when the text is 5, then it could not', '5', false],
    ['when the number and the word disagree, then it could not', '1不满意', false],
    ['when the text is 举报, then it could not', '举报', false],
    ['when the text is a sentence, then it could not', '我对处理结果很满意，谢谢你们', false],
  ])('%s', (_name, text, expected) => {
    expect(couldConcernSurvey(text, words)).toBe(expected);
  });
});
