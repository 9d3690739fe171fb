/**
 * What the reporter hears, end to end: cases move through the real staff API, the outbox sender
 * runs as the job loop would, and WeChat's API is the stand-in (a real HTTP server) that records
 * every message it accepted.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { makeOpenId } from '../scripts/chat/wechat-simulator';
import { acceptedCase, queueAcceptNotices } from '../server/notifications/notification-fixtures';
import { shardOf } from '../server/notifications/data-access/notification-repository';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestPlatform } from './support/test-app';
import { loginAs, type StaffLogin, actAs } from './support/staff-sessions';
import { startWechatTestAccount, type WechatTestAccount } from './support/wechat-test-account';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const MINIPROGRAM_APPID = 'wx1234567890abcdef';

let db: Connection;
let wechat: WechatTestAccount;
let platform: ReturnType<typeof createTestPlatform>;
let server: Server;
let clock = Date.now();
const now = () => new Date(clock);

beforeAll(async () => {
  db = await connectTestDatabase('notifications');
  wechat = await startWechatTestAccount('safe');
  platform = createTestPlatform(db, {
    env: { ...wechat.env, MINIPROGRAM_APPID, MINIPROGRAM_SECRET: 'b'.repeat(32) },
    now,
  });
  server = platform.app.listen(0);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await wechat.close();
  await dropTestDatabase(db);
});

const sender = () => platform.components.notifications.sender;

async function fileCase(openid: string) {
  const { case: filed } = await platform.components.cases.intake.submitCase(
    {
      channel: 'official_account',
      category: 'river_lake',
      // each reporter a different problem: the same one from the same person would be merged
      description: `村东头河道里有人夜里挖沙，河岸都挖塌了（${openid.slice(-8)}）`,
      place: { address: `临城县张庄村村东河道${openid.slice(-4)}号`, regionCode: '130522' },
      reporter: { anonymous: false, officialAccountOpenid: openid },
    },
    { kind: 'reporter' },
  );
  return filed;
}

const act = (login: StaffLogin, trackingNumber: string, action: string, body: object = {}) =>
  actAs(server, login, trackingNumber, action, body);

describe('status notifications', () => {
  test('when a case goes from receipt to closure, then the reporter gets each step in order with the right fields', async () => {
    const openid = makeOpenId();
    const filed = await fileCase(openid);
    const center = await loginAs(server, platform.components, 'center');
    const department = await loginAs(server, platform.components, 'department', { department: 'riverlake' });
    const office = await loginAs(server, platform.components, 'office');

    await act(center, filed.trackingNumber, 'accept');
    await act(center, filed.trackingNumber, 'assign', { department: 'riverlake' });
    await act(department, filed.trackingNumber, 'start');
    await act(department, filed.trackingNumber, 'extend', { reason: '需要现场勘查', workingDays: 5 });
    await act(office, filed.trackingNumber, 'approve-extension');
    await act(department, filed.trackingNumber, 'resolve', {
      summary: '经现场核查，已责令采砂船只全部撤离，河岸已由县水利局组织修复',
    });
    expect(await sender().runOnce()).toBeGreaterThan(0);

    const received = wechat.standin.templateMessages.filter((message) => message.touser === openid);
    expect(received.map((message) => message.data.phrase2!.value)).toEqual([
      '已受理',
      '办理中',
      '办理中',
      '已延期',
      '已办结',
      '请您评价',
    ]);
    for (const message of received) {
      expect(message.data.character_string1!.value).toBe(filed.trackingNumber);
      expect(Array.from(message.data.thing4!.value).length).toBeLessThanOrEqual(20);
      expect(message.data.time3!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
      expect(message.clientMsgId).toMatch(new RegExp(`^${filed.id}:\\d+$`));
    }
    expect(received[1]!.data.thing4!.value).toContain('河湖管理司');
    expect(received[3]!.data.thing4!.value).toContain('延至');
    expect(received[4]!.data.thing4!.value).toContain('已责令采砂船只全部撤离');
    expect(received[0]!.miniprogram).toEqual({
      appid: MINIPROGRAM_APPID,
      pagepath: `pages/case/index?trackingNumber=${filed.trackingNumber}`,
    });
    // the invitation opens the survey page; its token answers the survey through the API
    const surveyPage = received[5]!.miniprogram!.pagepath;
    const token = /^pages\/survey\/index\?token=([A-Za-z0-9_-]+)$/.exec(surveyPage)?.[1];
    expect(token).toBeDefined();
    const answered = await request(server)
      .post(`/api/v1/surveys/${token}`)
      .send({ satisfaction: 'satisfied', solved: 'solved', stars: 5 });
    expect(answered.status).toBe(200);
    await act(center, filed.trackingNumber, 'close');

    // every notified step is on the reporter's timeline with its time
    const view = await platform.components.cases.queries.getCaseForReporter(
      { kind: 'openid', value: openid },
      filed.trackingNumber,
    );
    const types = view.timeline.map((event) => event.type);
    for (const type of ['accept', 'assign', 'start', 'approve-extension', 'resolve', 'survey-invited']) {
      expect(types).toContain(type);
    }
    // staff see each notification and how it went
    const staffList = await request(server)
      .get(`/api/v1/cases/${filed.trackingNumber}/notifications`)
      .set(center.auth);
    expect(staffList.status).toBe(200);
    expect(staffList.body.items.slice(0, 6).map((item: { status: string }) => item.status)).toEqual(
      Array(6).fill('sent'),
    );
    // nothing is sent twice when the job runs again
    await sender().runOnce();
    expect(wechat.standin.templateMessages.filter((message) => message.touser === openid)).toHaveLength(
      received.length,
    );
  });

  test('when staff ask for information or reject, then the reporter reads what to add and where to go', async () => {
    const center = await loginAs(server, platform.components, 'center');
    const asked = makeOpenId();
    const first = await fileCase(asked);
    await act(center, first.trackingNumber, 'request-info', { note: '请说明挖沙的具体时间' });
    const refused = makeOpenId();
    const second = await fileCase(refused);
    await act(center, second.trackingNumber, 'reject', {
      reason: '属于水污染问题',
      referral: '当地生态环境部门',
    });
    await sender().runOnce();
    const [askedMessage] = wechat.standin.templateMessages.filter((message) => message.touser === asked);
    expect(askedMessage!.data.phrase2!.value).toBe('待补充');
    expect(askedMessage!.data.thing4!.value).toContain('请补充');
    const [refusedMessage] = wechat.standin.templateMessages.filter((message) => message.touser === refused);
    expect(refusedMessage!.data.phrase2!.value).toBe('不予受理');
    expect(refusedMessage!.data.thing4!.value).toContain('属于水污染问题');
  });
});

describe('delivery failures', () => {
  test('when WeChat is busy, then the notice is retried with backoff and sent once', async () => {
    const [id] = await queueAcceptNotices(
      platform.components.notifications,
      platform.config.dataKey,
      [makeOpenId()],
      now(),
    );
    // more busy answers than the client's own three retries
    wechat.standin.failNext('/cgi-bin/message/template/send', -1, 4);
    await sender().runOnce();
    let item = await platform.components.notifications.repo.findById(id!);
    expect(item).toMatchObject({ status: 'pending', attempts: 1 });
    expect(item!.nextAttemptAt.getTime()).toBeGreaterThan(clock);

    await sender().runOnce(); // not due yet: nothing happens
    expect((await platform.components.notifications.repo.findById(id!))!.status).toBe('pending');
    clock += 10_000;
    await sender().runOnce();
    item = await platform.components.notifications.repo.findById(id!);
    expect(item).toMatchObject({ status: 'sent', sent: { channel: 'template' } });
  });

  test('when templates are refused, then a recent chat gets a customer-service message and a silent reporter keeps the reasons', async () => {
    const [chatting, silent] = [makeOpenId(), makeOpenId()];
    // e.g. an account without template messages (not a verified 服务号)
    wechat.standin.failNext('/cgi-bin/message/template/send', 48001, 2);
    // the chatting reporter wrote to the account an hour ago
    await db.collection('chat_sessions').insertOne({
      _id: `official_account:${chatting}` as never,
      expiresAt: new Date(clock + 86_400_000),
      updatedAt: new Date(clock - 3_600_000),
    });
    const [viaChat, unreachable] = await queueAcceptNotices(
      platform.components.notifications,
      platform.config.dataKey,
      [chatting, silent],
      now(),
    );
    await sender().runOnce();
    const sent = await platform.components.notifications.repo.findById(viaChat!);
    expect(sent).toMatchObject({ status: 'sent', sent: { channel: 'customer' } });
    expect(sent!.refused[0]!.reason).toContain('48001');
    expect(
      wechat.standin.customerMessages.find((message) => message.touser === chatting)?.text?.content,
    ).toContain('已受理');
    const failed = await platform.components.notifications.repo.findById(unreachable!);
    expect(failed!.status).toBe('failed');
    expect(failed!.lastError).toContain('48001');
    expect(failed!.lastError).toContain('48-hour');
  });
});

describe('the outbox holds only the work in hand', () => {
  const repo = () => platform.components.notifications.repo;
  const shardCollection = (id: string) =>
    db.collection(`notifications_${String(shardOf(id)).padStart(2, '0')}`);
  const inShard = (id: string) => shardCollection(id).countDocuments({ _id: id as never });
  const inHistory = (id: string) =>
    db.collection('notification_history').countDocuments({ _id: id as never });
  const messagesTo = (openid: string) =>
    wechat.standin.templateMessages.filter((message) => message.touser === openid).length;

  const aMinuteLater = () => {
    clock += 61_000;
  };

  test('when a notice was sent, then within a minute it moves to the history, still shows on the case, and queuing it again sends nothing', async () => {
    const openid = makeOpenId();
    const accepted = acceptedCase(platform.config.dataKey, `archived${Date.now()}`, openid, now());
    await platform.components.notifications.enqueue(accepted.record, accepted.event);
    await sender().runOnce();
    const id = accepted.notificationId;
    expect(await repo().findById(id)).toMatchObject({ status: 'sent' });

    aMinuteLater();
    await sender().runOnce();
    expect([await inShard(id), await inHistory(id)]).toEqual([0, 1]);
    expect(await repo().findById(id)).toMatchObject({ status: 'sent', sent: { channel: 'template' } });
    expect(await platform.components.notifications.listForCase(accepted.record)).toEqual([
      expect.objectContaining({ id, status: 'sent', event: 'accept' }),
    ]);

    // the same case event once more, e.g. a workflow step repeated after a crash
    await platform.components.notifications.enqueue(accepted.record, accepted.event);
    await sender().runOnce();
    expect(await inShard(id)).toBe(0);
    expect(messagesTo(openid)).toBe(1);
  });

  test('when a sender died after recording a send but before moving it, then the next pass moves it without sending again', async () => {
    const [recorded, copied] = [makeOpenId(), makeOpenId()];
    const ids = await queueAcceptNotices(
      platform.components.notifications,
      platform.config.dataKey,
      [recorded, copied],
      now(),
    );
    // as if both were sent and recorded; the second was also copied to the history
    for (const id of ids)
      await repo().update(id, { status: 'sent', sent: { channel: 'template', at: now() } });
    const copy = (await shardCollection(ids[1]!).findOne({ _id: ids[1] as never }))!;
    await db.collection('notification_history').insertOne(copy);

    aMinuteLater();
    await sender().runOnce();
    for (const id of ids) expect([await inShard(id), await inHistory(id)]).toEqual([0, 1]);
    expect([messagesTo(recorded), messagesTo(copied)]).toEqual([0, 0]);
    const caseId = ids[1]!.split(':')[0]!;
    expect(await repo().listForCase(caseId, [2])).toHaveLength(1);
  });
});

describe('delivery guarantees', () => {
  const deliveriesTo = (openids: string[]) =>
    wechat.standin.templateMessages.filter((message) => openids.includes(message.touser));

  async function waitUntilAllSent(ids: string[], deadlineMs: number) {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const items = await Promise.all(ids.map((id) => platform.components.notifications.repo.findById(id)));
      if (items.every((item) => item?.status === 'sent')) return;
      if (Date.now() > until) throw new Error(`not all sent: ${items.map((item) => item?.status).join(',')}`);
      clock = Date.now();
      await sender().runOnce();
    }
  }

  function testDatabaseUri(): string {
    const uri = new URL(process.env.TEST_MONGODB_URI!);
    uri.pathname = `/${db.name}`;
    return uri.toString();
  }

  test('when a sender process is killed in the middle of a batch, then a new one sends the rest and none twice', async () => {
    clock = Date.now();
    const openids = Array.from({ length: 60 }, () => makeOpenId());
    const ids = await queueAcceptNotices(
      platform.components.notifications,
      platform.config.dataKey,
      openids,
      now(),
    );
    wechat.standin.delay('/cgi-bin/message/template/send', 40);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/notification-sender.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...wechat.env,
        MONGODB_URI: testDatabaseUri(),
        SENDER_LEASE_MS: '1500',
        LOG_LEVEL: 'silent',
      },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const killAt = Date.now() + 30_000;
    while (deliveriesTo(openids).length < 15 && Date.now() < killAt) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const beforeRestart = deliveriesTo(openids).length;
    expect(beforeRestart).toBeGreaterThanOrEqual(15);
    expect(beforeRestart).toBeLessThan(60);

    wechat.standin.delay('/cgi-bin/message/template/send', 0);
    await waitUntilAllSent(ids, 30_000);
    const delivered = deliveriesTo(openids);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered.map((message) => message.clientMsgId)).size).toBe(60);
  }, 60_000);

  test('when two senders run at once, then each notification is sent exactly once', async () => {
    clock = Date.now();
    const openids = Array.from({ length: 40 }, () => makeOpenId());
    const ids = await queueAcceptNotices(
      platform.components.notifications,
      platform.config.dataKey,
      openids,
      now(),
    );
    const second = createTestPlatform(db, { env: wechat.env, now });
    const repeatsBefore = wechat.standin.templateCounts.repeats;
    await Promise.all([
      sender().runOnce(),
      second.components.notifications.sender.runOnce(),
      sender().runOnce(),
      second.components.notifications.sender.runOnce(),
    ]);
    await waitUntilAllSent(ids, 20_000);
    expect(deliveriesTo(openids)).toHaveLength(40);
    // not even a repeat WeChat had to drop: the shard leases kept the senders apart
    expect(wechat.standin.templateCounts.repeats).toBe(repeatsBefore);
  }, 40_000);
});
