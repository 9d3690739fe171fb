/**
 * The WeChat API client against the WeChat stand-in over real HTTP and the real test database.
 * Each test has its own stand-in and AppID, so tokens cached in the database never cross tests.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { createWechatApiStandin, type WechatApiStandin } from '../server/sandbox/wechat-api-standin';
import {
  createWechatApiClient,
  isPermanentWechatError,
  WechatApiError,
  WechatTransportError,
  type WechatApiClientDeps,
} from '../server/wechat/api/wechat-api-client';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

const CUSTOM_SEND = '/cgi-bin/message/custom/send';
const TEMPLATE_SEND = '/cgi-bin/message/template/send';
const OPENID = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc';

let db: Connection;
const logLines: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
const openServers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  db = await connectTestDatabase('wechat_api_client');
});
afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});
afterAll(() => dropTestDatabase(db));

interface Wechat {
  standin: WechatApiStandin;
  appId: string;
  appSecret: string;
  client(overrides?: Partial<WechatApiClientDeps>): ReturnType<typeof createWechatApiClient>;
  storedToken(): Promise<string | undefined>;
}

async function startWechat(now?: () => Date): Promise<Wechat> {
  const appId = `wx${randomBytes(8).toString('hex')}`;
  const appSecret = randomBytes(16).toString('hex');
  const standin = createWechatApiStandin({ appId, appSecret, now });
  const server = await standin.listen();
  openServers.push(server);
  return {
    standin,
    appId,
    appSecret,
    client: (overrides = {}) =>
      createWechatApiClient({ db, appId, appSecret, apiBase: server.baseUrl, logger, now, ...overrides }),
    async storedToken() {
      const stored = await db
        .collection<{ _id: string; token: string }>('wechat_access_tokens')
        .findOne({ _id: appId });
      return stored?.token;
    },
  };
}

/** The rejection of `promise`; fails the test when it resolves instead. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  if (!outcome) throw new Error('expected a rejection, but the call succeeded');
  return outcome;
}

describe('the access token', () => {
  test('when 20 messages are sent at once, then the token is fetched once and all arrive', async () => {
    const wechat = await startWechat();
    const client = wechat.client();
    const contents = Array.from({ length: 20 }, (_, index) => `您的举报已受理（${index}）`);

    await Promise.all(contents.map((content) => client.sendCustomerText(OPENID, content)));

    expect(wechat.standin.tokenRequests).toBe(1);
    expect(wechat.standin.customerMessages.map((message) => message.text?.content).sort()).toEqual(
      [...contents].sort(),
    );
    expect(wechat.standin.customerMessages[0]).toMatchObject({ touser: OPENID, msgtype: 'text' });
  });

  test('when a second instance shares the database, then it reuses the stored token', async () => {
    const wechat = await startWechat();
    await wechat.client().sendCustomerText(OPENID, '第一台');
    await wechat.client().sendCustomerText(OPENID, '第二台');

    expect(wechat.standin.tokenRequests).toBe(1);
    expect(wechat.standin.customerMessages).toHaveLength(2);
  });

  test('when two instances start at the same moment, then only the lease holder fetches', async () => {
    const wechat = await startWechat();
    wechat.standin.delay('/cgi-bin/stable_token', 300);
    const [first, second] = [wechat.client(), wechat.client()];

    await Promise.all(
      [first, second].flatMap((client) => [1, 2, 3].map((n) => client.sendCustomerText(OPENID, `${n}`))),
    );

    expect(wechat.standin.tokenRequests).toBe(1);
    expect(wechat.standin.customerMessages).toHaveLength(6);
  });

  test('when WeChat invalidates the token, then it is expired once, renewed and the call retried', async () => {
    const wechat = await startWechat();
    const [first, second] = [wechat.client(), wechat.client()];
    await Promise.all([first.sendCustomerText(OPENID, '预热一'), second.sendCustomerText(OPENID, '预热二')]);
    const oldToken = await wechat.storedToken();

    wechat.standin.expireTokens();
    await first.sendCustomerText(OPENID, '第一台重试');
    const newToken = await wechat.storedToken();
    // The second instance still holds the old token: its 40001 must not expire the new one.
    await second.sendCustomerText(OPENID, '第二台重试');

    expect(newToken).not.toBe(oldToken);
    expect(await wechat.storedToken()).toBe(newToken);
    expect(wechat.standin.tokenRequests).toBe(2);
    expect(wechat.standin.customerMessages.map((message) => message.text?.content)).toEqual([
      expect.any(String),
      expect.any(String),
      '第一台重试',
      '第二台重试',
    ]);
  });

  test('when the token reaches its renewal time, then a new fetch replaces it', async () => {
    let clock = new Date('2026-03-02T08:00:00Z');
    const wechat = await startWechat(() => clock);
    const client = wechat.client();
    await client.sendCustomerText(OPENID, '上午');

    clock = new Date(clock.getTime() + (7200 - 300 + 1) * 1000);
    await client.sendCustomerText(OPENID, '下午');

    expect(wechat.standin.tokenRequests).toBe(2);
    expect(wechat.standin.customerMessages).toHaveLength(2);
  });

  test('when the AppSecret is wrong, then the error names WECHAT_APPSECRET', async () => {
    const wechat = await startWechat();

    const error = await rejectionOf(
      wechat.client({ appSecret: 'wrongsecret0000000' }).sendCustomerText(OPENID, '你好'),
    );

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 40125, path: '/cgi-bin/stable_token' });
    expect(error.message).toMatch(/WECHAT_APPSECRET/);
    expect(await wechat.storedToken()).toBeUndefined();
  });
});

describe('calls WeChat refuses', () => {
  test('when the reply window has closed (45015), then a WechatApiError carries the errcode and rid', async () => {
    const wechat = await startWechat();
    wechat.standin.failNext(CUSTOM_SEND, 45015);

    const error = await rejectionOf(wechat.client().sendCustomerText(OPENID, '太晚了'));

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({
      errcode: 45015,
      path: CUSTOM_SEND,
      rid: expect.stringMatching(/^[0-9a-f]+$/),
    });
    expect(wechat.standin.customerMessages).toHaveLength(0);
  });

  test.each([-1, 45009])(
    'when WeChat answers %i three times, then the fourth attempt goes through',
    async (errcode) => {
      const wechat = await startWechat();
      wechat.standin.failNext(CUSTOM_SEND, errcode, 3);

      await wechat.client().sendCustomerText(OPENID, '稍后送达');

      expect(wechat.standin.customerMessages.map((message) => message.text?.content)).toEqual(['稍后送达']);
    },
  );

  test('when WeChat stays busy, then the client gives up after three retries', async () => {
    const wechat = await startWechat();
    wechat.standin.failNext(CUSTOM_SEND, -1, 4);

    const error = await rejectionOf(wechat.client().sendCustomerText(OPENID, '送不到'));

    expect(error).toMatchObject({ errcode: -1 });
    expect(isPermanentWechatError(error)).toBe(false);
    await wechat.client().sendCustomerText(OPENID, '恢复了');
    expect(wechat.standin.customerMessages).toHaveLength(1);
  });

  test('when WeChat does not answer in time, then the call fails with a transport error', async () => {
    const wechat = await startWechat();
    wechat.standin.delay(CUSTOM_SEND, 2_000);

    const error = await rejectionOf(wechat.client({ timeoutMs: 200 }).sendCustomerText(OPENID, '超时'));

    expect(error).toBeInstanceOf(WechatTransportError);
    expect(error.message).toBe(`WeChat ${CUSTOM_SEND}: no answer within 200 ms`);
    expect(isPermanentWechatError(error)).toBe(false);
  });

  test('when the answer to a customer-service message is lost, then it is not sent again', async () => {
    const wechat = await startWechat();
    wechat.standin.loseNextAnswers(CUSTOM_SEND);

    const error = await rejectionOf(wechat.client({ timeoutMs: 300 }).sendCustomerText(OPENID, '只送一次'));

    // WeChat delivered it: a retry would have reached the reporter twice.
    expect(error).toBeInstanceOf(WechatTransportError);
    expect(wechat.standin.customerMessages.map((message) => message.text?.content)).toEqual(['只送一次']);
  });

  test('when calls fail and tokens are renewed, then neither the secret nor a token reaches the log', async () => {
    logLines.length = 0;
    const wechat = await startWechat();
    const client = wechat.client();
    await client.sendCustomerText(OPENID, '一');
    wechat.standin.expireTokens();
    wechat.standin.failNext(CUSTOM_SEND, 45015);
    await rejectionOf(client.sendCustomerText(OPENID, '二'));
    await rejectionOf(wechat.client({ appSecret: 'wrongsecret0000000' }).downloadMedia('missing'));

    const log = logLines.join('');
    expect(log).toMatch(/45015/);
    expect(log).not.toContain(wechat.appSecret);
    expect(log).not.toContain(await wechat.storedToken());
  });
});

describe('media download', () => {
  test('when the reporter sent a photo, then its bytes and type come back unchanged', async () => {
    const wechat = await startWechat();
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]);
    wechat.standin.addMedia('photo-1', photo, 'image/jpeg');

    const downloaded = await wechat.client().downloadMedia('photo-1');

    expect(downloaded.contentType).toBe('image/jpeg');
    expect(downloaded.bytes.equals(photo)).toBe(true);
  });

  test('when the media id is unknown, then the text/plain JSON error is a WechatApiError, not bytes', async () => {
    const wechat = await startWechat();

    const error = await rejectionOf(wechat.client().downloadMedia('expired-after-3-days'));

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 40007, path: '/cgi-bin/media/get' });
  });

  test('when the media is a video, then the client follows the video_url WeChat answers with', async () => {
    const wechat = await startWechat();
    const video = randomBytes(2048);
    wechat.standin.addMedia('video-1', video, 'video/mp4');

    const downloaded = await wechat.client().downloadMedia('video-1');

    expect(downloaded.contentType).toBe('video/mp4');
    expect(downloaded.bytes.equals(video)).toBe(true);
  });
});

describe('menu and generic calls', () => {
  test('when the menu fits, then WeChat stores it; when a name is too long, then 40018', async () => {
    const wechat = await startWechat();
    const client = wechat.client();
    const menu = { button: [{ type: 'click', name: '我要举报', key: 'REPORT' }] };

    await client.createMenu(menu);
    const error = await rejectionOf(
      client.createMenu({ button: [{ type: 'click', name: '我要举报问题', key: 'R' }] }),
    );

    expect(wechat.standin.menus).toEqual([menu]);
    expect(error).toMatchObject({ errcode: 40018, path: '/cgi-bin/menu/create' });
  });

  test('when postJson succeeds, then it returns WeChat’s JSON answer', async () => {
    const wechat = await startWechat();

    const answer = await wechat
      .client()
      .postJson(CUSTOM_SEND, { touser: OPENID, msgtype: 'text', text: { content: '好' } });

    expect(answer).toEqual({ errcode: 0, errmsg: 'ok' });
  });
});

describe('template messages', () => {
  const accepted = (clientMsgId: string, touser = OPENID) => ({
    touser,
    templateId: 'tmpl-case-accepted',
    data: { keyword1: { value: 'SL12314-2026-000123' }, keyword2: { value: '已受理' } },
    miniprogram: { appid: 'wx00000000000000aa', pagepath: 'pages/case/index?id=123' },
    clientMsgId,
  });

  test('when a template is sent, then WeChat gets it as written and the 64-bit msgid comes back exactly', async () => {
    const wechat = await startWechat();

    const { msgid } = await wechat.client().sendTemplate(accepted('case-123-accepted'));

    const [delivered] = wechat.standin.templateMessages;
    expect(delivered).toMatchObject({ ...accepted('case-123-accepted'), msgid });
    expect(msgid).toMatch(/^\d{19}$/);
    expect(BigInt(msgid) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  test('when the same client_msg_id is sent twice, then it is delivered once and both get the same msgid', async () => {
    const wechat = await startWechat();
    const client = wechat.client();

    const first = await client.sendTemplate(accepted('case-7-accepted'));
    const second = await client.sendTemplate(accepted('case-7-accepted'));
    const otherReporter = await client.sendTemplate(accepted('case-7-accepted', `${OPENID}x`));

    expect(second.msgid).toBe(first.msgid);
    expect(otherReporter.msgid).not.toBe(first.msgid);
    expect(wechat.standin.templateMessages).toHaveLength(2);
  });

  test('when the reporter unfollowed, then 43004 is a permanent WechatApiError', async () => {
    const wechat = await startWechat();
    wechat.standin.unfollow(OPENID);

    const error = await rejectionOf(wechat.client().sendTemplate(accepted('case-8-accepted')));

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 43004, path: TEMPLATE_SEND });
    expect(isPermanentWechatError(error)).toBe(true);
    expect(wechat.standin.templateMessages).toHaveLength(0);
  });

  test('when WeChat is busy (-1) once, then the send is retried and delivered', async () => {
    const wechat = await startWechat();
    wechat.standin.failNext(TEMPLATE_SEND, -1);

    const { msgid } = await wechat.client().sendTemplate(accepted('case-9-accepted'));

    expect(wechat.standin.templateMessages.map((message) => message.msgid)).toEqual([msgid]);
  });

  test('when the answer to a template send is lost, then it is sent again and delivered once', async () => {
    const wechat = await startWechat();
    wechat.standin.loseNextAnswers(TEMPLATE_SEND);

    const { msgid } = await wechat.client({ timeoutMs: 300 }).sendTemplate(accepted('case-10-accepted'));

    // The first attempt was delivered; its client_msg_id made WeChat answer the retry with it.
    expect(wechat.standin.templateMessages.map((message) => message.msgid)).toEqual([msgid]);
  });

  test('when 50 templates are sent with a token WeChat no longer accepts, then one new token is fetched', async () => {
    const wechat = await startWechat();
    const client = wechat.client();
    await client.sendTemplate(accepted('warm-up'));
    const tokenRequestsBefore = wechat.standin.tokenRequests;

    wechat.standin.expireTokens();
    await Promise.all(
      Array.from({ length: 50 }, (_, index) => client.sendTemplate(accepted(`case-${index}-accepted`))),
    );

    expect(wechat.standin.tokenRequests).toBe(tokenRequestsBefore + 1);
    expect(wechat.standin.templateMessages).toHaveLength(51);
  });
});
