/**
 * The satisfaction survey (满意度回访) and review requests (复查/复核) over the real HTTP API and
 * database, with the clock under test control. The app is the real one; only its case component
 * is built here with a recording onReporterEvent, where the notification outbox will hang.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createApp } from '../server/app';
import type { CaseEvent, SurveyAnswer } from '../server/cases/domain/case-types';
import { createComponents } from '../server/components';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createPlatformRecordingReporterEvents, createTestPlatform } from './support/test-app';
import { loginAs, renewLogin, type StaffLogin, actAs } from './support/staff-sessions';

let db: Connection;
let clock = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Beijing
let components: ReturnType<typeof createComponents>;
let server: ReturnType<ReturnType<typeof createApp>['callback']>;
let center: StaffLogin, riverlake: StaffLogin, office: StaffLogin;
const notified: { trackingNumber: string; event: CaseEvent }[] = [];

const beijing = (local: string) => new Date(`${local}+08:00`);
/** Deadlines are stored as the end of a Beijing calendar day. */
const deadline = (day: string) => beijing(`${day}T23:59:59.999`).toISOString();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

beforeAll(async () => {
  db = await connectTestDatabase('survey_review');
  ({ server, components } = createPlatformRecordingReporterEvents(
    db,
    () => clock,
    async (record, event) => {
      notified.push({ trackingNumber: record.trackingNumber, event });
    },
  ));
  center = await loginAs(server, components, 'center');
  riverlake = await loginAs(server, components, 'department', { department: 'riverlake' });
  office = await loginAs(server, components, 'office');
});
afterAll(() => dropTestDatabase(db));

/** Moves the platform's clock; staff sessions (8 h) are renewed at the new time. */
async function setClock(local: string): Promise<void> {
  clock = beijing(local);
  for (const login of [center, riverlake, office]) await renewLogin(server, login);
}

const actOk = (login: StaffLogin, id: string, action: string, body: object = {}) =>
  actAs(server, login, id, action, body);

const staffView = async (id: string) =>
  (await request(server).get(`/api/v1/cases/${id}`).set(center.auth)).body;
const typesOf = (view: { timeline: { type: string }[] }) => view.timeline.map((event) => event.type);

/** The token the notification outbox would put in the mini-program link of the latest invitation. */
function latestSurveyToken(trackingNumber: string): string {
  const invitation = notified
    .filter((n) => n.trackingNumber === trackingNumber && n.event.type === 'survey-invited')
    .at(-1);
  const token = invitation?.event.data?.surveyToken;
  if (typeof token !== 'string') throw new Error(`no survey invitation for ${trackingNumber}`);
  return token;
}

let nextPhone = 13900000000;
/** A hotline report of its own caller, assigned to the river-and-lake department and resolved now. */
async function resolvedCase(): Promise<{ id: string; trackingNumber: string; phone: string; token: string }> {
  const phone = String((nextPhone += 1));
  const created = await request(server)
    .post('/api/v1/cases')
    .set(center.auth)
    .send({
      category: 'river_lake',
      description: '淠河东河口镇段有人用挖掘机在河道里非法采砂，河岸已经塌了。',
      place: { address: '安徽省六安市金安区东河口镇', regionCode: '341502', waterBody: '淠河' },
      reporter: { name: '王建国', phone },
    });
  expect(created.status).toBe(201);
  const { id, trackingNumber } = created.body;
  await actOk(center, id, 'assign', { department: 'riverlake' });
  await actOk(riverlake, id, 'start');
  await actOk(riverlake, id, 'resolve', { summary: '已拆除采砂设备，河岸已恢复。' });
  return { id, trackingNumber, phone, token: latestSurveyToken(trackingNumber) };
}

const answer = (overrides: Partial<SurveyAnswer> = {}): SurveyAnswer => ({
  satisfaction: 'satisfied',
  solved: 'solved',
  stars: 5,
  ...overrides,
});

describe('the satisfaction survey', () => {
  test('when a department resolves a report, then the survey is invited at once and its token travels only to the notification hook', async () => {
    await setClock('2026-11-23T10:00');
    const { id, trackingNumber, phone, token } = await resolvedCase();
    expect(token).toMatch(TOKEN);

    const view = await staffView(id);
    expect(typesOf(view).slice(-2)).toEqual(['resolve', 'survey-invited']);
    expect(view.timeline.at(-1)).toMatchObject({ actor: { kind: 'system' }, visibleToReporter: true });
    expect(view.survey).toMatchObject({ state: 'invited', invitedAt: clock.toISOString() });

    const tokenHash = createHash('sha256').update(token).digest('hex');
    const stored = await components.cases.repo.model.collection.findOne({ trackingNumber });
    expect(stored?.survey.tokenHash).toBe(tokenHash);
    expect(JSON.stringify(stored)).not.toContain(token);

    const reporterView = await components.cases.queries.getCaseForReporter(
      { kind: 'phone', value: phone },
      trackingNumber,
    );
    expect(reporterView.timeline.map((event) => event.type)).toContain('survey-invited');
    for (const text of [JSON.stringify(view), JSON.stringify(reporterView)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(tokenHash);
    }
  });

  test('when the reporter answers through the link, then the answer is stored apart from the result and a second answer is 409', async () => {
    await setClock('2026-11-23T10:00');
    const { id, token } = await resolvedCase();
    await setClock('2026-11-24T21:44');

    const answered = await request(server)
      .post(`/api/v1/surveys/${token}`)
      .send(answer({ satisfaction: 'very_satisfied', comment: '处理很及时，谢谢！' }));
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ trackingNumber: expect.stringMatching(/^SL/), offerReview: false });

    const view = await staffView(id);
    expect(view.resolution.summary).toBe('已拆除采砂设备，河岸已恢复。');
    expect(view.survey).toMatchObject({
      state: 'answered',
      answer: {
        satisfaction: 'very_satisfied',
        satisfactionLabel: '非常满意',
        solved: 'solved',
        solvedLabel: '已解决',
        stars: 5,
        comment: '处理很及时，谢谢！',
        channel: 'miniprogram',
        at: clock.toISOString(),
      },
    });
    expect(view.timeline.at(-1)).toMatchObject({ type: 'survey-answered', note: '非常满意，已解决，5星' });

    const again = await request(server).post(`/api/v1/surveys/${token}`).send(answer());
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'survey-answered', message: '您已经评价过了，感谢您的反馈。' });
    expect((await staffView(id)).survey.answer.satisfaction).toBe('very_satisfied');
  });

  test.each<[string, number, string, string | undefined, object]>([
    ['an unknown token', 404, 'survey-not-found', 'x'.repeat(43), answer()],
    ['a malformed token', 404, 'survey-not-found', 'abc', answer()],
    ['six stars', 400, 'invalid-input', undefined, { ...answer(), stars: 6 }],
    ['no satisfaction', 400, 'invalid-input', undefined, { solved: 'solved', stars: 3 }],
    ['a comment with web markup', 400, 'invalid-input', undefined, answer({ comment: '<b>很差</b>' })],
    ['a comment over 500 characters', 400, 'invalid-input', undefined, answer({ comment: '好'.repeat(501) })],
  ])('when the answer comes with %s, then it is a %d (%s)', async (_label, status, code, token, body) => {
    const path = token ?? (await resolvedCase()).token;
    const response = await request(server).post(`/api/v1/surveys/${path}`).send(body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  test('when the chat asks, then the open survey is found by the reporter’s identity and answered once', async () => {
    await setClock('2026-11-23T10:00');
    const { trackingNumber, phone } = await resolvedCase();
    const identity = { kind: 'phone' as const, value: phone };
    const surveys = components.cases.surveys;
    expect(await surveys.findOpenSurvey(identity)).toEqual({ trackingNumber });
    expect(await surveys.findOpenSurvey({ kind: 'phone', value: '13311112222' })).toBeUndefined();

    const result = await surveys.answerSurvey(
      identity,
      trackingNumber,
      answer({ solved: 'unsolved', stars: 2 }),
      'official_account',
    );
    expect(result).toEqual({ offerReview: true });
    expect(await surveys.findOpenSurvey(identity)).toBeUndefined();
    await expect(
      surveys.answerSurvey(
        { kind: 'phone', value: '13311112222' },
        trackingNumber,
        answer(),
        'official_account',
      ),
    ).rejects.toMatchObject({ status: 404 });
  });

  test('when a consultation is answered, then it is surveyed too, but an unsolved answer offers no review', async () => {
    await setClock('2026-11-23T10:00');
    const consult = await request(server)
      .post('/api/v1/cases')
      .set(center.auth)
      .send({
        category: 'consult',
        description: '村里自来水停了两天了，应该找哪个部门反映？',
        place: { address: '安徽省六安市金安区' },
        reporter: { phone: '13822223333' },
      });
    const answered = await actOk(center, consult.body.id, 'answer', { answer: '请先联系当地供水单位。' });
    expect(typesOf(answered).slice(-2)).toEqual(['answer', 'survey-invited']);
    const token = latestSurveyToken(consult.body.trackingNumber);
    const response = await request(server)
      .post(`/api/v1/surveys/${token}`)
      .send(answer({ solved: 'unsolved' }));
    expect(response.body.offerReview).toBe(false);
  });
});

describe('review requests (复查/复核)', () => {
  test('when the reporter is dissatisfied, then a review is offered, forwarded to the department, and a redo reopens the case', async () => {
    await setClock('2026-11-23T10:00');
    const { id, trackingNumber, phone, token } = await resolvedCase();

    await setClock('2026-11-24T10:00'); // Tuesday
    const answered = await request(server)
      .post(`/api/v1/surveys/${token}`)
      .send(answer({ satisfaction: 'dissatisfied' }));
    expect(answered.body).toEqual({ trackingNumber, offerReview: true });
    const requested = await request(server)
      .post(`/api/v1/surveys/${token}/review`)
      .send({ reason: '采砂船晚上又回来了，河岸还在塌。' });
    expect(requested.status).toBe(201);
    // 20 working days from Tue 11-24: Nov 25–27, Nov 30–Dec 4, Dec 7–11, 14–18, 21–22.
    expect(requested.body).toEqual({ trackingNumber, dueAt: deadline('2026-12-22') });
    const twice = await request(server)
      .post(`/api/v1/surveys/${token}/review`)
      .send({ reason: '再次申请复查一下' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('review-in-progress');

    const waiting = await staffView(id);
    expect(waiting).toMatchObject({ status: 'review_requested', statusLabel: '已申请复查' });
    expect(waiting.due).toMatchObject({ kind: 'assign', at: deadline('2026-11-26') }); // center: 2 working days
    expect(waiting.allowedActions).toContain('forward-review');
    expect(
      (await request(server).post(`/api/v1/cases/${id}/actions/forward-review`).set(riverlake.auth)).status,
    ).toBe(403);
    expect(
      (await request(server).post(`/api/v1/cases/${id}/actions/request-review`).set(center.auth)).status,
    ).toBe(404);

    const forwarded = await actOk(center, id, 'forward-review');
    expect(forwarded).toMatchObject({ status: 'reviewing', statusLabel: '复查中' });
    expect(forwarded.reviews).toEqual([
      expect.objectContaining({
        state: 'forwarded',
        forwardedTo: { role: 'department', department: 'riverlake' },
      }),
    ]);
    expect(forwarded.due).toMatchObject({ kind: 'review', at: deadline('2026-12-22') });
    const byOffice = await request(server)
      .post(`/api/v1/cases/${id}/actions/decide-review`)
      .set(office.auth)
      .send({ outcome: 'upheld', note: '维持' });
    expect(byOffice.status).toBe(403);

    await setClock('2026-11-25T10:00'); // Wednesday
    const redone = await actOk(riverlake, id, 'decide-review', {
      outcome: 'redo',
      note: '现场复核发现仍有采砂，重新办理。',
    });
    // A fresh 20 working days from Wed 11-25: Nov 26–27, Nov 30–Dec 4, Dec 7–11, 14–18, 21–23.
    expect(redone).toMatchObject({ status: 'handling', assignment: { department: 'riverlake' } });
    expect(redone.deadlines.handle).toBe(deadline('2026-12-23'));
    expect(redone.due).toMatchObject({ kind: 'handle', at: deadline('2026-12-23') });
    expect(redone.reviews[0]).toMatchObject({ state: 'decided', outcome: 'redo', outcomeLabel: '重新办理' });

    const reporterView = await components.cases.queries.getCaseForReporter(
      { kind: 'phone', value: phone },
      trackingNumber,
    );
    expect(reporterView.timeline.slice(-4)).toEqual([
      expect.objectContaining({ type: 'survey-answered' }),
      expect.objectContaining({ type: 'review-requested', note: '采砂船晚上又回来了，河岸还在塌。' }),
      expect.objectContaining({ type: 'review-forwarded', note: '已转承办司局复查' }),
      expect.objectContaining({ type: 'review-decided', note: '重新办理：现场复核发现仍有采砂，重新办理。' }),
    ]);
    const hooked = notified.filter((n) => n.trackingNumber === trackingNumber).map((n) => n.event.type);
    expect(hooked).toEqual(
      expect.arrayContaining(['review-requested', 'review-forwarded', 'review-decided']),
    );
    const seqs = (await staffView(id)).timeline.map((event: { seq: number }) => event.seq);
    expect(seqs).toEqual(seqs.map((_: number, index: number) => index + 1));
  });

  test('when the same case is reviewed a second time, then it goes to the general office, and no third review is taken', async () => {
    await setClock('2026-11-23T10:00');
    const first = await resolvedCase();
    await request(server)
      .post(`/api/v1/surveys/${first.token}/review`)
      .send({ reason: '问题没有真正解决。' });
    await actOk(center, first.id, 'forward-review');
    await actOk(riverlake, first.id, 'decide-review', { outcome: 'redo', note: '重新办理。' });

    await setClock('2026-11-26T10:00');
    await actOk(riverlake, first.id, 'resolve', { summary: '已再次清理，并安排巡查。' });
    const secondToken = latestSurveyToken(first.trackingNumber);
    expect(secondToken).not.toBe(first.token);
    expect((await request(server).post(`/api/v1/surveys/${first.token}`).send(answer())).status).toBe(404);

    await request(server).post(`/api/v1/surveys/${secondToken}/review`).send({ reason: '巡查只来过一次。' });
    const forwarded = await actOk(center, first.id, 'forward-review');
    expect(forwarded.reviews[1].forwardedTo).toEqual({ role: 'office' });
    expect(forwarded.timeline.at(-1).note).toBe('已转办公厅复核');
    const byDepartment = await request(server)
      .post(`/api/v1/cases/${first.id}/actions/decide-review`)
      .set(riverlake.auth)
      .send({ outcome: 'upheld', note: '维持' });
    expect(byDepartment.status).toBe(403);
    const decided = await actOk(office, first.id, 'decide-review', {
      outcome: 'upheld',
      note: '经复核，处理得当。',
    });
    expect(decided.status).toBe('resolved');

    const third = await request(server)
      .post(`/api/v1/surveys/${secondToken}/review`)
      .send({ reason: '我还是不满意。' });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('review-limit');
    expect((await actOk(center, first.id, 'close')).status).toBe('closed');
  });

  test('when more than 15 working days have passed since the result, then a review request is refused', async () => {
    await setClock('2026-11-23T10:00');
    const { trackingNumber, phone } = await resolvedCase();
    // The 15th working day after Mon 11-23 is Mon 12-14.
    await setClock('2026-12-15T08:00');
    await expect(
      components.cases.reviews.requestReview(
        { kind: 'phone', value: phone },
        undefined,
        '采砂又开始了，请复查。',
      ),
    ).rejects.toMatchObject({
      status: 409,
      code: 'review-window-passed',
      message: '已超过申请复查的期限（办结后15个工作日）。',
    });
    await setClock('2026-12-14T23:00');
    const filed = await components.cases.reviews.requestReview(
      { kind: 'phone', value: phone },
      undefined,
      '采砂又开始了，请复查。',
    );
    expect(filed.trackingNumber).toBe(trackingNumber);
  });
});

describe('the survey job', () => {
  test('when nobody answers, then two job instances remind once after 3 working days and close the survey 3 working days later', async () => {
    await setClock('2026-11-23T10:00'); // Monday
    const { id, token } = await resolvedCase();
    const jobs = [
      components.cases.surveyJob,
      createTestPlatform(db, { now: () => clock }).components.cases.surveyJob,
    ];
    const runBoth = () => Promise.all(jobs.map((job) => job.runOnce()));
    const count = async (type: string) =>
      typesOf(await staffView(id)).filter((t: string) => t === type).length;

    await setClock('2026-11-27T08:59'); // Tue, Wed, Thu have passed; the reminder waits for the morning
    await runBoth();
    expect(await count('survey-reminded')).toBe(0);

    await setClock('2026-11-27T09:00');
    await runBoth();
    await runBoth();
    expect(await count('survey-reminded')).toBe(1);
    const reminded = await staffView(id);
    expect(reminded.survey).toMatchObject({ state: 'reminded', remindedAt: clock.toISOString() });
    expect(reminded.timeline.at(-1)).toMatchObject({ type: 'survey-reminded', visibleToReporter: true });

    await setClock('2026-12-02T23:00'); // Mon, Tue and most of Wed after the reminder
    await runBoth();
    expect((await staffView(id)).survey.state).toBe('reminded');

    await setClock('2026-12-03T00:01');
    await runBoth();
    await runBoth();
    const closed = await staffView(id);
    expect(closed.survey.state).toBe('closed');
    expect(closed.timeline.filter((event: { type: string }) => event.type === 'survey-closed')).toEqual([
      expect.objectContaining({ visibleToReporter: false, actor: { kind: 'system' } }),
    ]);
    const late = await request(server).post(`/api/v1/surveys/${token}`).send(answer());
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({ code: 'survey-closed', message: '回访已结束，感谢您的关注。' });
    expect((await actOk(center, id, 'close')).status).toBe('closed');
  });
});
