/**
 * Wires the citizen component (the mini program's API) from the app's dependencies: the session
 * store, the login and the router. The case, notification and knowledge components do the work.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { CitizenRouterDeps } from './citizen-router';
import { createCitizenRouter } from './citizen-router';
import { createCitizenLogin, type CitizenLoginDeps } from './citizen-login';
import { createCitizenSessions } from './citizen-session';
import { createCitizenSessionRepository } from './data-access/citizen-session-repository';

export interface CitizenComponentDeps {
  db: Connection;
  dataKey: Buffer;
  logger: Logger;
  now: () => Date;
  /** Undefined when no mini program is configured: code login and the phone number answer 404 then. */
  miniprogram: (CitizenLoginDeps['miniprogram'] & CitizenRouterDeps['miniprogram']) | undefined;
  /** Sandbox mode or no mini program: the device-id login stands in for WeChat. */
  sandboxLogin: boolean;
  cases: CitizenRouterDeps['cases'];
  recordSubscribeGrants: CitizenRouterDeps['recordSubscribeGrants'];
  knowledge: CitizenRouterDeps['knowledge'];
  signboards: CitizenRouterDeps['signboards'];
  subscribeTemplateIds: CitizenRouterDeps['subscribeTemplateIds'];
}

export function createCitizenComponent(deps: CitizenComponentDeps) {
  const sessions = createCitizenSessions({
    repo: createCitizenSessionRepository(deps.db),
    dataKey: deps.dataKey,
    now: deps.now,
  });
  const login = createCitizenLogin({
    sessions,
    miniprogram: deps.miniprogram,
    sandboxLogin: deps.sandboxLogin,
    logger: deps.logger.child({ component: 'citizen-login' }),
  });
  const router = createCitizenRouter({
    db: deps.db,
    login,
    sessions,
    cases: deps.cases,
    recordSubscribeGrants: deps.recordSubscribeGrants,
    knowledge: deps.knowledge,
    now: deps.now,
    signboards: deps.signboards,
    miniprogram: deps.miniprogram,
    subscribeTemplateIds: deps.subscribeTemplateIds,
    logger: deps.logger,
  });
  return { sessions, login, router };
}

export type CitizenComponent = ReturnType<typeof createCitizenComponent>;
