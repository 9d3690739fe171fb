import type { Connection } from 'mongoose';
import request from 'supertest';
import { SESSION_LIFETIME_MS } from '../server/staff/session-token';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import {
  buildStaffTestApp,
  createAndLoginTestStaff,
  createTestStaff,
  loginTestStaff,
  type StaffTestAppOptions,
} from './support/staff-test-app';

let db: Connection;
let server: ReturnType<typeof buildApp>['server'];
beforeAll(async () => {
  db = await connectTestDatabase('staff_auth');
  server = buildApp().server;
});
afterAll(() => dropTestDatabase(db));

const buildApp = (options: StaffTestAppOptions = {}) => buildStaffTestApp(db, options);
const login = (username: string, password: string) =>
  request(server).post('/api/v1/auth/login').send({ username, password });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function readAudit(query: Record<string, string>) {
  const admin = await createAndLoginTestStaff(db, server, 'admin');
  const response = await request(server).get('/api/v1/audit').query(query).set(bearer(admin.token));
  expect(response.status).toBe(200);
  return response.body as {
    items: { action: string; actor: { kind: string }; detail?: Record<string, unknown> }[];
    nextCursor?: string;
  };
}

describe('login and sessions', () => {
  test('when the password is right, then the token works as a bearer token and as the cookie', async () => {
    const staff = await createTestStaff(db, 'department');
    const response = await login(staff.username.toUpperCase(), staff.password);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      expiresAt: expect.any(String),
      staff: {
        id: expect.any(String),
        username: staff.username,
        displayName: '测试department',
        role: 'department',
        department: 'riverlake',
        unit: null,
      },
    });
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('staff_session='),
    );
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(cookie).not.toMatch(/secure/i);

    const viaBearer = await request(server).get('/api/v1/auth/me').set(bearer(response.body.token));
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.staff).toEqual(response.body.staff);
    const viaCookie = await request(server).get('/api/v1/auth/me').set('Cookie', cookie!.split(';')[0]!);
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.staff.username).toBe(staff.username);
  });

  test('when the request came over https, then the cookie is Secure', async () => {
    const https = buildApp({ proxy: true });
    const staff = await createTestStaff(db, 'center');
    const response = await request(https.server)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: staff.username, password: staff.password });
    expect(response.status).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/;\s*secure/i);
  });

  test('when the password is wrong or the user unknown, then both get the same 401 in similar time', async () => {
    const staff = await createTestStaff(db, 'center');
    let started = Date.now();
    const wrong = await login(staff.username, 'wrong-Password-1');
    const wrongMs = Date.now() - started;
    started = Date.now();
    const unknown = await login('nobody-here', 'wrong-Password-1');
    const unknownMs = Date.now() - started;
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'invalid-credentials', message: expect.any(String) } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    // Both paths run one scrypt; without it the unknown user would answer many times faster.
    expect(unknownMs).toBeGreaterThan(wrongMs * 0.3);
  });

  test('when the password is wrong 5 times, then the account is locked even for the right password, and it is audited', async () => {
    const staff = await createTestStaff(db, 'unit');
    for (let i = 1; i <= 4; i += 1)
      expect((await login(staff.username, `wrong-Password-${i}`)).status).toBe(401);
    const fifth = await login(staff.username, 'wrong-Password-5');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('account-locked');
    const right = await login(staff.username, staff.password);
    expect(right.status).toBe(423);
    expect(right.body.error.message).toContain('15分钟');

    const locked = await readAudit({ action: 'auth.locked' });
    expect(locked.items.some((entry) => entry.detail?.username === staff.username)).toBe(true);
    const failed = await readAudit({ action: 'auth.login-failed', limit: '200' });
    const reasons = failed.items
      .filter((e) => e.detail?.username === staff.username)
      .map((e) => e.detail?.reason);
    expect(reasons.sort()).toEqual(['locked', ...Array(5).fill('wrong-password')]);
  });

  test('when the lock has run out, then the right password works again', async () => {
    const app = buildApp();
    const staff = await createTestStaff(db, 'office');
    for (let i = 0; i < 5; i += 1) {
      await request(app.server)
        .post('/api/v1/auth/login')
        .send({ username: staff.username, password: 'wrong-Pass-0' });
    }
    expect((await request(app.server).post('/api/v1/auth/login').send(staff)).status).toBe(423);
    app.advance(15 * 60 * 1000 + 1000);
    const response = await request(app.server).post('/api/v1/auth/login').send(staff);
    expect(response.status).toBe(200);
  });

  test('when one address fails too often, then it is refused with 429 even for a right password', async () => {
    const app = buildApp({ maxFailures: 3 });
    const staff = await createTestStaff(db, 'center');
    for (let i = 0; i < 3; i += 1) {
      await request(app.server)
        .post('/api/v1/auth/login')
        .send({ username: `nobody-${i}`, password: 'wrong-Pass-0' });
    }
    const response = await request(app.server).post('/api/v1/auth/login').send(staff);
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('too-many-attempts');
  });

  test('when the staff member logs out, then the token stops working and the cookie is cleared', async () => {
    const staff = await createAndLoginTestStaff(db, server, 'center');
    const logout = await request(server).post('/api/v1/auth/logout').set(bearer(staff.token));
    expect(logout.status).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/staff_session=;.*expires=Thu, 01 Jan 1970/i);
    const after = await request(server).get('/api/v1/auth/me').set(bearer(staff.token));
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    const audit = await readAudit({ action: 'auth.logout' });
    expect(
      audit.items.some((entry) => (entry.actor as { username?: string }).username === staff.username),
    ).toBe(true);
  });

  test('when 8 hours have passed, then the token is refused as expired', async () => {
    const app = buildApp();
    const staff = await createTestStaff(db, 'center');
    const token = await loginTestStaff(app.server, staff);
    app.advance(SESSION_LIFETIME_MS - 60_000);
    expect((await request(app.server).get('/api/v1/auth/me').set(bearer(token))).status).toBe(200);
    app.advance(60_000);
    const response = await request(app.server).get('/api/v1/auth/me').set(bearer(token));
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({ code: 'unauthenticated', message: '登录已过期，请重新登录。' });
  });

  test('when the token is tampered with or missing, then 401 unauthenticated', async () => {
    const staff = await createAndLoginTestStaff(db, server, 'center');
    const [payload, signature] = staff.token.split('.');
    const forged = Buffer.from(payload!, 'base64url').toString().replace('"center"', '"admin"');
    const tampered = `${Buffer.from(forged).toString('base64url')}.${signature}`;
    for (const headers of [bearer(tampered), bearer('garbage'), {}]) {
      const response = await request(server).get('/api/v1/staff').set(headers);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
    }
  });

  test('when an account is disabled, then its sessions and its password stop working', async () => {
    const staff = await createAndLoginTestStaff(db, server, 'center');
    await db.collection('staff').updateOne({ username: staff.username }, { $set: { disabled: true } });
    expect((await request(server).get('/api/v1/auth/me').set(bearer(staff.token))).status).toBe(401);
    expect((await login(staff.username, staff.password)).body.error.code).toBe('invalid-credentials');
  });

  test('when the login body lacks a field, then 400 invalid-input names it', async () => {
    const response = await request(server).post('/api/v1/auth/login').send({ username: 'someone' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid-input');
    expect(response.body.error.message).toContain('password');
  });
});

describe('roles', () => {
  test('when a route needs a role the actor lacks, then 403 forbidden; with it, the actor is in ctx.state', async () => {
    const unit = await createAndLoginTestStaff(db, server, 'unit');
    const denied = await request(server).get('/probe/center-only').set(bearer(unit.token));
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const center = await createAndLoginTestStaff(db, server, 'center');
    const allowed = await request(server).get('/probe/center-only').set(bearer(center.token));
    expect(allowed.body.actor).toMatchObject({ kind: 'staff', username: center.username, role: 'center' });
  });

  test.each([
    ['center', 403],
    ['department', 403],
    ['office', 200],
    ['admin', 200],
  ] as const)('when a %s reads the audit log, then %i', async (role, status) => {
    const staff = await createAndLoginTestStaff(db, server, role);
    expect((await request(server).get('/api/v1/audit').set(bearer(staff.token))).status).toBe(status);
  });
});
