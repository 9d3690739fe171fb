/**
 * The mini-program client against the WeChat stand-in over real HTTP and the real test database,
 * next to the official account's client: each account keeps its own token.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { createWechatApiStandin, type WechatApiStandin } from '../server/sandbox/wechat-api-standin';
import {
  createMiniprogramApiClient,
  isPermanentWechatError,
  WechatApiError,
  WechatTransportError,
  type MiniprogramApiClientDeps,
} from '../server/wechat/api/miniprogram-api-client';
import { createWechatApiClient } from '../server/wechat/api/wechat-api-client';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

const SUBSCRIBE_SEND = '/cgi-bin/message/subscribe/send';
const OPENID = 'oMpq5v1Hk2xkQh3Zr9T0aL7cDn4E';

let db: Connection;
const logLines: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
const openServers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  db = await connectTestDatabase('miniprogram_api_client');
});
afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});
afterAll(() => dropTestDatabase(db));

const newAccount = () => ({
  appId: `wx${randomBytes(8).toString('hex')}`,
  appSecret: randomBytes(16).toString('hex'),
});

async function startWechat() {
  const [officialAccount, miniprogram] = [newAccount(), newAccount()];
  const standin: WechatApiStandin = createWechatApiStandin({ ...officialAccount, miniprogram });
  const server = await standin.listen();
  openServers.push(server);
  const apiBase = server.baseUrl;
  return {
    standin,
    officialAccount,
    miniprogram,
    client: (overrides: Partial<MiniprogramApiClientDeps> = {}) =>
      createMiniprogramApiClient({ db, ...miniprogram, apiBase, logger, ...overrides }),
    officialAccountClient: () => createWechatApiClient({ db, ...officialAccount, apiBase, logger }),
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

const caseAccepted = (thing: string) => ({
  touser: OPENID,
  templateId: 'tmpl-case-progress',
  page: 'pages/case/index?id=123',
  data: {
    character_string1: { value: 'SL12314-2026-000123' },
    thing2: { value: thing },
    phrase3: { value: '已受理' },
    time4: { value: '2026年3月2日 08:00' },
  },
  miniprogramState: 'trial' as const,
});

describe('login and phone number', () => {
  test('when a login code is exchanged, then the session comes back, once, and the secrets stay out of the log', async () => {
    logLines.length = 0;
    const wechat = await startWechat();
    wechat.standin.addLoginCode('code-1', { openid: OPENID, unionid: 'oUnion1' });
    const client = wechat.client();

    const session = await client.code2Session('code-1');
    const reused = await rejectionOf(client.code2Session('code-1'));
    const unknown = await rejectionOf(client.code2Session('never-issued'));

    expect(session).toEqual({ openid: OPENID, unionid: 'oUnion1', sessionKey: expect.any(String) });
    expect(reused).toMatchObject({ errcode: 40163, path: '/sns/jscode2session' });
    expect(unknown).toBeInstanceOf(WechatApiError);
    expect(unknown).toMatchObject({ errcode: 40029 });
    const log = logLines.join('');
    expect(log).toMatch(/40029/);
    expect(log).not.toContain(wechat.miniprogram.appSecret);
    expect(log).not.toContain(session.sessionKey);
  });

  test('when a phone code is exchanged, then the number comes back; an unknown code is 40029', async () => {
    const wechat = await startWechat();
    wechat.standin.addPhoneCode('phone-1', '13800138000');
    const client = wechat.client();

    const phone = await client.getPhoneNumber('phone-1');
    const again = await rejectionOf(client.getPhoneNumber('phone-1'));

    expect(phone).toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' });
    expect(again).toMatchObject({ errcode: 40029, path: '/wxa/business/getuserphonenumber' });
  });
});

describe('subscription messages', () => {
  test('when the values fit their types, then the message is delivered as written', async () => {
    const wechat = await startWechat();

    await wechat.client().sendSubscribe(caseAccepted('河道非法采砂'));

    expect(wechat.standin.subscribeMessages).toEqual([
      { ...caseAccepted('河道非法采砂'), at: expect.any(Date) },
    ]);
    expect(wechat.standin.outbox).toEqual([expect.objectContaining({ kind: 'subscribe', touser: OPENID })]);
  });

  test('when a thing is longer than 20 characters, then 47003 names the field and nothing is sent', async () => {
    const wechat = await startWechat();

    const error = await rejectionOf(
      wechat.client().sendSubscribe(caseAccepted('临城县张庄村村东河道有人用挖掘机连夜非法采砂')),
    );

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({
      errcode: 47003,
      errmsg: expect.stringContaining('data.thing2.value invalid'),
    });
    expect(isPermanentWechatError(error)).toBe(true);
    expect(wechat.standin.subscribeMessages).toHaveLength(0);
  });

  test('when the reporter refused the subscription, then 43101 is permanent', async () => {
    const wechat = await startWechat();
    wechat.standin.refuseSubscribe(OPENID);

    const error = await rejectionOf(wechat.client().sendSubscribe(caseAccepted('河道非法采砂')));

    expect(error).toMatchObject({ errcode: 43101, path: SUBSCRIBE_SEND });
    expect(isPermanentWechatError(error)).toBe(true);
  });

  test('when the answer to a subscription message is lost, then it is not sent again', async () => {
    const wechat = await startWechat();
    wechat.standin.loseNextAnswers(SUBSCRIBE_SEND);

    const error = await rejectionOf(
      wechat.client({ timeoutMs: 300 }).sendSubscribe(caseAccepted('只送一次')),
    );

    expect(error).toBeInstanceOf(WechatTransportError);
    expect(wechat.standin.subscribeMessages).toHaveLength(1);
  });
});

describe('two accounts, two tokens', () => {
  test('when both accounts call WeChat, then each fetches and caches its own token', async () => {
    const wechat = await startWechat();
    const [miniprogram, officialAccount] = [wechat.client(), wechat.officialAccountClient()];

    for (const round of ['一', '二']) {
      await miniprogram.sendSubscribe(caseAccepted(`第${round}次`));
      await officialAccount.sendCustomerText(OPENID, `第${round}次`);
    }

    const stored = await db
      .collection<{ _id: string; token: string }>('wechat_access_tokens')
      .find({ _id: { $in: [wechat.miniprogram.appId, wechat.officialAccount.appId] } })
      .toArray();
    expect(stored).toHaveLength(2);
    expect(stored[0]?.token).not.toBe(stored[1]?.token);
    expect(wechat.standin.tokenRequestsFor(wechat.miniprogram.appId)).toBe(1);
    expect(wechat.standin.tokenRequestsFor(wechat.officialAccount.appId)).toBe(1);
    expect(wechat.standin.subscribeMessages).toHaveLength(2);
    expect(wechat.standin.customerMessages).toHaveLength(2);
  });
});
