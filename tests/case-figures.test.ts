/**
 * The general office's figures (GET /api/v1/figures) over the real HTTP API and database: cases
 * are filed and moved through the workflow with the clock under test control, surveys are
 * answered through the survey link, and the counts are checked for a period and for who may ask.
 */
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createApp } from '../server/app';
import type { CaseEvent } from '../server/cases/domain/case-types';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createPlatformRecordingReporterEvents } from './support/test-app';
import { loginAs, renewLogin, type StaffLogin, actAs } from './support/staff-sessions';

let db: Connection;
// Cases get their createdAt from the database driver's clock, not the platform's, so the test
// starts its clock at the real time and moves it forward from there.
const start = new Date();
let clock = start;
let server: ReturnType<ReturnType<typeof createApp>['callback']>;
let center: StaffLogin, riverlake: StaffLogin, office: StaffLogin, admin: StaffLogin;
const surveyTokens = new Map<string, string>();

const DAY_MS = 24 * 3600 * 1000;
const daysAfterStart = (days: number) => new Date(start.getTime() + days * DAY_MS);

beforeAll(async () => {
  db = await connectTestDatabase('case_figures');
  // The survey token travels only to the notification hook; recording it stands in for the link.
  const platform = createPlatformRecordingReporterEvents(
    db,
    () => clock,
    async (record, event: CaseEvent) => {
      const token = event.type === 'survey-invited' ? event.data?.surveyToken : undefined;
      if (typeof token === 'string') surveyTokens.set(record.trackingNumber, token);
    },
  );
  server = platform.server;
  const { components } = platform;
  center = await loginAs(server, components, 'center');
  riverlake = await loginAs(server, components, 'department', { department: 'riverlake' });
  office = await loginAs(server, components, 'office');
  admin = await loginAs(server, components, 'admin');
});
afterAll(() => dropTestDatabase(db));

/** Moves the clock; staff sessions (8 h) are renewed at the new time. */
async function setClock(at: Date): Promise<void> {
  clock = at;
  for (const login of [center, riverlake, office, admin]) await renewLogin(server, login);
}

let nextPhone = 13700000000;
async function fileCase(
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; trackingNumber: string }> {
  const response = await request(server)
    .post('/api/v1/cases')
    .set(center.auth)
    .send({
      category: 'river_lake',
      description: '淠河东河口镇段有人用挖掘机在河道里非法采砂，河岸已经塌了。',
      place: { address: '安徽省六安市金安区东河口镇', regionCode: '341502', waterBody: '淠河' },
      reporter: { name: '王建国', phone: String((nextPhone += 1)) },
      ...overrides,
    });
  expect(response.status).toBe(201);
  return response.body;
}

const actOk = (login: StaffLogin, id: string, action: string, body: object = {}) =>
  actAs(server, login, id, action, body);

async function answerSurvey(trackingNumber: string, satisfaction: string, solved = 'solved') {
  const token = surveyTokens.get(trackingNumber);
  if (!token) throw new Error(`no survey invitation for ${trackingNumber}`);
  const response = await request(server)
    .post(`/api/v1/surveys/${token}`)
    .send({ satisfaction, solved, stars: satisfaction === 'dissatisfied' ? 1 : 5 });
  expect(response.status).toBe(200);
}

const figures = (login: StaffLogin, query = '') =>
  request(server).get(`/api/v1/figures${query}`).set(login.auth);

const periodQuery = (from: Date, to: Date) =>
  `?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

describe('the figures of a period', () => {
  beforeAll(async () => {
    // Day 0: five reports; handling deadlines are 20 working days away (well inside 60 days).
    await setClock(start);
    const onTime = await fileCase();
    await actOk(center, onTime.id, 'assign', { department: 'riverlake' });
    await actOk(riverlake, onTime.id, 'start');
    await actOk(riverlake, onTime.id, 'resolve', { summary: '已拆除采砂设备，河岸已恢复。' });
    await answerSurvey(onTime.trackingNumber, 'satisfied');

    const consultation = await fileCase({
      category: 'consult',
      description: '请问在河道管理范围内种植农作物需要办理什么手续？',
    });
    await actOk(center, consultation.id, 'answer', {
      answer: '河道管理范围内不得种植阻碍行洪的林木和高秆作物。',
    });
    await answerSurvey(consultation.trackingNumber, 'very_satisfied');

    const late = await fileCase();
    await actOk(center, late.id, 'assign', { department: 'riverlake' });
    await actOk(riverlake, late.id, 'start');
    const stillOpen = await fileCase();
    await actOk(center, stillOpen.id, 'assign', { department: 'riverlake' });
    await fileCase(); // never accepted: its 2-working-day intake deadline passes too

    // Day 60: past every deadline set on day 0.
    await setClock(daysAfterStart(60));
    await actOk(riverlake, late.id, 'resolve', { summary: '已责令恢复河岸原状。' });
    await answerSurvey(late.trackingNumber, 'dissatisfied', 'unsolved');
  });

  test('when the office asks for the whole period, then received, results on time and late, overdue and the survey answers are counted', async () => {
    const response = await figures(office, periodQuery(daysAfterStart(-1), daysAfterStart(61)));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      received: 5,
      closed: { total: 3, onTime: 2, late: 1 },
      overdue: 2,
      satisfaction: {
        answered: 3,
        answers: [
          { satisfaction: 'very_satisfied', label: '非常满意', count: 1 },
          { satisfaction: 'satisfied', label: '满意', count: 1 },
          { satisfaction: 'basically_satisfied', label: '基本满意', count: 0 },
          { satisfaction: 'dissatisfied', label: '不满意', count: 1 },
        ],
        satisfiedShare: 0.6667,
      },
    });
  });

  test('when the period starts after the reports came in, then only its own results and answers count, and overdue is counted now', async () => {
    const response = await figures(admin, periodQuery(daysAfterStart(30), daysAfterStart(61)));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      received: 0,
      closed: { total: 1, onTime: 0, late: 1 },
      overdue: 2,
      satisfaction: { answered: 1, satisfiedShare: 0 },
    });
  });

  test('when the overdue queue is listed, then each case says how many working days it is late', async () => {
    const response = await request(server).get('/api/v1/cases?overdue=true').set(office.auth);
    expect(response.body.items).toHaveLength(2);
    for (const item of response.body.items) expect(item.workingDaysLeft).toBeLessThan(-10);
  });

  test('when the period is given as days, then they are whole days in Beijing time', async () => {
    const response = await figures(office, '?from=2026-10-01&to=2026-12-31');
    expect(response.status).toBe(200);
    expect(response.body.period).toEqual({
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-12-31T15:59:59.999Z',
    });
  });

  test('when no period is given, then it is the last 30 days up to now', async () => {
    const response = await figures(office);
    expect(response.status).toBe(200);
    expect(response.body.period).toEqual({
      from: new Date(clock.getTime() - 30 * DAY_MS).toISOString(),
      to: clock.toISOString(),
    });
  });
});

describe('who may see the figures', () => {
  test('when center or department staff ask, then they are refused with 403', async () => {
    for (const login of [center, riverlake]) {
      const response = await figures(login);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
  });

  test('when nobody is logged in, then it is 401', async () => {
    const response = await request(server).get('/api/v1/figures');
    expect(response.status).toBe(401);
  });

  test('when the period is backwards, too long or not a date, then it is 400 with a plain message', async () => {
    const cases: [string, string][] = [
      ['?from=2026-12-01&to=2026-11-01', '开始日期不能晚于结束日期。'],
      ['?from=2025-01-01&to=2026-12-31', '统计时段最长366天，请缩短时段。'],
      ['?from=yesterday', '统计时段的日期格式不对，请写成 2026-10-01 这样的格式。'],
    ];
    for (const [query, message] of cases) {
      const response = await figures(office, query);
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({ code: 'invalid-input', message });
    }
  });
});
