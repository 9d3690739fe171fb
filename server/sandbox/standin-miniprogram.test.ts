/**
 * The stand-in's mini-program behaviour that the client tests do not reach, on the wire through
 * its handler: accounts kept apart, codes that expire, and the checks on a subscription message.
 */
import request from 'supertest';
import { createWechatApiStandin } from './wechat-api-standin';

const OFFICIAL_ACCOUNT = { appId: 'wx0123456789abcdef', appSecret: 'officialsecret000000000000000000' };
const MINIPROGRAM = { appId: 'wxfedcba9876543210', appSecret: 'miniprogramsecret000000000000000' };
const SUBSCRIBE_SEND = '/cgi-bin/message/subscribe/send';
const SUBSCRIBE = { touser: 'o1', template_id: 'tmpl-1', data: { phrase1: { value: '已受理' } } };

function startStandin(options: { now?: () => Date; withMiniprogram?: boolean } = {}) {
  const standin = createWechatApiStandin({
    ...OFFICIAL_ACCOUNT,
    miniprogram: options.withMiniprogram === false ? undefined : MINIPROGRAM,
    now: options.now,
  });
  const tokenOf = async (account: typeof OFFICIAL_ACCOUNT): Promise<string> => {
    const answer = await request(standin.handler)
      .post('/cgi-bin/stable_token')
      .send({ grant_type: 'client_credential', appid: account.appId, secret: account.appSecret });
    return answer.body.access_token as string;
  };
  const post = (path: string, token: string, body: object) =>
    request(standin.handler).post(path).query({ access_token: token }).send(body);
  const codeToSession = (jsCode: string, appid = MINIPROGRAM.appId) =>
    request(standin.handler)
      .get('/sns/jscode2session')
      .query({ appid, secret: MINIPROGRAM.appSecret, js_code: jsCode, grant_type: 'authorization_code' });
  return { standin, tokenOf, post, codeToSession };
}

describe('the WeChat stand-in, mini program', () => {
  test('when one account’s token is used on the other’s API, then 48001 and nothing is sent', async () => {
    const { standin, tokenOf, post } = startStandin();
    const [officialToken, miniprogramToken] = [await tokenOf(OFFICIAL_ACCOUNT), await tokenOf(MINIPROGRAM)];

    const customer = { touser: 'o1', msgtype: 'text', text: { content: '你好' } };
    expect((await post(SUBSCRIBE_SEND, officialToken, SUBSCRIBE)).body).toMatchObject({ errcode: 48001 });
    expect((await post('/cgi-bin/message/custom/send', miniprogramToken, customer)).body).toMatchObject({
      errcode: 48001,
    });
    expect(officialToken).not.toBe(miniprogramToken);
    expect(standin.outbox).toHaveLength(0);
    expect(standin.tokenRequestsFor(MINIPROGRAM.appId)).toBe(1);
  });

  test('when no mini program was configured, then its AppID is unknown (40013)', async () => {
    const { tokenOf, codeToSession } = startStandin({ withMiniprogram: false });
    expect(await tokenOf(MINIPROGRAM)).toBeUndefined();
    expect((await codeToSession('c1')).body).toMatchObject({ errcode: 40013 });
  });

  test('when a login code is older than 5 minutes, then 40029; the official account’s AppID gets 40013', async () => {
    let clock = new Date('2026-03-02T08:00:00Z');
    const { standin, codeToSession } = startStandin({ now: () => clock });
    standin.addLoginCode('late', { openid: 'o1' });
    standin.addLoginCode('early', { openid: 'o2' });

    expect((await codeToSession('early', OFFICIAL_ACCOUNT.appId)).body).toMatchObject({ errcode: 40013 });
    expect((await codeToSession('early')).body).toEqual({ openid: 'o2', session_key: expect.any(String) });
    clock = new Date(clock.getTime() + 5 * 60_000 + 1);
    expect((await codeToSession('late')).body).toMatchObject({ errcode: 40029 });
  });

  test.each<[string, object, number, RegExp?]>([
    ['when touser is missing, then 40003', { ...SUBSCRIBE, touser: '' }, 40003],
    ['when template_id is missing, then 40037', { ...SUBSCRIBE, template_id: undefined }, 40037],
    ['when page is no text, then 41030', { ...SUBSCRIBE, page: 7 }, 41030],
    [
      'when miniprogram_state is unknown, then 47003',
      { ...SUBSCRIBE, miniprogram_state: 'beta' },
      47003,
      /miniprogram_state invalid/,
    ],
    [
      'when a phrase is not Chinese, then 47003 names it',
      { ...SUBSCRIBE, data: { phrase1: { value: 'done' } } },
      47003,
      /^argument invalid! data\.phrase1\.value invalid rid: [0-9a-f]+$/,
    ],
  ])('%s', async (_name, body, errcode, errmsg = /./) => {
    const { standin, tokenOf, post } = startStandin();
    const answer = await post(SUBSCRIBE_SEND, await tokenOf(MINIPROGRAM), body);
    expect(answer.body).toMatchObject({ errcode, errmsg: expect.stringMatching(errmsg) });
    expect(standin.subscribeMessages).toHaveLength(0);
  });

  test('when failures and delays are injected on a mini-program path, then they apply there', async () => {
    const { standin, codeToSession } = startStandin();
    standin.addLoginCode('c1', { openid: 'o1' });
    standin.failNext('/sns/jscode2session', -1);
    standin.delay('/sns/jscode2session', 150);

    const started = Date.now();
    expect((await codeToSession('c1')).body).toMatchObject({ errcode: -1 });
    expect((await codeToSession('c1')).body).toMatchObject({ openid: 'o1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
