/**
 * Staff accounts for component tests: make one of a given role and log it in through the HTTP API,
 * or mount the staff component alone (errorMiddleware + jsonBody + its routers, as in app.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Router from '@koa/router';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../../config/load-config';
import { errorMiddleware } from '../../server/http/error-middleware';
import { jsonBody } from '../../server/http/json-body';
import { createStaffComponent } from '../../server/staff/staff-component';
import { createLoginThrottle } from '../../server/staff/login-throttle';
import { createStaffUseCases } from '../../server/staff/staff-use-cases';
import type { StaffRole } from '../../server/staff/staff-types';

// Not test-app.ts: that builds the whole platform, and these tests need only the staff component.
const silentLogger = pino({ level: 'silent' });
const testConfig = (env: NodeJS.ProcessEnv = {}) =>
  loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-staff-')), ...env });

type Server = Parameters<typeof request>[0];

export const DEFAULT_PLACEMENT: Record<StaffRole, { department?: string; unit?: string }> = {
  center: {},
  department: { department: 'riverlake' },
  unit: { unit: 'anhui', department: 'riverlake' },
  office: {},
  admin: {},
};

export interface TestStaff {
  username: string;
  password: string;
  role: StaffRole;
}

/** Creates the account directly (this is test set-up, not the behaviour under test). */
export async function createTestStaff(
  db: Connection,
  role: StaffRole,
  placement: { department?: string; unit?: string } = DEFAULT_PLACEMENT[role],
): Promise<TestStaff> {
  const useCases = createStaffUseCases({
    db,
    sessionSecret: 'unused-when-only-creating-accounts-here',
    now: () => new Date(),
    throttle: createLoginThrottle(),
  });
  const staff = {
    username: `${role}-${randomBytes(4).toString('hex')}`,
    password: 'test-Password-2024',
    role,
  };
  await useCases.createStaff({ ...staff, ...placement, displayName: `测试${role}` }, { kind: 'system' });
  return staff;
}

/** Logs in through POST /api/v1/auth/login and returns the bearer token. */
export async function loginTestStaff(server: Server, staff: TestStaff): Promise<string> {
  const response = await request(server)
    .post('/api/v1/auth/login')
    .send({ username: staff.username, password: staff.password });
  if (response.status !== 200)
    throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}

export async function createAndLoginTestStaff(db: Connection, server: Server, role: StaffRole) {
  const staff = await createTestStaff(db, role);
  return { ...staff, token: await loginTestStaff(server, staff) };
}

export interface StaffTestAppOptions {
  env?: NodeJS.ProcessEnv;
  maxFailures?: number;
  proxy?: boolean;
}

/**
 * The staff component mounted the way app.ts mounts it, with a clock the test moves and a probe
 * route (GET /probe/center-only) that shows the actor a guarded route sees.
 */
export function buildStaffTestApp(db: Connection, options: StaffTestAppOptions = {}) {
  const clock = { now: new Date() };
  const config = testConfig(options.env);
  const staff = createStaffComponent({
    db,
    config,
    logger: silentLogger,
    now: () => clock.now,
    loginThrottle: { maxFailures: options.maxFailures ?? 1000, windowMs: 15 * 60 * 1000 },
  });
  const app = new Koa({ proxy: options.proxy ?? false });
  app.use(errorMiddleware());
  app.use(jsonBody());
  const probe = new Router();
  probe.get('/probe/center-only', staff.authenticate, staff.requireRoles('center'), (ctx) => {
    ctx.body = { actor: ctx.state.actor };
  });
  for (const router of [...staff.routers, probe]) app.use(router.routes()).use(router.allowedMethods());
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { server: app.callback(), staff, config, advance };
}
