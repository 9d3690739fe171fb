/**
 * The citizen API the mini program calls, through the real HTTP API on the real database. With
 * real credentials WeChat is played by the stand-in (code2Session); in sandbox mode the device-id
 * login stands in for WeChat.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import request from 'supertest';
import type { WechatApiStandin } from '../server/sandbox/wechat-api-standin';
import { buildJpegWithGps } from './support/photo-fixtures';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { startCitizenTestApis, type CitizenTestApis } from './support/citizen-test-api';
import { alphanumeric } from './support/wechat-test-account';

let db: Connection;
let apis: CitizenTestApis;
let standin: WechatApiStandin;
let api: ReturnType<typeof request>;
let sandboxApi: ReturnType<typeof request>;

beforeAll(async () => {
  db = await connectTestDatabase('citizen_api');
  apis = await startCitizenTestApis(db);
  ({ standin, api, sandboxApi } = apis);
});
afterAll(async () => {
  await apis.close();
  await dropTestDatabase(db);
});

const loginNewCitizen = () => apis.loginNewCitizen({ withUnionid: true });

const countCases = () => db.collection('cases').countDocuments();

const aCase = (photos: string[] = []) => ({
  category: 'river_lake',
  description: '河道里有人倾倒建筑垃圾，已经堵住了半边河道。',
  place: { address: '某县某镇河边村' },
  photos,
});

describe('login', () => {
  test('when a registered code is sent, then a 43-character token comes back and works; the session_key does not', async () => {
    const code = alphanumeric(32);
    standin.addLoginCode(code, { openid: `o${alphanumeric(27)}` });
    const response = await api.post('/api/v1/citizen/login').send({ code });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['token']);
    expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await db.collection('citizen_sessions').find().toArray();
    expect(JSON.stringify(stored)).not.toContain(response.body.token);
    const mine = await api.get('/api/v1/citizen/cases').set('Authorization', `Bearer ${response.body.token}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
  });

  test('when an unknown code is sent, then 401 with a clear message', async () => {
    const response = await api.post('/api/v1/citizen/login').send({ code: alphanumeric(32) });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('login-code-invalid');
    expect(response.body.error.message).toContain('重新进入小程序');
  });

  test('when a code is used twice, then the second login is 401', async () => {
    const code = alphanumeric(32);
    standin.addLoginCode(code, { openid: `o${alphanumeric(27)}` });
    expect((await api.post('/api/v1/citizen/login').send({ code })).status).toBe(200);
    expect((await api.post('/api/v1/citizen/login').send({ code })).status).toBe(401);
  });

  test('when sandbox login is called with real credentials, then 404', async () => {
    const response = await api.post('/api/v1/citizen/sandbox-login').send({ deviceId: alphanumeric(32) });
    expect(response.status).toBe(404);
  });

  test('when sandbox login is called in sandbox mode, then the token files and lists cases', async () => {
    const login = await sandboxApi.post('/api/v1/citizen/sandbox-login').send({ deviceId: alphanumeric(32) });
    expect(login.status).toBe(200);
    const auth = `Bearer ${login.body.token as string}`;
    const filed = await sandboxApi.post('/api/v1/citizen/cases').set('Authorization', auth).send(aCase());
    expect(filed.status).toBe(201);
    const mine = await sandboxApi.get('/api/v1/citizen/cases').set('Authorization', auth);
    expect(mine.body.items.map((item: { trackingNumber: string }) => item.trackingNumber)).toEqual([
      filed.body.trackingNumber,
    ]);
  });

  test('when a sandbox device id is too short, then 400', async () => {
    const response = await sandboxApi.post('/api/v1/citizen/sandbox-login').send({ deviceId: 'short' });
    expect(response.status).toBe(400);
  });

  test('when no token or a made-up token is sent, then 401', async () => {
    const none = await api.get('/api/v1/citizen/cases');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toBe('请先登录小程序。');
    const madeUp = await api
      .get('/api/v1/citizen/cases')
      .set('Authorization', `Bearer ${randomBytes(32).toString('base64url')}`);
    expect(madeUp.status).toBe(401);
    const upload = await api
      .post('/api/v1/citizen/photos')
      .set('Content-Type', 'image/jpeg')
      .send(buildJpegWithGps());
    expect(upload.status).toBe(401);
  });
});

describe('filing and following a case', () => {
  test('when a case is filed with a photo, then it is in my cases and its detail; another citizen gets 404', async () => {
    const auth = await loginNewCitizen();
    const upload = await api
      .post('/api/v1/citizen/photos')
      .set('Authorization', auth)
      .set('Content-Type', 'image/jpeg')
      .send(buildJpegWithGps());
    expect(upload.status).toBe(201);
    expect(upload.body.photoId).toMatch(/^[0-9a-f]{64}$/);

    const filed = await api
      .post('/api/v1/citizen/cases')
      .set('Authorization', auth)
      .send({ ...aCase([upload.body.photoId]), reporter: { miniprogramOpenid: 'someone-else' } });
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual({ trackingNumber: expect.any(String), status: 'received' });
    const { trackingNumber } = filed.body as { trackingNumber: string };

    const mine = await api.get('/api/v1/citizen/cases').set('Authorization', auth);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ trackingNumber, status: 'received' });

    const detail = await api.get(`/api/v1/citizen/cases/${trackingNumber}`).set('Authorization', auth);
    expect(detail.status).toBe(200);
    expect(detail.body.trackingNumber).toBe(trackingNumber);

    const stored = await db.collection('cases').findOne({ trackingNumber });
    expect(stored?.channel).toBe('miniprogram');
    expect(stored?.photos).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('someone-else');

    const other = await loginNewCitizen();
    const theirs = await api.get(`/api/v1/citizen/cases/${trackingNumber}`).set('Authorization', other);
    expect(theirs.status).toBe(404);
    expect((await api.get('/api/v1/citizen/cases').set('Authorization', other)).body.items).toEqual([]);
    const supplement = await api
      .post(`/api/v1/citizen/cases/${trackingNumber}/supplement`)
      .set('Authorization', other)
      .send({ note: '补充一些现场情况。' });
    expect(supplement.status).toBe(404);
  });

  test('when the description carries a script tag, then 400 and no case is stored', async () => {
    const auth = await loginNewCitizen();
    const before = await countCases();
    const response = await api
      .post('/api/v1/citizen/cases')
      .set('Authorization', auth)
      .send({ ...aCase(), description: '河道有垃圾<script>alert(1)</script>' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('网页代码');
    expect(await countCases()).toBe(before);
  });

  test('when a non-image is uploaded, then 415', async () => {
    const auth = await loginNewCitizen();
    const asText = await api
      .post('/api/v1/citizen/photos')
      .set('Authorization', auth)
      .set('Content-Type', 'text/plain')
      .send('not a photo');
    expect(asText.status).toBe(415);
    const disguised = await api
      .post('/api/v1/citizen/photos')
      .set('Authorization', auth)
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.from('<html>not a photo</html>'));
    expect(disguised.status).toBe(415);
  });

  test('when the upload is over 8 MB, then 413', async () => {
    const auth = await loginNewCitizen();
    const response = await api
      .post('/api/v1/citizen/photos')
      .set('Authorization', auth)
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.alloc(8 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
  });

  test('when subscription grants are sent, then they are recorded; bad template ids are 400', async () => {
    const auth = await loginNewCitizen();
    const ok = await api
      .post('/api/v1/citizen/subscriptions')
      .set('Authorization', auth)
      .send({ templateIds: ['tmpl-case-progress', 'tmpl-case-progress', 'tmpl-survey'] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ recorded: 2 });
    const bad = await api
      .post('/api/v1/citizen/subscriptions')
      .set('Authorization', auth)
      .send({ templateIds: [] });
    expect(bad.status).toBe(400);
  });

  test('when the knowledge base is searched without a token, then 200 with a list', async () => {
    const response = await api.get('/api/v1/citizen/knowledge').query({ q: '河道垃圾' });
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body.items)).toBe(true);
  });
});
