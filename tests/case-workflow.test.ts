/**
 * Walks cases through every path of the rules over the real HTTP API and database, with the
 * clock under test control so deadlines can be checked against hand-computed working days.
 */
import type { Connection } from 'mongoose';
import request from 'supertest';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestPlatform } from './support/test-app';
import { buildJpegWithGps, findPrivateBytes } from './support/photo-fixtures';
import { loginAs, renewLogin, type StaffLogin } from './support/staff-sessions';

let db: Connection;
let clock = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Beijing
let platform: ReturnType<typeof createTestPlatform>;
let server: ReturnType<ReturnType<typeof createTestPlatform>['app']['callback']>;
let center: StaffLogin, riverlake: StaffLogin, rural: StaffLogin, anhui: StaffLogin, office: StaffLogin;

/** Deadlines are stored as the end of a Beijing calendar day. */
const deadline = (day: string) => new Date(new Date(`${day}T23:59:59.999+08:00`).getTime()).toISOString();

beforeAll(async () => {
  db = await connectTestDatabase('case_workflow');
  platform = createTestPlatform(db, { now: () => clock });
  server = platform.app.callback();
  center = await loginAs(server, platform.components, 'center');
  riverlake = await loginAs(server, platform.components, 'department', { department: 'riverlake' });
  rural = await loginAs(server, platform.components, 'department', { department: 'rural' });
  anhui = await loginAs(server, platform.components, 'unit', { department: 'riverlake', unit: 'anhui' });
  office = await loginAs(server, platform.components, 'office');
});
afterAll(() => dropTestDatabase(db));

/** Moves the platform's clock; staff sessions (8 h) are renewed at the new time. */
async function setClock(iso: string): Promise<void> {
  clock = new Date(iso);
  for (const login of [center, riverlake, rural, anhui, office]) await renewLogin(server, login);
}

let nextPhone = 13800000000;
/** A hotline report; each call is a different caller unless the test passes a reporter. */
const hotlineCase = (overrides: Record<string, unknown> = {}) => ({
  category: 'river_lake',
  description: '村东头的河道里有人用挖掘机非法采砂，已经挖了一个多星期，河岸都塌了。',
  place: { address: '安徽省六安市金安区东河口镇', regionCode: '341502', waterBody: '淠河' },
  reporter: { name: '王建国', phone: String((nextPhone += 1)) },
  ...overrides,
});

async function createCase(body = hotlineCase()) {
  const response = await request(server).post('/api/v1/cases').set(center.auth).send(body);
  expect(response.status).toBe(201);
  return response.body;
}

async function act(login: StaffLogin, id: string, action: string, body: Record<string, unknown> = {}) {
  return request(server).post(`/api/v1/cases/${id}/actions/${action}`).set(login.auth).send(body);
}

async function actOk(login: StaffLogin, id: string, action: string, body: Record<string, unknown> = {}) {
  const response = await act(login, id, action, body);
  if (response.status !== 200)
    throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

describe('a report from receipt to archive', () => {
  test('when it goes accept → assign → return → reassign → handle → extend → resolve → close, then every step and deadline is right', async () => {
    await setClock('2026-11-23T02:00:00Z');
    const created = await createCase(hotlineCase({ reporter: { name: '王建国', phone: '13812345678' } }));
    expect(created.trackingNumber).toMatch(/^SL20261123\d{6}$/);
    expect(created.status).toBe('received');
    expect(created.deadlines.assign).toBe(deadline('2026-11-25')); // 2 working days: Tue, Wed
    expect(created.reporter).toEqual({
      anonymous: false,
      name: '王*国',
      phone: '138****5678',
      hasOfficialAccountOpenid: false,
      hasMiniprogramOpenid: false,
    });
    const id = created.id;

    await actOk(center, id, 'accept');
    const assigned = await actOk(center, id, 'assign', { department: 'rural' });
    expect(assigned.deadlines.handle).toBe(deadline('2026-12-21'));

    await setClock('2026-11-24T03:00:00Z');
    const returned = await actOk(rural, id, 'return', { reason: '采砂属于河湖管理，建议转河湖司办理。' });
    expect(returned).toMatchObject({ status: 'returned', returnCount: 1 });
    expect(returned.due.kind).toBe('assign');
    expect(returned.due.at).toBe(deadline('2026-11-26'));
    expect((await request(server).get(`/api/v1/cases/${id}`).set(rural.auth)).status).toBe(404);

    const reassigned = await actOk(center, id, 'assign', { department: 'riverlake', unit: 'anhui' });
    expect(reassigned.assignment).toMatchObject({
      department: 'riverlake',
      unit: 'anhui',
      unitName: '安徽省水利厅',
    });
    expect(reassigned.deadlines.handle).toBe(deadline('2026-12-22')); // 20 working days from Tue 11-24

    await actOk(anhui, id, 'start');
    await actOk(anhui, id, 'progress', { note: '已到现场核查，责令停止采砂。' });
    const asked = await actOk(riverlake, id, 'extend', {
      reason: '需协调公安、自然资源部门联合执法。',
      workingDays: 10,
    });
    expect(asked.extension.pending.workingDays).toBe(10);
    const extended = await actOk(office, id, 'approve-extension');
    expect(extended.status).toBe('extended');
    // 10 working days after 12-22; 2027 is unpublished, so Fri 2027-01-01 counts as a working day.
    expect(extended.deadlines.handle).toBe(deadline('2027-01-05'));

    const resolved = await actOk(riverlake, id, 'resolve', { summary: '已拆除采砂设备，河岸已恢复。' });
    expect(resolved.resolution.summary).toBe('已拆除采砂设备，河岸已恢复。');
    const closed = await actOk(center, id, 'close');
    expect(closed.status).toBe('closed');
    expect(closed.timeline.map((event: { type: string }) => event.type)).toEqual([
      'received',
      'accept',
      'assign',
      'return',
      'assign',
      'start',
      'progress',
      'extend',
      'approve-extension',
      'resolve',
      'survey-invited',
      'close',
    ]);
    expect(closed.timeline.map((event: { seq: number }) => event.seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
  });

  test('when center staff assign without choosing, then the routing rules pick the department and the local unit', async () => {
    const { id, intakeFindings } = await createCase();
    expect(intakeFindings.suggestedAssignment).toEqual({ department: 'riverlake', unit: 'anhui' });
    const assigned = await actOk(center, id, 'assign');
    expect(assigned.assignment).toMatchObject({ department: 'riverlake', unit: 'anhui' });
  });

  test('when a department returns a case twice, then it is flagged for the general office', async () => {
    const { id } = await createCase();
    for (const department of ['rural', 'rural']) {
      await actOk(center, id, 'assign', { department });
      await actOk(rural, id, 'return', { reason: '不属于本司职责。' });
    }
    const flagged = await request(server).get(`/api/v1/cases?flagged=true`).set(office.auth);
    expect(flagged.body.items.map((item: { id: string }) => item.id)).toContain(id);
  });
});

describe('the other paths of the rules', () => {
  test('when information is missing, then the center asks, the reporter adds it, and the case is received again', async () => {
    await setClock('2026-11-27T01:00:00Z'); // Friday 09:00
    const { id, trackingNumber } = await createCase(
      hotlineCase({ description: '我们这里有人占河道了，请管一管。', place: {} }),
    );
    const asking = await actOk(center, id, 'request-info', { note: '请告诉我们具体在哪个村、哪条河。' });
    expect(asking.status).toBe('needs_info');
    expect(asking.due).toBeUndefined();

    await setClock('2026-11-30T01:00:00Z'); // Monday
    await platform.components.cases.workflow.transitionCase(
      trackingNumber,
      'supplement',
      { kind: 'reporter' },
      {
        note: '在六安市金安区东河口镇的淠河边。',
      },
    );
    const back = (await request(server).get(`/api/v1/cases/${trackingNumber}`).set(center.auth)).body;
    expect(back.status).toBe('received');
    expect(back.due.at).toBe(deadline('2026-12-02')); // 2 working days from Monday
    expect((await act(center, id, 'accept')).status).toBe(200);
  });

  test('when a report is about water pollution, then a rejection with the 12369 referral is suggested and confirmed in one action', async () => {
    const created = await createCase(
      hotlineCase({
        description: '化工厂每天晚上往河里偷排污水，河水发黑发臭，鱼都死了。',
        reporter: { phone: '13612345678' },
      }),
    );
    expect(created.intakeFindings.outOfScope.kind).toBe('pollution');
    const rejected = await actOk(center, created.id, 'reject');
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejection.referral).toContain('12369');
    const reporterView = await platform.components.cases.queries.getCaseForReporter(
      { kind: 'phone', value: '136 1234 5678' },
      created.trackingNumber,
    );
    expect(reporterView.timeline.at(-1)).toMatchObject({ type: 'reject' });
    expect(reporterView.rejection?.referral).toContain('12369');
  });

  test('when a duplicate is merged and later unmerged, then both cases show the link and it is undone', async () => {
    const first = await createCase();
    const second = await createCase(
      hotlineCase({
        reporter: { phone: '13900001111' },
        description: '淠河东河口镇段有挖掘机在河里挖沙，河岸塌方。',
      }),
    );
    const candidates = await request(server).get(`/api/v1/cases/${second.id}/duplicates`).set(center.auth);
    expect(candidates.body.candidates.map((c: { trackingNumber: string }) => c.trackingNumber)).toContain(
      first.trackingNumber,
    );
    const merged = await actOk(center, second.id, 'merge', { mergeInto: first.trackingNumber });
    expect(merged).toMatchObject({ status: 'merged', mergedInto: first.trackingNumber });
    const target = (await request(server).get(`/api/v1/cases/${first.id}`).set(center.auth)).body;
    expect(target.mergedFrom).toContain(second.trackingNumber);

    await actOk(center, first.id, 'accept');
    const secondReporterView = await platform.components.cases.queries.getCaseForReporter(
      { kind: 'phone', value: '13900001111' },
      second.trackingNumber,
    );
    expect(secondReporterView.status).toBe('merged');
    expect(secondReporterView.handledAs).toMatchObject({
      trackingNumber: first.trackingNumber,
      status: 'accepted',
    });
    expect(JSON.stringify(secondReporterView)).not.toMatch(/1390000|王建国|reporter/);

    const unmerged = await actOk(center, second.id, 'unmerge');
    expect(unmerged.status).toBe('received');
    const after = (await request(server).get(`/api/v1/cases/${first.id}`).set(center.auth)).body;
    expect(after.mergedFrom).not.toContain(second.trackingNumber);
  });

  test('when reports carry only coordinates, then one within 1 km is a duplicate candidate and one 5 km away is not', async () => {
    const at = (latitude: number, longitude: number) =>
      hotlineCase({ place: { address: '淠河边', latitude, longitude } });
    const first = await createCase(at(31.7321, 116.5021));
    const far = await createCase(at(31.7771, 116.5021)); // 5 km north
    const second = await createCase(at(31.7341, 116.5049)); // ~350 m away, in another grid cell
    const candidates = await request(server).get(`/api/v1/cases/${second.id}/duplicates`).set(center.auth);
    const numbers = candidates.body.candidates.map((c: { trackingNumber: string }) => c.trackingNumber);
    expect(numbers).toContain(first.trackingNumber);
    expect(numbers).not.toContain(far.trackingNumber);
  });

  test('when a report names its county and river, then a report on that river with no county is a candidate and one from another county is not', async () => {
    const on = (place: Record<string, unknown>) =>
      hotlineCase({ place: { address: '杭埠河边', waterBody: '杭埠河', ...place } });
    const noCounty = await createCase(on({}));
    const otherCounty = await createCase(on({ regionCode: '341599' }));
    const second = await createCase(on({ regionCode: '341502' }));
    const candidates = await request(server).get(`/api/v1/cases/${second.id}/duplicates`).set(center.auth);
    const numbers = candidates.body.candidates.map((c: { trackingNumber: string }) => c.trackingNumber);
    expect(numbers).toContain(noCounty.trackingNumber);
    expect(numbers).not.toContain(otherCounty.trackingNumber);
  });

  test('when the same reporter sends the same report again, then it is merged at once into the open case', async () => {
    const reporter = { phone: '13511112222' };
    const first = await createCase(hotlineCase({ reporter }));
    const again = await createCase(
      hotlineCase({ reporter, description: '东河口镇淠河边还在用挖掘机采砂，河岸塌了，请尽快处理。' }),
    );
    expect(again).toMatchObject({ status: 'merged', mergedInto: first.trackingNumber });
    expect(again.timeline.at(-1)).toMatchObject({
      type: 'merge',
      actor: { kind: 'system' },
      visibleToReporter: true,
    });
  });

  test('when a consultation is answered from the knowledge base, then the answer is the entry and it can be closed', async () => {
    const created = await request(server)
      .post('/api/v1/knowledge')
      .set(center.auth)
      .send({
        question: '农村自来水停水了找谁？',
        answer: '请先联系当地供水单位；超过24小时未恢复，可拨打12314反映。',
        keywords: ['停水', '自来水'],
        category: 'rural_water',
        published: true,
      });
    expect(created.status).toBe(201);
    const entry = created.body.entry ?? created.body;
    await setClock('2026-11-30T01:00:00Z'); // Monday
    const consult = await createCase(
      hotlineCase({ category: 'consult', description: '村里自来水停了两天了，应该找哪个部门？' }),
    );
    expect(consult.deadlines.assign).toBe(deadline('2026-12-01')); // consultation: 1 working day
    expect(consult.deadlines.answer).toBe(deadline('2026-12-07')); // answered within 5
    const answered = await actOk(center, consult.id, 'answer', { knowledgeEntryId: entry.id });
    expect(answered.status).toBe('answered');
    expect(answered.resolution.summary).toBe(entry.answer);
    expect((await act(center, consult.id, 'close')).body.status).toBe('closed');
  });
});

describe('roles and confidentiality', () => {
  test('when a department user reads or acts on another department’s case, then it does not exist for them', async () => {
    const { id } = await createCase();
    await actOk(center, id, 'assign', { department: 'riverlake' });
    expect((await request(server).get(`/api/v1/cases/${id}`).set(rural.auth)).status).toBe(404);
    expect((await act(rural, id, 'start')).status).toBe(404);
    const list = await request(server).get('/api/v1/cases?limit=100').set(rural.auth);
    expect(
      list.body.items.every(
        (item: { assignment?: { department: string } }) => item.assignment?.department === 'rural',
      ),
    ).toBe(true);
    expect((await request(server).get(`/api/v1/cases/${id}`).set(riverlake.auth)).status).toBe(200);
  });

  test('when staff list cases, then no phone, name, sealed value or hash leaks', async () => {
    await createCase(
      hotlineCase({
        reporter: { name: '李秀英', phone: '13955556666', officialAccountOpenid: 'oAbcDEF123456' },
      }),
    );
    const list = await request(server).get('/api/v1/cases?limit=100').set(center.auth);
    const text = JSON.stringify(list.body);
    for (const secret of [
      '13955556666',
      '李秀英',
      'oAbcDEF123456',
      'sealed',
      'hash',
      'reporterKeys',
      'v1.',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('139****6666');
  });

  test('when the handling center reveals the reporter, then it sees the full values and the reveal is audited', async () => {
    const { id, trackingNumber } = await createCase(hotlineCase({ reporter: { phone: '13700001234' } }));
    const forbidden = await request(server)
      .post(`/api/v1/cases/${id}/reporter/reveal`)
      .set(office.auth)
      .send({ reason: '抽查' });
    expect(forbidden.status).toBe(403);
    const revealed = await request(server)
      .post(`/api/v1/cases/${id}/reporter/reveal`)
      .set(center.auth)
      .send({ reason: '回访核实' });
    expect(revealed.body.reporter.phone).toBe('13700001234');
    const audit = await request(server).get(`/api/v1/audit?action=reveal-reporter`).set(office.auth);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ trackingNumber, reason: '回访核实' })]),
    );
  });

  test('when two staff act on one case at the same time, then exactly one succeeds and the other gets 409', async () => {
    const { id } = await createCase();
    const results = await Promise.all([
      act(center, id, 'accept'),
      act(center, id, 'reject', { reason: '重复', referral: '无' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = (await request(server).get(`/api/v1/cases/${id}`).set(center.auth)).body;
    expect(detail.timeline).toHaveLength(2);
  });

  test('when an illegal action is tried, then it is a 409 with a clear message', async () => {
    const { id } = await createCase();
    const response = await act(center, id, 'close');
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'invalid-transition',
      message: expect.stringContaining('不能'),
    });
  });
});

describe('photos', () => {
  test('when staff upload a phone photo for a case, then it is stored without GPS and only handlers can open it', async () => {
    const upload = await request(server)
      .post('/api/v1/photos')
      .set(center.auth)
      .set('Content-Type', 'image/jpeg')
      .send(buildJpegWithGps());
    expect(upload.status).toBe(201);
    const created = await createCase(hotlineCase({ photos: [upload.body.id] }));
    expect(created.photos).toEqual([expect.objectContaining({ id: upload.body.id, mime: 'image/jpeg' })]);

    const photo = await request(server).get(created.photos[0].url).set(center.auth).buffer(true);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(findPrivateBytes(photo.body)).toEqual([]);
    expect((await request(server).get(created.photos[0].url).set(rural.auth)).status).toBe(404);
    await actOk(center, created.id, 'assign', { department: 'rural' });
    expect((await request(server).get(created.photos[0].url).set(rural.auth)).status).toBe(200);
  });

  test('when the upload is not an image or the case names an unknown photo, then it is refused and nothing is stored', async () => {
    const html = await request(server)
      .post('/api/v1/photos')
      .set(center.auth)
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(415);
    const before = await platform.components.cases.repo.model.countDocuments();
    const response = await request(server)
      .post('/api/v1/cases')
      .set(center.auth)
      .send(hotlineCase({ photos: ['a'.repeat(64)] }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('photo-not-found');
    expect(await platform.components.cases.repo.model.countDocuments()).toBe(before);
  });

  test('when the description holds a script, then the case is refused with a clear message', async () => {
    const response = await request(server)
      .post('/api/v1/cases')
      .set(center.auth)
      .send(hotlineCase({ description: '河道采砂<script>alert(1)</script>' }));
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'invalid-input', message: '问题描述里不能包含网页代码。' });
  });
});

describe('reminders, escalation and emergencies', () => {
  test('when a deadline nears and passes, then one reminder and one escalation are raised, even with two job instances', async () => {
    await setClock('2026-12-01T01:00:00Z'); // Tuesday
    const { id } = await createCase();
    await actOk(center, id, 'assign', { department: 'riverlake' });
    const jobs = [
      platform.components.cases.reminderJob,
      createTestPlatform(db, { now: () => clock }).components.cases.reminderJob,
    ];

    // Handle deadline: 20 working days from Tue 12-01 = Tue 12-29; the reminder is due from Mon 12-28.
    await setClock('2026-12-28T17:00:00Z'); // Tue 12-29 01:00 Beijing: reminder due, deadline not passed
    const first = await Promise.all(jobs.map((job) => job.runOnce()));
    expect(first.reduce((sum, r) => sum + r.reminded, 0)).toBeGreaterThanOrEqual(1);
    const afterReminder = (await request(server).get(`/api/v1/cases/${id}`).set(center.auth)).body;
    expect(afterReminder.timeline.filter((e: { type: string }) => e.type === 'reminder')).toHaveLength(1);

    await setClock('2026-12-30T17:00:00Z'); // past the end of 12-29 in Beijing
    await Promise.all(jobs.map((job) => job.runOnce()));
    await Promise.all(jobs.map((job) => job.runOnce()));
    const afterEscalation = (await request(server).get(`/api/v1/cases/${id}`).set(center.auth)).body;
    expect(afterEscalation.timeline.filter((e: { type: string }) => e.type === 'overdue')).toHaveLength(1);
    expect(afterEscalation.overdue).toBe(true);

    const alerts = (await request(server).get('/api/v1/alerts').set(riverlake.auth)).body.items;
    const mine = alerts
      .filter((a: { caseId: string }) => a.caseId === id)
      .map((a: { kind: string }) => a.kind);
    expect(mine.sort()).toEqual(['overdue', 'reminder']);
    const overdueList = await request(server).get('/api/v1/cases?overdue=true&limit=100').set(office.auth);
    expect(overdueList.body.items.map((item: { id: string }) => item.id)).toContain(id);
  });

  test('when an emergency is reported, then the duty office is alerted at once', async () => {
    const { id } = await createCase(
      hotlineCase({ emergency: true, description: '水库大坝出现管涌，下游两个村有危险！' }),
    );
    const alerts = (await request(server).get('/api/v1/alerts').set(office.auth)).body.items;
    expect(alerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: id, kind: 'emergency' })]),
    );
  });
});

test('when the list is paged, then the cursor walks every case once', async () => {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `limit=3&cursor=${cursor}` : 'limit=3';
    const page = await request(server).get(`/api/v1/cases?${query}`).set(center.auth);
    expect(page.status).toBe(200);
    for (const item of page.body.items) {
      expect(seen.has(item.id)).toBe(false);
      seen.add(item.id);
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  const total = await platform.components.cases.repo.model.countDocuments();
  expect(seen.size).toBe(total);
});
