/**
 * The staff component in one call, for app.ts:
 *   const staff = createStaffComponent(deps);
 *   for (const router of staff.routers) app.use(router.routes()).use(router.allowedMethods());
 * Other routers guard themselves with staff.authenticate and staff.requireRoles(...).
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/load-config';
import { createAuditRouter } from '../audit/audit-router';
import { authenticateStaff, requireRoles } from './auth-middleware';
import { createAuthRouter, createStaffAdminRouter } from './auth-router';
import { seedDemoAccounts, type DemoAccount } from './demo-accounts';
import { createLoginThrottle, type LoginThrottleOptions } from './login-throttle';
import { createStaffUseCases, type StaffUseCases } from './staff-use-cases';

export interface StaffComponentDeps {
  db: Connection;
  config: Readonly<AppConfig>;
  logger: Logger;
  now?: () => Date;
  /** Tests lower or raise the per-address limit; the default suits production. */
  loginThrottle?: LoginThrottleOptions;
}

export interface StaffComponent {
  routers: Router[];
  authenticate: Middleware;
  requireRoles: typeof requireRoles;
  useCases: StaffUseCases;
  /** Sandbox only (returns [] otherwise): the demo logins to print at start-up. */
  seedDemoAccounts(): Promise<DemoAccount[]>;
}

export function createStaffComponent(deps: StaffComponentDeps): StaffComponent {
  const { db, config } = deps;
  const useCases = createStaffUseCases({
    db,
    sessionSecret: config.sessionSecret,
    now: deps.now ?? (() => new Date()),
    throttle: createLoginThrottle(deps.loginThrottle),
    logger: deps.logger,
  });
  const authenticate = authenticateStaff(useCases);
  return {
    routers: [
      createAuthRouter({ useCases, authenticate }),
      createStaffAdminRouter({ useCases, authenticate }),
      createAuditRouter({ db, authenticate }),
    ],
    authenticate,
    requireRoles,
    useCases,
    seedDemoAccounts: () => seedDemoAccounts({ config, useCases }),
  };
}
