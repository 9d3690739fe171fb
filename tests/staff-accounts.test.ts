import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { recordAudit } from '../server/audit/audit-repository';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { buildStaffTestApp, createAndLoginTestStaff } from './support/staff-test-app';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const REAL_WECHAT_ENV = {
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_APPSECRET: '0123456789abcdef0123456789abcdef',
  WECHAT_TOKEN: 'token12314',
  WECHAT_ENCODING_AES_KEY: 'a'.repeat(43),
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  SESSION_SECRET: 's'.repeat(40),
};

let db: Connection;
let server: ReturnType<typeof buildStaffTestApp>['server'];
beforeAll(async () => {
  db = await connectTestDatabase('staff_accounts');
  server = buildStaffTestApp(db).server;
});
afterAll(() => dropTestDatabase(db));

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('staff administration', () => {
  test('when an admin creates an account, then it can log in and the list shows it without its hash', async () => {
    const admin = await createAndLoginTestStaff(db, server, 'admin');
    const created = await request(server).post('/api/v1/staff').set(bearer(admin.token)).send({
      username: 'Li.Si',
      displayName: '李四',
      role: 'unit',
      unit: 'jining',
      password: 'jining-water-2024',
    });
    expect(created.status).toBe(201);
    expect(created.body.staff).toEqual({
      id: expect.any(String),
      username: 'li.si',
      displayName: '李四',
      role: 'unit',
      department: null,
      unit: 'jining',
    });

    const login = await request(server)
      .post('/api/v1/auth/login')
      .send({ username: 'li.si', password: 'jining-water-2024' });
    expect(login.status).toBe(200);
    const list = await request(server).get('/api/v1/staff').set(bearer(admin.token));
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ username: 'li.si', disabled: false, lockedUntil: null }),
    );
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash|failedLogins/);
  });

  test('when the username is taken, then 409 staff-exists', async () => {
    const admin = await createAndLoginTestStaff(db, server, 'admin');
    const body = { username: 'wang.wu', role: 'center', password: 'center-desk-2024' };
    expect((await request(server).post('/api/v1/staff').set(bearer(admin.token)).send(body)).status).toBe(
      201,
    );
    const again = await request(server)
      .post('/api/v1/staff')
      .set(bearer(admin.token))
      .send({ ...body, username: 'WANG.WU' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('staff-exists');
  });

  test.each([
    ['an unknown role', 'invalid-input', 'role', { role: 'boss' }],
    ['a department account without department', 'invalid-input', 'department', { role: 'department' }],
    ['an unknown unit', 'invalid-input', 'unit', { role: 'unit', unit: 'atlantis' }],
    ['a weak password', 'weak-password', '密码', { role: 'office', password: '1234567890' }],
  ])('when the new account has %s, then 400 %s naming %s', async (_label, code, named, fields) => {
    const admin = await createAndLoginTestStaff(db, server, 'admin');
    const response = await request(server)
      .post('/api/v1/staff')
      .set(bearer(admin.token))
      .send({ username: 'zhao.liu', password: 'good-Password-1', ...fields });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toContain(named);
  });

  test.each(['center', 'office', 'department'] as const)(
    'when a %s tries to create or list accounts, then 403',
    async (role) => {
      const staff = await createAndLoginTestStaff(db, server, role);
      const body = { username: 'not.allowed', role: 'admin', password: 'sneaky-Admin-1' };
      expect((await request(server).post('/api/v1/staff').set(bearer(staff.token)).send(body)).status).toBe(
        403,
      );
      expect((await request(server).get('/api/v1/staff').set(bearer(staff.token))).status).toBe(403);
    },
  );
});

describe('the audit log', () => {
  test('when there are more entries than a page, then the cursor walks them newest first without overlap', async () => {
    const office = await createAndLoginTestStaff(db, server, 'office');
    const at = new Date('2025-05-01T08:00:00Z');
    for (let i = 0; i < 5; i += 1) {
      await recordAudit(db, {
        actor: { kind: 'system' },
        action: 'case.assign',
        caseId: 'case-paging',
        at,
        detail: { i },
      });
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(server)
        .get('/api/v1/audit')
        .query({ caseId: 'case-paging', limit: 2, ...(cursor && { cursor }) })
        .set(bearer(office.token));
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((entry: { detail: { i: number } }) => entry.detail.i));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0]);
  });

  test('when the query is bad, then 400 invalid-input names the field', async () => {
    const office = await createAndLoginTestStaff(db, server, 'office');
    for (const [query, field] of [
      [{ limit: 'many' }, 'limit'],
      [{ from: 'yesterday' }, 'from'],
      [{ cursor: 'xx' }, 'cursor'],
    ] as const) {
      const response = await request(server).get('/api/v1/audit').query(query).set(bearer(office.token));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(field);
    }
  });
});

function runStaffCreate(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const uri = new URL(process.env.TEST_MONGODB_URI!);
  uri.pathname = `/${db.name}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/staff-create.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MONGODB_URI: uri.toString(),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-cli-')),
      ...env,
    },
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run staff:create', () => {
  test('when given a good account, then it creates it, prints one line and exits 0', async () => {
    const run = await runStaffCreate(
      ['--username', 'cli.admin', '--role', 'admin', '--display-name', '系统管理员'],
      { STAFF_PASSWORD: 'first-Admin-2024' },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringContaining('created staff account "cli.admin" (admin)'),
    ]);
    expect(run.stdout).not.toContain('first-Admin-2024');
    const login = await request(server)
      .post('/api/v1/auth/login')
      .send({ username: 'cli.admin', password: 'first-Admin-2024' });
    expect(login.body.staff).toMatchObject({
      username: 'cli.admin',
      displayName: '系统管理员',
      role: 'admin',
    });
  });

  test.each([
    ['the password is missing', ['--username', 'cli.x', '--role', 'center'], {}, 'STAFF_PASSWORD'],
    [
      'the password is weak',
      ['--username', 'cli.x', '--role', 'center'],
      { STAFF_PASSWORD: 'short' },
      'weak-password',
    ],
    [
      'the role is unknown',
      ['--username', 'cli.x', '--role', 'boss'],
      { STAFF_PASSWORD: 'good-Pass-2024' },
      'role',
    ],
    [
      'the department is unknown',
      ['--username', 'cli.x', '--role', 'department', '--department', 'nope'],
      { STAFF_PASSWORD: 'good-Pass-2024' },
      'department',
    ],
    [
      'the unit is unknown',
      ['--username', 'cli.x', '--role', 'unit', '--unit', 'nope'],
      { STAFF_PASSWORD: 'good-Pass-2024' },
      'unit',
    ],
    [
      'an option is unknown',
      ['--username', 'cli.x', '--role', 'center', '--rol', 'x'],
      { STAFF_PASSWORD: 'good-Pass-2024' },
      'usage',
    ],
  ])('when %s, then it exits 1 with a clear message', async (_label, args, env, expected) => {
    const run = await runStaffCreate(args, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('when the username is taken, then it exits 1 with staff-exists', async () => {
    const env = { STAFF_PASSWORD: 'twice-Created-1' };
    expect((await runStaffCreate(['--username', 'cli.twice', '--role', 'office'], env)).code).toBe(0);
    const again = await runStaffCreate(['--username', 'cli.twice', '--role', 'office'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('staff-exists');
  });
});

describe('demo accounts', () => {
  test('when in sandbox mode, then one login per role is created once and kept in a 0600 file', async () => {
    const app = buildStaffTestApp(db);
    const first = await app.staff.seedDemoAccounts();
    expect(first.map((account) => account.role)).toEqual(['center', 'department', 'unit', 'office', 'admin']);
    expect(first.find((account) => account.role === 'unit')).toMatchObject({
      unit: 'anhui',
      department: 'riverlake',
    });
    const file = path.join(app.config.dataDir, 'demo-accounts.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await app.staff.seedDemoAccounts()).toEqual(first);

    const admin = first.find((account) => account.role === 'admin')!;
    const login = await request(app.server)
      .post('/api/v1/auth/login')
      .send({ username: admin.username, password: admin.password });
    expect(login.status).toBe(200);
    const demoCount = (await app.staff.useCases.listStaff()).filter((staff) =>
      staff.username.startsWith('demo-'),
    ).length;
    expect(demoCount).toBe(5);
  });

  test('when not in sandbox mode, then no demo account or file is made', async () => {
    const other = await connectTestDatabase('staff_no_demo');
    try {
      const app = buildStaffTestApp(other, { env: REAL_WECHAT_ENV });
      expect(app.config.sandbox).toBe(false);
      expect(await app.staff.seedDemoAccounts()).toEqual([]);
      expect(await app.staff.useCases.listStaff()).toEqual([]);
      expect(fs.existsSync(path.join(app.config.dataDir, 'demo-accounts.json'))).toBe(false);
    } finally {
      await dropTestDatabase(other);
    }
  });
});
