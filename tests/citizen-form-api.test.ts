/**
 * What the mini program's report form needs from the citizen API, through the real HTTP API on the
 * real database: the multipart photo upload (as wx.uploadFile sends it), the signboard behind a
 * QR code, the phone number from the getPhoneNumber button (WeChat played by the stand-in) and the
 * public settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { loadNotificationRules } from '../config/domain/notification-rules';
import type { WechatApiStandin } from '../server/sandbox/wechat-api-standin';
import { loadPhoto } from '../server/photos/data-access/photo-repository';
import { findPrivateBytes } from './support/photo-fixtures';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { startCitizenTestApis, type CitizenTestApis } from './support/citizen-test-api';
import { alphanumeric } from './support/wechat-test-account';

const PHONE_FIXTURE = fs.readFileSync(path.join(__dirname, 'fixtures/photos/jpeg-with-gps.jpg'));

let db: Connection;
let apis: CitizenTestApis;
let standin: WechatApiStandin;
let api: ReturnType<typeof request>;
let sandboxApi: ReturnType<typeof request>;

beforeAll(async () => {
  db = await connectTestDatabase('citizen_form_api');
  apis = await startCitizenTestApis(db);
  ({ standin, api, sandboxApi } = apis);
});
afterAll(async () => {
  await apis.close();
  await dropTestDatabase(db);
});

const loginNewCitizen = () => apis.loginNewCitizen({ withUnionid: false });

async function sandboxCitizen(): Promise<string> {
  const login = await sandboxApi.post('/api/v1/citizen/sandbox-login').send({ deviceId: alphanumeric(32) });
  expect(login.status).toBe(200);
  return `Bearer ${login.body.token as string}`;
}

const upload = (auth: string) => api.post('/api/v1/citizen/photos').set('Authorization', auth);

describe('multipart photo upload', () => {
  test('when a phone JPEG with EXIF and GPS is sent as field photo, then it is stored without any of it', async () => {
    const auth = await loginNewCitizen();
    expect(findPrivateBytes(PHONE_FIXTURE)).not.toEqual([]);

    const response = await upload(auth).attach('photo', PHONE_FIXTURE, {
      filename: 'IMG_0001.jpg',
      contentType: 'image/jpeg',
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ photoId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const stored = await loadPhoto(db, response.body.photoId as string);
    expect(stored?.mime).toBe('image/jpeg');
    expect(findPrivateBytes(stored!.data)).toEqual([]);
  });

  test('when the uploaded id is filed with a case, then the case carries the photo', async () => {
    const auth = await loginNewCitizen();
    const photo = await upload(auth).attach('photo', PHONE_FIXTURE, 'river.jpg');
    const filed = await api
      .post('/api/v1/citizen/cases')
      .set('Authorization', auth)
      .send({
        category: 'river_lake',
        description: '河边有人倒建筑垃圾，堆了好几车。',
        photos: [photo.body.photoId],
      });
    expect(filed.status).toBe(201);
    const stored = await db.collection('cases').findOne({ trackingNumber: filed.body.trackingNumber });
    expect(stored?.photos).toEqual([expect.objectContaining({ id: photo.body.photoId })]);
  });

  test('when a text file is sent, even named .jpg, then 415 with a clear message and nothing is stored', async () => {
    const auth = await loginNewCitizen();
    const before = await db.collection('photos').countDocuments();
    const response = await upload(auth).attach('photo', Buffer.from('这不是照片'), {
      filename: 'photo.jpg',
      contentType: 'image/jpeg',
    });
    expect(response.status).toBe(415);
    expect(response.body.error).toEqual({
      code: 'unsupported-photo',
      message: '只能上传 JPG、PNG 或 WebP 格式的照片。',
    });
    expect(await db.collection('photos').countDocuments()).toBe(before);
  });

  test('when the file is over 8 MB, then 413 saying how big a photo may be', async () => {
    const auth = await loginNewCitizen();
    const tooBig = Buffer.concat([PHONE_FIXTURE, Buffer.alloc(8 * 1024 * 1024)]);
    const response = await upload(auth).attach('photo', tooBig, 'big.jpg');
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('photo-too-large');
    expect(response.body.error.message).toContain('8 MB');
  });

  test('when the form carries no file, or a file under another field, then 400 asking to choose a photo', async () => {
    const auth = await loginNewCitizen();
    const noFile = await upload(auth).field('note', '河道');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toEqual({
      code: 'no-photo',
      message: '没有收到照片，请重新选择照片后再上传。',
    });
    const otherField = await upload(auth).attach('file', PHONE_FIXTURE, 'river.jpg');
    expect(otherField.status).toBe(400);
    expect(otherField.body.error.code).toBe('no-photo');
  });

  test('when the multipart body is cut off, then 400', async () => {
    const auth = await loginNewCitizen();
    const response = await upload(auth)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nabc');
    expect(response.status).toBe(400);
  });

  test('when the raw image is the body, then it is still accepted', async () => {
    const auth = await loginNewCitizen();
    const response = await upload(auth).set('Content-Type', 'image/jpeg').send(PHONE_FIXTURE);
    expect(response.status).toBe(201);
  });

  test('when there is no token, then 401 before anything is read', async () => {
    const response = await api.post('/api/v1/citizen/photos').attach('photo', PHONE_FIXTURE, 'river.jpg');
    expect(response.status).toBe(401);
  });
});

describe('a report without a place', () => {
  test('when a case is filed with no address, point or photo, then my cases and its detail still load', async () => {
    const auth = await loginNewCitizen();
    const filed = await api
      .post('/api/v1/citizen/cases')
      .set('Authorization', auth)
      .send({ category: 'consult', description: '请问在自家院子里打井要办什么手续？', place: {} });
    expect(filed.status).toBe(201);
    const mine = await api.get('/api/v1/citizen/cases').set('Authorization', auth);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    const detail = await api
      .get(`/api/v1/citizen/cases/${filed.body.trackingNumber as string}`)
      .set('Authorization', auth);
    expect(detail.status).toBe(200);
    expect(detail.body.place).toEqual({});
  });
});

describe('signboards', () => {
  test('when a known signboard is asked for without a token, then its river, county and coordinates come back', async () => {
    const response = await api.get('/api/v1/citizen/signboards/HZ-130522-0231');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: 'HZ-130522-0231',
      river: '消水河',
      county: '临城县',
      regionCode: '130522',
      latitude: 37.44,
      longitude: 114.51,
    });
  });

  test('when the id is unknown, then 404 saying to type the place', async () => {
    const response = await api.get('/api/v1/citizen/signboards/HZ-000000-0000');
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({
      code: 'signboard-not-found',
      message: '没有找到这块公示牌的信息，请直接填写问题所在的地点。',
    });
  });

  test.each([
    ['spaces and brackets', encodeURIComponent('HZ 1<b>')],
    ['65 characters', 'A'.repeat(65)],
  ])('when the id has %s, then 400', async (_case, id) => {
    const response = await api.get(`/api/v1/citizen/signboards/${id}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid-input');
  });
});

describe('phone number from WeChat', () => {
  test('when a phone code from the button is sent, then the number comes back once; the code is spent', async () => {
    const auth = await loginNewCitizen();
    const code = alphanumeric(32);
    standin.addPhoneCode(code, '13800138000');

    const first = await api.post('/api/v1/citizen/phone').set('Authorization', auth).send({ code });
    const again = await api.post('/api/v1/citizen/phone').set('Authorization', auth).send({ code });

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ phone: '13800138000', countryCode: '86' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('phone-code-invalid');
    expect(again.body.error.message).toContain('直接填写手机号');
  });

  test('when the number is obtained, then nothing about it is stored', async () => {
    const auth = await loginNewCitizen();
    const code = alphanumeric(32);
    standin.addPhoneCode(code, '13900139001');
    expect((await api.post('/api/v1/citizen/phone').set('Authorization', auth).send({ code })).status).toBe(
      200,
    );
    for (const { name } of await db.db!.listCollections().toArray()) {
      const documents = await db.collection(name).find().toArray();
      expect(JSON.stringify(documents)).not.toContain('13900139001');
    }
  });

  test('when the code is missing or malformed, then 400; without a token 401', async () => {
    const auth = await loginNewCitizen();
    expect((await api.post('/api/v1/citizen/phone').set('Authorization', auth).send({})).status).toBe(400);
    const malformed = await api
      .post('/api/v1/citizen/phone')
      .set('Authorization', auth)
      .send({ code: 'not a code!' });
    expect(malformed.status).toBe(400);
    expect((await api.post('/api/v1/citizen/phone').send({ code: 'abc' })).status).toBe(401);
  });

  test('when no mini program is configured (sandbox), then 404 saying to type the number', async () => {
    const auth = await sandboxCitizen();
    const response = await sandboxApi.post('/api/v1/citizen/phone').set('Authorization', auth).send({
      code: 'abc',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('直接填写手机号');
  });
});

describe('settings', () => {
  test('when the settings are asked for without a token, then the sender’s subscription template and the hotline come back', async () => {
    const response = await api.get('/api/v1/citizen/settings');
    expect(response.status).toBe(200);
    const { templateId } = loadNotificationRules().templates.miniprogram;
    expect(response.body).toEqual({ subscribeTemplateIds: [templateId], hotline: '12314' });
  });
});
