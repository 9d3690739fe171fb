/**
 * The satisfaction survey (满意度回访) and the review request (复查) in the official-account chat,
 * end to end: staff resolve a case through the API, the reporter rates it by replying in the chat
 * (as the invitation asks) and asks for a review, and the case keeps both.
 */
import type { Connection } from 'mongoose';
import { loadBotTexts } from '../config/domain/bot-texts';
import { formatBeijingDay } from '../bot/dialog/text-format';
import { makeOpenId } from '../scripts/chat/wechat-simulator';
import { loginAs, type StaffLogin, actAs } from './support/staff-sessions';
import {
  reportByChat,
  sayText,
  startOfficialAccountChat,
  type OfficialAccountChat,
} from './support/official-account-chat';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

const { replies } = loadBotTexts();
const SAND_MINING = '村东头河道里有人夜里挖沙，河岸都挖塌了';

let db: Connection;
let chat: OfficialAccountChat;
let center: StaffLogin;
let riverlake: StaffLogin;

beforeAll(async () => {
  db = await connectTestDatabase('chat-survey');
  chat = await startOfficialAccountChat(db);
  center = await loginAs(chat.server, chat.platform.components, 'center');
  riverlake = await loginAs(chat.server, chat.platform.components, 'department', { department: 'riverlake' });
});
afterAll(async () => {
  await chat.close();
  await dropTestDatabase(db);
});

const act = (login: StaffLogin, trackingNumber: string, action: string, body: object = {}) =>
  actAs(chat.server, login, trackingNumber, action, body);

/** A case reported by chat and brought to `resolved` by the center and the river-lake department. */
async function resolvedCaseOf(openid: string): Promise<string> {
  const trackingNumber = await reportByChat(chat, openid, `${SAND_MINING}（${openid.slice(-6)}）`);
  await act(center, trackingNumber, 'accept');
  await act(center, trackingNumber, 'assign', { department: 'riverlake' });
  await act(riverlake, trackingNumber, 'start');
  await act(riverlake, trackingNumber, 'resolve', { summary: '已拆除采砂设备，河岸已恢复。' });
  return trackingNumber;
}

const storedCase = (trackingNumber: string) => db.collection('cases').findOne({ trackingNumber });

describe('the satisfaction survey and the review request in the chat', () => {
  test('when the reporter rates a resolved case 4 → 3 → 2 → 跳过, then the answer is stored and 复查 with a reason files a review with its deadline', async () => {
    const openid = makeOpenId();
    const trackingNumber = await resolvedCaseOf(openid);
    expect((await storedCase(trackingNumber))!.survey).toMatchObject({ state: 'invited' });

    const first = await sayText(chat, openid, '4');
    expect(first).toContain(trackingNumber);
    expect(first).toContain(replies.surveySolvedPrompt);
    expect(await sayText(chat, openid, '3')).toBe(replies.surveyStarsPrompt);
    expect(await sayText(chat, openid, '2')).toBe(replies.surveyCommentPrompt);
    const thanks = await sayText(chat, openid, '跳过');
    expect(thanks).toContain(replies.surveyThanks);
    expect(thanks).toContain(replies.reviewOffer);

    const answered = await storedCase(trackingNumber);
    expect(answered!.survey).toMatchObject({
      state: 'answered',
      answer: { satisfaction: 'dissatisfied', solved: 'unsolved', stars: 2, channel: 'official_account' },
    });
    expect(answered!.survey.answer).not.toHaveProperty('comment');

    expect(await sayText(chat, openid, '复查')).toBe(replies.reviewAsk);
    const reason = '采砂船晚上又回来了，河岸还在塌';
    const filed = await sayText(chat, openid, reason);

    const reviewed = await storedCase(trackingNumber);
    expect(reviewed!.status).toBe('review_requested');
    const review = reviewed!.reviews.at(-1);
    expect(review).toMatchObject({ state: 'requested', reason });
    expect(filed).toContain(trackingNumber);
    expect(filed).toContain(formatBeijingDay(review.dueAt));
    const types = reviewed!.timeline.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['survey-answered', 'review-requested']));
  });

  test('when the reporter is satisfied and leaves a comment, then it is stored and no review is offered', async () => {
    const openid = makeOpenId();
    const trackingNumber = await resolvedCaseOf(openid);
    for (const answer of ['非常满意', '已解决', '5']) await sayText(chat, openid, answer);
    const thanks = await sayText(chat, openid, '处理得很及时，谢谢');
    expect(thanks).toBe(replies.surveyThanks);
    expect((await storedCase(trackingNumber))!.survey.answer).toMatchObject({
      satisfaction: 'very_satisfied',
      solved: 'solved',
      stars: 5,
      comment: '处理得很及时，谢谢',
    });

    // The survey is answered: a later 4 is no answer any more, and nothing more is stored.
    expect(await sayText(chat, openid, '4')).toBe(replies.unknownHint);
    expect((await storedCase(trackingNumber))!.survey.answer.satisfaction).toBe('very_satisfied');
  });

  test('when the comment is refused as too long, then the reporter hears the limit and a shorter one is taken', async () => {
    const openid = makeOpenId();
    const trackingNumber = await resolvedCaseOf(openid);
    for (const answer of ['3', '2', '3']) await sayText(chat, openid, answer);
    expect(await sayText(chat, openid, '河'.repeat(600))).toContain('500');
    expect((await storedCase(trackingNumber))!.survey.state).toBe('invited');
    expect(await sayText(chat, openid, '希望多来看看')).toContain(replies.surveyThanks);
    expect((await storedCase(trackingNumber))!.survey.answer).toMatchObject({
      satisfaction: 'basically_satisfied',
      solved: 'partly',
      stars: 3,
      comment: '希望多来看看',
    });
  });

  test('when 复查 comes with its reason while the survey is still open, then the surveyed case gets the review at once', async () => {
    const openid = makeOpenId();
    const trackingNumber = await resolvedCaseOf(openid);
    const filed = await sayText(chat, openid, '复查：河里的沙堆一点没清，岸边还在塌');
    expect(filed).toContain(trackingNumber);
    expect((await storedCase(trackingNumber))!.status).toBe('review_requested');

    // The use case's refusal is said as the use case words it.
    expect(await sayText(chat, openid, '复查 还是没有人来处理这件事')).toContain('正在办理中');
  });

  test('when a reporter with no resolved case asks for 复查, then they are told politely there is nothing to review', async () => {
    expect(await sayText(chat, makeOpenId(), '复查 河道里的问题一直没人管')).toContain('没有找到');
  });
});
