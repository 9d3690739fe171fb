/**
 * The stand-in's WeChat behaviour that the client tests never reach (a well-behaved client does
 * not send bad JSON or a wrong AppID), checked on the wire through its handler.
 */
import pino from 'pino';
import request from 'supertest';
import { createWechatApiStandin } from './wechat-api-standin';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'standinsecret0000000000000000000';
const CUSTOM_SEND = '/cgi-bin/message/custom/send';
const TEMPLATE_SEND = '/cgi-bin/message/template/send';

function startStandin(now?: () => Date, logger?: pino.Logger) {
  const standin = createWechatApiStandin({ appId: APP_ID, appSecret: APP_SECRET, now, logger });
  const fetchToken = async (overrides: Record<string, unknown> = {}) =>
    request(standin.handler)
      .post('/cgi-bin/stable_token')
      .send({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET, ...overrides });
  const sendAs = (token: string, body: object | string, path = CUSTOM_SEND) =>
    request(standin.handler).post(path).query({ access_token: token }).type('json').send(body);
  return { standin, fetchToken, sendAs };
}

describe('the WeChat stand-in', () => {
  test.each<[string, Record<string, unknown>, number]>([
    ['when the AppID is wrong, then 40013', { appid: 'wx00000000000000ff' }, 40013],
    ['when the AppSecret is wrong, then 40125', { secret: 'nope' }, 40125],
    ['when the grant type is wrong, then 40002', { grant_type: 'password' }, 40002],
  ])('%s', async (_name, overrides, errcode) => {
    const { fetchToken } = startStandin();
    const answer = await fetchToken(overrides);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ errcode, errmsg: expect.stringMatching(/ rid: [0-9a-f]+$/) });
  });

  test('when a valid token is asked for again, then the same one comes back with its remaining lifetime', async () => {
    let clock = new Date('2026-03-02T08:00:00Z');
    const { standin, fetchToken } = startStandin(() => clock);
    const first = await fetchToken();
    clock = new Date(clock.getTime() + 6855_000);
    const second = await fetchToken();

    expect(first.body.expires_in).toBe(7200);
    expect(second.body).toEqual({ access_token: first.body.access_token, expires_in: 345 });
    expect(standin.tokenRequests).toBe(2);
  });

  test.each<[string, object | string, number]>([
    ['when the body is not JSON, then 47001', '{"touser":', 47001],
    ['when touser is missing, then 40003', { msgtype: 'text', text: { content: 'x' } }, 40003],
    ['when msgtype is unknown, then 40008', { touser: 'o1', msgtype: 'fax' }, 40008],
    [
      'when a text message is empty, then 44004',
      { touser: 'o1', msgtype: 'text', text: { content: '' } },
      44004,
    ],
  ])('%s', async (_name, body, errcode) => {
    const { standin, fetchToken, sendAs } = startStandin();
    const token: string = (await fetchToken()).body.access_token;
    expect((await sendAs(token, body)).body).toMatchObject({ errcode });
    expect(standin.customerMessages).toHaveLength(0);
  });

  test('when a token is unknown or was expired, then 40001', async () => {
    const { standin, fetchToken, sendAs } = startStandin();
    const token: string = (await fetchToken()).body.access_token;
    const message = { touser: 'o1', msgtype: 'text', text: { content: '你好' } };
    expect((await sendAs('made-up', message)).body).toMatchObject({ errcode: 40001 });

    standin.expireTokens();
    expect((await sendAs(token, message)).body).toMatchObject({ errcode: 40001 });
    expect((await fetchToken()).body.access_token).not.toBe(token);
  });

  test('when more than 500 messages were sent, then only the latest 500 are kept', async () => {
    const { standin, fetchToken, sendAs } = startStandin();
    const token: string = (await fetchToken()).body.access_token;
    for (let index = 0; index < 503; index += 1) {
      await sendAs(token, { touser: 'o1', msgtype: 'text', text: { content: `${index}` } });
    }
    expect(standin.customerMessages).toHaveLength(500);
    expect(standin.customerMessages[0]?.text?.content).toBe('3');
  });

  test('when the media id is unknown, then the error is JSON labelled text/plain', async () => {
    const { standin, fetchToken } = startStandin();
    const token: string = (await fetchToken()).body.access_token;
    standin.addMedia('m1', Buffer.from([0xff, 0xd8]), 'image/jpeg');

    const missing = await request(standin.handler)
      .get('/cgi-bin/media/get')
      .query({ access_token: token, media_id: 'm2' });
    const found = await request(standin.handler)
      .get('/cgi-bin/media/get')
      .query({ access_token: token, media_id: 'm1' });

    expect(missing.headers['content-type']).toBe('text/plain');
    expect(JSON.parse(missing.text)).toMatchObject({ errcode: 40007 });
    expect(found.headers['content-disposition']).toBe('attachment; filename="m1"');
  });
});

describe('the WeChat stand-in, template messages and the outbox', () => {
  const template = (clientMsgId?: string) => ({
    touser: 'o1',
    template_id: 'tmpl-1',
    data: { keyword1: { value: '已受理' } },
    client_msg_id: clientMsgId,
  });

  test.each<[string, object, number, RegExp?]>([
    ['when touser is missing, then 40003', { ...template(), touser: undefined }, 40003],
    ['when template_id is missing, then 40037', { ...template(), template_id: '' }, 40037],
    ['when data is missing, then 47003', { ...template(), data: undefined }, 47003, /data invalid/],
    [
      'when a value is not text, then 47003 names it',
      { ...template(), data: { keyword2: { value: 3 } } },
      47003,
      /data\.keyword2\.value invalid/,
    ],
  ])('%s', async (_name, body, errcode, errmsg = /./) => {
    const { standin, fetchToken, sendAs } = startStandin();
    const token: string = (await fetchToken()).body.access_token;
    expect((await sendAs(token, body, TEMPLATE_SEND)).body).toMatchObject({
      errcode,
      errmsg: expect.stringMatching(errmsg),
    });
    expect(standin.templateMessages).toHaveLength(0);
    expect(standin.outbox).toHaveLength(0);
  });

  test('when a client_msg_id comes back after 10 minutes, then it is delivered again with a new msgid', async () => {
    let clock = new Date('2026-03-02T08:00:00Z');
    const { standin, fetchToken, sendAs } = startStandin(() => clock);
    const token: string = (await fetchToken()).body.access_token;

    const first = await sendAs(token, template('case-1'), TEMPLATE_SEND);
    clock = new Date(clock.getTime() + 9 * 60_000);
    const repeated = await sendAs(token, template('case-1'), TEMPLATE_SEND);
    clock = new Date(clock.getTime() + 2 * 60_000);
    const later = await sendAs(token, template('case-1'), TEMPLATE_SEND);

    const msgidOf = (answer: { text: string }) => /"msgid":(\d+)/.exec(answer.text)?.[1];
    expect(msgidOf(repeated)).toBe(msgidOf(first));
    expect(msgidOf(later)).not.toBe(msgidOf(first));
    expect(standin.templateMessages.map((message) => message.msgid)).toEqual([
      msgidOf(first),
      msgidOf(later),
    ]);
  });

  test('when messages are accepted, then the outbox keeps them in order and the log names kind and touser, never the token', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const { standin, fetchToken, sendAs } = startStandin(undefined, logger);
    const token: string = (await fetchToken()).body.access_token;

    await sendAs(token, { touser: 'o1', msgtype: 'text', text: { content: '您好' } });
    await sendAs(token, template('case-2'), TEMPLATE_SEND);
    await sendAs(token, template('case-2'), TEMPLATE_SEND);

    expect(standin.outbox).toEqual([
      {
        kind: 'customer',
        touser: 'o1',
        at: expect.any(Date),
        body: expect.objectContaining({ msgtype: 'text' }),
      },
      { kind: 'template', touser: 'o1', at: expect.any(Date), body: template('case-2') },
    ]);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({ msg: 'sandbox outbound WeChat message', kind: 'customer', touser: 'o1' }),
      expect.objectContaining({ msg: 'sandbox outbound WeChat message', kind: 'template', touser: 'o1' }),
    ]);
    expect(lines.join('')).not.toContain(token);
  });

  test('when more than 1000 messages were accepted, then the outbox keeps the latest 1000', async () => {
    const { standin, fetchToken, sendAs } = startStandin();
    const token: string = (await fetchToken()).body.access_token;
    for (let index = 0; index < 1002; index += 1) {
      await sendAs(token, { ...template(`${index}`), touser: `o${index}` }, TEMPLATE_SEND);
    }
    expect(standin.outbox).toHaveLength(1000);
    expect(standin.outbox[0]?.touser).toBe('o2');
  });
});
