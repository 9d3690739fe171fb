/**
 * The due-soon and overdue queues (GET /api/v1/cases?overdue=true, ?dueSoon=true) over the real
 * HTTP API and database: they list the nearest (or longest passed) deadline first, page by a
 * cursor of their own, and each role still sees only its cases.
 */
import type { Connection } from 'mongoose';
import request from 'supertest';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestPlatform } from './support/test-app';
import { actAs, loginAs, renewLogin, type StaffLogin } from './support/staff-sessions';

let db: Connection;
let clock = new Date('2026-11-02T01:00:00Z'); // Monday 09:00 in Beijing
let server: ReturnType<ReturnType<typeof createTestPlatform>['app']['callback']>;
let center: StaffLogin, riverlake: StaffLogin, rural: StaffLogin, office: StaffLogin;
/** Filing order; each was filed one day after the one before. */
const filed: { id: string; trackingNumber: string; department: string }[] = [];

async function setClock(at: Date): Promise<void> {
  clock = at;
  for (const login of [center, riverlake, rural, office]) await renewLogin(server, login);
}

async function list(login: StaffLogin, query: string) {
  const response = await request(server).get(`/api/v1/cases?${query}`).set(login.auth);
  expect(response.status).toBe(200);
  return response.body as { items: { id: string; due?: { at: string } }[]; nextCursor: string | null };
}

/** Every page of a queue, following nextCursor. */
async function listAllPages(login: StaffLogin, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(login, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  db = await connectTestDatabase('case_queues');
  const platform = createTestPlatform(db, { now: () => clock });
  server = platform.app.callback();
  const { components } = platform;
  center = await loginAs(server, components, 'center');
  riverlake = await loginAs(server, components, 'department', { department: 'riverlake' });
  rural = await loginAs(server, components, 'department', { department: 'rural' });
  office = await loginAs(server, components, 'office');

  // Five reports on five days, each accepted and assigned the day it came: the first filed has
  // the earliest handling deadline, the newest the latest.
  for (let day = 0; day < 5; day++) {
    await setClock(new Date(Date.UTC(2026, 10, 2 + day, 1)));
    const department = day % 2 === 0 ? 'riverlake' : 'rural';
    const response = await request(server)
      .post('/api/v1/cases')
      .set(center.auth)
      .send({
        category: department === 'riverlake' ? 'river_lake' : 'rural_water',
        description: `第${day + 1}件：${department === 'riverlake' ? '河道里有人倒建筑垃圾' : '村里停水三天了'}，请尽快处理。`,
        place: { address: `第${day + 1}村`, regionCode: `34150${day}` },
        reporter: { phone: `1370000000${day}` },
      });
    expect(response.status).toBe(201);
    const { id, trackingNumber } = response.body;
    await actAs(server, center, id, 'accept');
    await actAs(server, center, id, 'assign', { department });
    filed.push({ id, trackingNumber, department });
  }
});
afterAll(() => dropTestDatabase(db));

describe('the overdue queue', () => {
  beforeAll(() => setClock(new Date('2027-01-20T01:00:00Z'))); // every handling deadline has passed

  test('when the office lists it, then the longest overdue case comes first, page after page', async () => {
    expect(await listAllPages(office, 'overdue=true')).toEqual(filed.map((c) => c.id));
  });

  test('when a department lists it, then it sees only its own cases, in deadline order', async () => {
    const own = (department: string) => filed.filter((c) => c.department === department).map((c) => c.id);
    expect(await listAllPages(riverlake, 'overdue=true')).toEqual(own('riverlake'));
    expect(await listAllPages(rural, 'overdue=true')).toEqual(own('rural'));
  });

  test('when the plain list is asked, then it is still newest first', async () => {
    expect(await listAllPages(office, 'status=assigned')).toEqual(filed.map((c) => c.id).reverse());
  });

  test('when a cursor of the plain list is used on the overdue queue, then it is a 400 asking to start again', async () => {
    const plain = await list(office, 'status=assigned&limit=2');
    const response = await request(server)
      .get(`/api/v1/cases?overdue=true&cursor=${plain.nextCursor}`)
      .set(office.auth);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'invalid-input',
      message: '分页参数无效，请从第一页重新查看。',
    });
  });
});

describe('the due-soon queue', () => {
  test('when deadlines draw near, then the nearest comes first and passed ones are not in it', async () => {
    const detail = async (id: string) =>
      (await request(server).get(`/api/v1/cases/${id}`).set(office.auth)).body as { due: { at: string } };
    // On the day the second case falls due, the first has passed and the others are later.
    const secondDue = new Date((await detail(filed[1]!.id)).due.at);
    await setClock(new Date(secondDue.getTime() - 3600_000));
    const soon = await listAllPages(office, 'dueSoon=true');
    expect(soon[0]).toBe(filed[1]!.id);
    expect(soon).not.toContain(filed[0]!.id);
    const dues = await Promise.all(soon.map(async (id) => (await detail(id)).due.at));
    expect(dues).toEqual([...dues].sort());
  });
});

describe('finding cases by tracking number', () => {
  test('when staff type a whole number, or its day, in any case of letters, then they get those cases', async () => {
    const [first, second] = filed;
    const ids = async (login: StaffLogin, q: string) =>
      (await list(login, `q=${encodeURIComponent(q)}`)).items.map((item) => item.id);
    expect(await ids(office, first!.trackingNumber)).toEqual([first!.id]);
    expect(await ids(office, first!.trackingNumber.toLowerCase())).toEqual([first!.id]);
    expect(await ids(office, second!.trackingNumber.slice(0, 10))).toEqual([second!.id]);
  });

  test('when a department types the number of another department’s case, then it finds nothing', async () => {
    const other = filed.find((c) => c.department === 'rural')!;
    expect((await list(riverlake, `q=${other.trackingNumber}`)).items).toEqual([]);
  });
});
