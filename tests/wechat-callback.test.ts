/**
 * The official account end to end: the WeChat-server simulator signs (and encrypts) callbacks
 * exactly as WeChat does, the platform answers through its real routes and database, and WeChat's
 * API servers are played by the stand-in (media downloads, customer-service messages).
 */
import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestPlatform } from './support/test-app';
import { loginAs } from './support/staff-sessions';
import { buildJpegWithGps, findPrivateBytes } from './support/photo-fixtures';
import { startWechatTestAccount, type WechatTestAccount } from './support/wechat-test-account';
import {
  createWechatSimulator,
  makeOpenId,
  signParts,
  type CallbackMode,
  type SimulatedReply,
  type SimulatedRequest,
  type WechatSimulator,
} from '../scripts/chat/wechat-simulator';

const SAND_MINING = '村东头河道里有人夜里挖沙，河岸都挖塌了';
const TRACKING_NUMBER = /SL\d{14}/;

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('wechat-callback');
});
afterAll(async () => {
  await dropTestDatabase(db);
});

interface Harness {
  wechat: WechatTestAccount;
  simulator: WechatSimulator;
  server: Server;
  platform: ReturnType<typeof createTestPlatform>;
  close(): Promise<void>;
}

async function startHarness(mode: CallbackMode, options: { callbackReplyBudgetMs?: number } = {}) {
  const wechat = await startWechatTestAccount(mode);
  const platform = createTestPlatform(db, { env: wechat.env, ...options });
  const server = platform.app.listen(0);
  const simulator = createWechatSimulator(wechat.account, { mode });
  const harness: Harness = {
    wechat,
    simulator,
    server,
    platform,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await wechat.close();
    },
  };
  return harness;
}

async function deliver(harness: Harness, call: SimulatedRequest) {
  return request(harness.server).post(call.path).set('Content-Type', 'text/xml').send(call.body);
}

/** Sends one message and returns the checked reply (text content, or `success`). */
async function say(harness: Harness, call: SimulatedRequest): Promise<string> {
  const response = await deliver(harness, call);
  expect(response.status).toBe(200);
  const reply = harness.simulator.readReply(response.text, call);
  if (reply === 'success' || reply === '') return 'success';
  expect(reply.msgType).toBe('text');
  return (reply as SimulatedReply).content!;
}

function text(harness: Harness, openid: string, content: string) {
  return say(harness, harness.simulator.text(openid, content));
}

async function fileFullReport(harness: Harness, openid: string): Promise<string> {
  const { simulator, wechat } = harness;
  wechat.standin.addMedia('river-photo-1', buildJpegWithGps(), 'image/jpeg');
  await text(harness, openid, '举报');
  await text(harness, openid, '1');
  await text(harness, openid, SAND_MINING);
  await say(
    harness,
    simulator.location(openid, {
      latitude: '37.450000',
      longitude: '114.500000',
      label: '临城县东关村消水河桥',
    }),
  );
  expect(await say(harness, simulator.image(openid, 'river-photo-1'))).toContain('1');
  await text(harness, openid, '好了');
  expect(await text(harness, openid, '13800138000')).toContain('确认');
  const submitted = await text(harness, openid, '确认');
  return TRACKING_NUMBER.exec(submitted)?.[0] ?? `no tracking number in: ${submitted}`;
}

describe.each(['safe', 'plaintext'] as const)('the official account in %s mode', (mode) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(mode);
  });
  afterAll(async () => {
    await harness.close();
  });

  test('when a citizen reports by chat, then the case holds every answer, 查询 lists it and staff see it', async () => {
    const openid = makeOpenId();
    const trackingNumber = await fileFullReport(harness, openid);
    expect(trackingNumber).toMatch(TRACKING_NUMBER);

    const stored = await db.collection('cases').findOne({ trackingNumber });
    expect(stored).toMatchObject({
      channel: 'official_account',
      category: 'river_lake',
      description: SAND_MINING,
      place: { latitude: 37.45, longitude: 114.5, address: '临城县东关村消水河桥' },
    });
    expect(stored!.photos).toHaveLength(1);
    // art. 15: the phone and the openid are sealed, never stored as plaintext
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain(openid);
    expect(stored!.reporter.phone.sealed).toMatch(/^v1\./);
    // the stored photo lost its GPS position
    const photo = await db.collection('photos').findOne({ _id: stored!.photos[0].id ?? stored!.photos[0] });
    expect(findPrivateBytes(Buffer.from(photo!.data.buffer))).toEqual([]);

    const list = await text(harness, openid, '查询');
    expect(list).toContain(trackingNumber);
    expect(await text(harness, makeOpenId(), `查询 ${trackingNumber}`)).not.toContain('消水河');

    const center = await loginAs(harness.server, harness.platform.components, 'center');
    const staffView = await request(harness.server).get(`/api/v1/cases/${trackingNumber}`).set(center.auth);
    expect(staffView.status).toBe(200);
    expect(staffView.body).toMatchObject({ trackingNumber, channel: 'official_account' });
    expect(staffView.body.reporter.phone).toBe('138****8000');
  });
});

describe('the official account, delivery semantics', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness('safe');
  });
  afterAll(async () => {
    await harness.close();
  });

  const countCases = (description: string) => db.collection('cases').countDocuments({ description });

  test('when the same 确认 arrives three times at once and once more later, then one case is filed and all four replies are the same', async () => {
    const openid = makeOpenId();
    const description = `${SAND_MINING}（${openid.slice(-6)}）`;
    for (const answer of ['举报', '1', description, '临城县张庄村村东河道', '跳过', '匿名']) {
      await text(harness, openid, answer);
    }
    const confirm = harness.simulator.text(openid, '确认');
    const retries = [
      confirm,
      harness.simulator.replay(confirm),
      harness.simulator.replay(confirm, { resign: true }),
    ];
    const concurrent = await Promise.all(retries.map((call) => say(harness, call)));
    const later = await say(harness, harness.simulator.replay(confirm, { resign: true }));
    expect(concurrent[0]).toMatch(TRACKING_NUMBER);
    expect(new Set([...concurrent, later]).size).toBe(1);
    expect(await countCases(description)).toBe(1);
  });

  test('when a follower subscribes, then the welcome says what 12314 takes and the hotline', async () => {
    const welcome = await say(harness, harness.simulator.event(makeOpenId(), 'subscribe'));
    expect(welcome).toContain('12314');
    expect(welcome).toContain('举报');
  });

  test('when a signboard QR code is scanned on subscribe, then the report starts at that river and the place is confirmed with 1', async () => {
    const openid = makeOpenId();
    const greeting = await say(
      harness,
      harness.simulator.event(openid, 'subscribe', {
        EventKey: 'qrscene_HZ-340123-0007',
        Ticket: 'ticket-1',
      }),
    );
    expect(greeting).toContain('丰乐河');
    expect(greeting).toContain('肥西县');
    await text(harness, openid, '1');
    const description = `丰乐河大桥下有人倾倒建筑垃圾（${openid.slice(-6)}）`;
    await text(harness, openid, description);
    await text(harness, openid, '1');
    await text(harness, openid, '跳过');
    await text(harness, openid, '匿名');
    expect(await text(harness, openid, '确认')).toMatch(TRACKING_NUMBER);
    const stored = await db.collection('cases').findOne({ description });
    expect(stored!.place).toMatchObject({ waterBody: '丰乐河', regionCode: '340123', latitude: 31.55 });
  });

  test('when an unknown scene is scanned or an event takes no reply, then the answer is success', async () => {
    const openid = makeOpenId();
    expect(await say(harness, harness.simulator.event(openid, 'SCAN', { EventKey: 'no-such-board' }))).toBe(
      'success',
    );
    expect(
      await say(harness, harness.simulator.event(openid, 'VIEW', { EventKey: 'https://example.org' })),
    ).toBe('success');
    expect(
      await say(
        harness,
        harness.simulator.event(openid, 'TEMPLATESENDJOBFINISH', { MsgID: '200163836', Status: 'success' }),
      ),
    ).toBe('success');
    expect(await say(harness, harness.simulator.event(openid, 'unsubscribe'))).toBe('success');
  });

  test('when menu keys are tapped, then each one answers its own way', async () => {
    const openid = makeOpenId();
    expect(await say(harness, harness.simulator.event(openid, 'CLICK', { EventKey: 'QUERY' }))).toContain(
      '还没有举报记录',
    );
    expect(await say(harness, harness.simulator.event(openid, 'CLICK', { EventKey: 'HELP' }))).toContain(
      '举报',
    );
    expect(await say(harness, harness.simulator.event(openid, 'CLICK', { EventKey: 'CONSULT' }))).toContain(
      '咨询',
    );
    expect(await say(harness, harness.simulator.event(openid, 'CLICK', { EventKey: 'REPORT' }))).toContain(
      '1',
    );
  });

  test('when the phone reported its position before, then the report offers that place', async () => {
    const openid = makeOpenId();
    const position = harness.simulator.event(openid, 'LOCATION', {
      Latitude: '37.445000',
      Longitude: '114.505000',
      Precision: '30.000000',
    });
    expect(await say(harness, position)).toBe('success');
    await text(harness, openid, '举报');
    await text(harness, openid, '1');
    const placeQuestion = await text(harness, openid, SAND_MINING);
    expect(placeQuestion).toMatch(/位置|地点/);
    expect(placeQuestion).toContain('1');
  });

  test('when a video arrives, then the reporter is told which messages work', async () => {
    const call = harness.simulator.push(
      `<xml><ToUserName><![CDATA[${harness.wechat.account.ghId}]]></ToUserName><FromUserName><![CDATA[${makeOpenId()}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[video]]></MsgType><MediaId><![CDATA[v1]]></MediaId><ThumbMediaId><![CDATA[t1]]></ThumbMediaId><MsgId>7250021412600020992</MsgId></xml>`,
    );
    expect(await say(harness, call)).toContain('文字、语音、图片和位置');
  });

  test('when staff ask for more information, then the reporter’s next message is attached to the case', async () => {
    const openid = makeOpenId();
    const description = `${SAND_MINING}（补充${openid.slice(-6)}）`;
    for (const answer of ['举报', '1', description, '临城县张庄村村东河道', '跳过', '匿名']) {
      await text(harness, openid, answer);
    }
    const trackingNumber = TRACKING_NUMBER.exec(await text(harness, openid, '确认'))![0];
    const center = await loginAs(harness.server, harness.platform.components, 'center');
    const asked = await request(harness.server)
      .post(`/api/v1/cases/${trackingNumber}/actions/request-info`)
      .set(center.auth)
      .send({ note: '请说明挖沙的具体时间' });
    expect(asked.status).toBe(200);

    expect(await text(harness, openid, '每天晚上十点以后开始挖')).toContain('补充的内容收到了');
    const stored = await db.collection('cases').findOne({ trackingNumber });
    expect(stored!.status).toBe('received');
    expect(stored!.timeline.map((event: { type: string }) => event.type)).toContain('supplement');
    expect(await text(harness, openid, '再补充一句话')).not.toContain('补充的内容收到了');
  });
});

describe('the official account, hostile input', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness('safe');
  });
  afterAll(async () => {
    await harness.close();
  });

  const deliveries = () => db.collection('wechat_callback_deliveries').countDocuments();
  const sessions = () => db.collection('chat_sessions').countDocuments();

  test('when the URL is verified, then a valid signature gets echostr verbatim and anything else 401', async () => {
    const valid = harness.simulator.verifyGet({ echostr: '7250021412600020992' });
    const ok = await request(harness.server).get(valid.path);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.text).toBe('7250021412600020992');

    const forged = harness.simulator.verifyGet({ signature: '0'.repeat(40) });
    const refused = await request(harness.server).get(forged.path);
    expect(refused.status).toBe(401);
    expect(refused.text).toBe('');
    expect((await request(harness.server).get(`${valid.path}&echostr=again`)).status).toBe(400);
  });

  test.each([
    ['bad-signature', 401],
    ['bad-msg-signature', 401],
    ['stale-timestamp', 401],
    ['duplicated-query-parameter', 400],
    ['oversized-body', 413],
    ['wrong-appid', 400],
    ['bad-padding', 400],
    ['plaintext-downgrade', 400],
    ['doctype', 400],
  ] as const)(
    'when a request is tampered with (%s), then it gets %i and nothing is stored',
    async (variant, status) => {
      const before = [await deliveries(), await sessions()];
      const call = harness.simulator.tamper(harness.simulator.text(makeOpenId(), '举报'), variant);
      const response = await deliver(harness, call);
      expect(response.status).toBe(status);
      expect(response.text).toBe('');
      expect([await deliveries(), await sessions()]).toEqual(before);
    },
  );

  test('when a signed plaintext body carries an entity-expansion payload, then nothing is expanded or echoed', async () => {
    const plain = await startHarness('plaintext');
    try {
      const openid = makeOpenId();
      const bomb =
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "hahahahahahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
        `<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName>` +
        `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
        '<Content>&b;</Content><MsgId>7250021412600020993</MsgId></xml>';
      const xxe =
        '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
        `<xml><ToUserName>gh_x</ToUserName><FromUserName>${openid}</FromUserName>` +
        `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>text</MsgType>` +
        '<Content>&xxe;</Content><MsgId>7250021412600020994</MsgId></xml>';
      for (const body of [bomb, xxe]) {
        const response = await deliver(plain, plain.simulator.push(body, { openid }));
        expect(response.status).toBe(400);
        expect(response.text).not.toMatch(/haha|root:/);
      }
    } finally {
      await plain.close();
    }
  });

  test('when the body is not XML or the ciphertext is not base64, then 400', async () => {
    const call = harness.simulator.text(makeOpenId(), '举报');
    expect((await deliver(harness, { ...call, body: 'not xml at all' })).status).toBe(400);
    // validly signed, so the ciphertext check itself is what refuses it
    const { timestamp, nonce } = call.query;
    const query = {
      ...call.query,
      msg_signature: signParts(harness.wechat.account.token, timestamp!, nonce!, '%%%%'),
    };
    const garbled = {
      ...call,
      path: `/wechat/callback?${new URLSearchParams(query)}`,
      body: call.body.replace(/<Encrypt><!\[CDATA\[[^\]]*\]\]>/, '<Encrypt><![CDATA[%%%%]]>'),
    };
    expect((await deliver(harness, garbled)).status).toBe(400);
  });
});

describe('the official account, the 5-second rule', () => {
  test('when the work takes longer than 4 s, then the reply is success in time and the answer comes as a customer-service message', async () => {
    const harness = await startHarness('safe');
    try {
      const openid = makeOpenId();
      harness.wechat.standin.addMedia('slow-photo', buildJpegWithGps(), 'image/jpeg');
      // WeChat's media server answers slowly: the photo is still on its way when 确认 arrives
      harness.wechat.standin.delay('/cgi-bin/media/get', 6_000);
      const description = `${SAND_MINING}（慢${openid.slice(-6)}）`;
      for (const answer of ['举报', '1', description, '临城县张庄村村东河道'])
        await text(harness, openid, answer);
      await say(harness, harness.simulator.image(openid, 'slow-photo'));
      await text(harness, openid, '好了');
      await text(harness, openid, '匿名');

      const started = Date.now();
      expect(await text(harness, openid, '确认')).toBe('success');
      expect(Date.now() - started).toBeLessThan(4_500);

      const deadline = Date.now() + 8_000;
      let late: string | undefined;
      while (!late && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        late = harness.wechat.standin.customerMessages.find((message) => message.touser === openid)?.text
          ?.content;
      }
      expect(late).toMatch(TRACKING_NUMBER);
      const stored = await db.collection('cases').findOne({ description });
      expect(stored!.photos).toHaveLength(1);
    } finally {
      await harness.close();
    }
  }, 20_000);
});
