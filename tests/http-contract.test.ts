import type { Connection } from 'mongoose';
import request from 'supertest';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestApp } from './support/test-app';

let db: Connection;
let server: ReturnType<ReturnType<typeof createTestApp>['callback']>;

beforeAll(async () => {
  db = await connectTestDatabase('http_contract');
  server = createTestApp(db).callback();
});
afterAll(() => dropTestDatabase(db));

describe('the HTTP error contract', () => {
  test('when a route does not exist, then 404 comes in the error shape', async () => {
    const response = await request(server).get('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not-found', message: expect.any(String) } });
  });

  test('when a JSON body is over the limit, then 413 comes in the error shape', async () => {
    const response = await request(server)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(200_000) }));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('body-too-large');
  });

  test('when a JSON body is malformed, then 400 comes in the error shape', async () => {
    const response = await request(server)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send('{"description": "河道里有人采砂",');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'malformed-json', message: expect.any(String) } });
  });

  test('when a request is answered, then it carries a request id (a caller-given one is kept)', async () => {
    const given = await request(server).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const fresh = await request(server).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('health and metrics', () => {
  test('when the database answers, then /healthz is 200 ok', async () => {
    const response = await request(server).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', db: 'ok' });
  });

  test('when requests were served, then /metrics counts them by route and status', async () => {
    await request(server).get('/healthz');
    await request(server).get('/missing');
    const response = await request(server).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    expect(response.text).toContain('http_request_duration_seconds_bucket');
    expect(response.text).toContain('process_cpu_user_seconds_total');
  });
});
