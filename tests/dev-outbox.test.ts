/**
 * GET /api/v1/dev/outbox through a small Koa app: the real staff component (logins, roles) on the
 * real test database, mounted as app.ts mounts routers, with the WeChat stand-in behind the
 * official-account and mini-program clients filling the outbox.
 */
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createDevOutboxRouter, type DevOutboxRouterDeps } from '../server/sandbox/dev-outbox-router';
import { createWechatApiStandin, type StandinOutboxEntry } from '../server/sandbox/wechat-api-standin';
import { errorMiddleware } from '../server/http/error-middleware';
import { jsonBody } from '../server/http/json-body';
import { createStaffComponent } from '../server/staff/staff-component';
import { createMiniprogramApiClient } from '../server/wechat/api/miniprogram-api-client';
import { createWechatApiClient } from '../server/wechat/api/wechat-api-client';
import { createAndLoginTestStaff } from './support/staff-test-app';
import { silentLogger, testConfig } from './support/test-app';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

const OUTBOX = '/api/v1/dev/outbox';

let db: Connection;
const openServers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  db = await connectTestDatabase('dev_outbox');
});
afterAll(async () => {
  await Promise.all(openServers.map((server) => server.close()));
  await dropTestDatabase(db);
});

function buildServer(standin: DevOutboxRouterDeps['standin']) {
  const staff = createStaffComponent({ db, config: testConfig(), logger: silentLogger });
  const outbox = createDevOutboxRouter({
    standin,
    authenticate: staff.authenticate,
    requireRoles: staff.requireRoles,
  });
  const app = new Koa();
  app.use(errorMiddleware());
  app.use(jsonBody());
  for (const router of [...staff.routers, outbox]) app.use(router.routes()).use(router.allowedMethods());
  return app.callback();
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function fakeOutbox(size: number): { outbox: StandinOutboxEntry[] } {
  const at = new Date('2026-03-02T08:00:00Z');
  return {
    outbox: Array.from({ length: size }, (_, index) => ({
      kind: 'customer',
      touser: `o${index}`,
      at,
      body: {},
    })),
  };
}

test('when WeChat messages were sent in sandbox mode, then an admin sees them newest first', async () => {
  const account = () => ({
    appId: `wx${randomBytes(8).toString('hex')}`,
    appSecret: randomBytes(16).toString('hex'),
  });
  const [officialAccount, miniprogram] = [account(), account()];
  const standin = createWechatApiStandin({ ...officialAccount, miniprogram });
  const { baseUrl: apiBase, close } = await standin.listen();
  openServers.push({ close });
  const clientDeps = { db, apiBase, logger: silentLogger };
  await createWechatApiClient({ ...clientDeps, ...officialAccount }).sendCustomerText('o1', '您的举报已收到');
  await createWechatApiClient({ ...clientDeps, ...officialAccount }).sendTemplate({
    touser: 'o1',
    templateId: 'tmpl-accepted',
    data: { keyword1: { value: '已受理' } },
    clientMsgId: 'case-1-accepted',
  });
  await createMiniprogramApiClient({ ...clientDeps, ...miniprogram }).sendSubscribe({
    touser: 'o2',
    templateId: 'tmpl-progress',
    data: { phrase1: { value: '办理中' } },
  });
  const server = buildServer(standin);
  const admin = await createAndLoginTestStaff(db, server, 'admin');

  const answer = await request(server).get(OUTBOX).set(bearer(admin.token));

  expect(answer.status).toBe(200);
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.body.items).toEqual([
    {
      kind: 'subscribe',
      touser: 'o2',
      at: expect.any(String),
      body: expect.objectContaining({ data: { phrase1: { value: '办理中' } } }),
    },
    {
      kind: 'template',
      touser: 'o1',
      at: expect.any(String),
      body: expect.objectContaining({ client_msg_id: 'case-1-accepted' }),
    },
    {
      kind: 'customer',
      touser: 'o1',
      at: expect.any(String),
      body: expect.objectContaining({ msgtype: 'text' }),
    },
  ]);
  expect(JSON.stringify(answer.body)).not.toContain('access_token');
});

test('when no limit is given, then the newest 50 come; a limit takes 1 to 200', async () => {
  const server = buildServer(fakeOutbox(260));
  const admin = await createAndLoginTestStaff(db, server, 'admin');
  const list = (query: Record<string, string>) =>
    request(server).get(OUTBOX).query(query).set(bearer(admin.token));

  const byDefault = await list({});
  const two = await list({ limit: '2' });
  const all = await list({ limit: '200' });
  const tooMany = await list({ limit: '201' });
  const none = await list({ limit: '0' });

  expect(byDefault.body.items).toHaveLength(50);
  expect(byDefault.body.items[0].touser).toBe('o259');
  expect(two.body.items.map((item: StandinOutboxEntry) => item.touser)).toEqual(['o259', 'o258']);
  expect(all.body.items).toHaveLength(200);
  for (const refused of [tooMany, none]) {
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('limit'),
    });
  }
});

test('when the caller is not an admin, then 401 without a login and 403 for other roles', async () => {
  const server = buildServer(fakeOutbox(3));
  const center = await createAndLoginTestStaff(db, server, 'center');

  const anonymous = await request(server).get(OUTBOX);
  const forbidden = await request(server).get(OUTBOX).set(bearer(center.token));

  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error.code).toBe('unauthenticated');
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.error.code).toBe('forbidden');
});

test('when the platform is not in sandbox mode, then the address does not exist, even for an admin', async () => {
  const server = buildServer(undefined);
  const admin = await createAndLoginTestStaff(db, server, 'admin');

  for (const headers of [{}, bearer(admin.token)]) {
    const answer = await request(server).get(OUTBOX).set(headers);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toEqual({ code: 'not-found', message: expect.any(String) });
  }
});
