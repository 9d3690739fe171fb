/**
 * Builds the business components from the app's dependencies. main.ts uses the result to mount
 * routers, print the sandbox logins and run the jobs; tests get the same wiring through createApp.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../config/domain/domain-config';
import type { AppConfig } from '../config/load-config';
import { createCaseComponent } from './cases/case-component';
import { visibilityFilter } from './cases/domain/case-visibility';
import { createKnowledgeComponent } from './knowledge/knowledge-component';
import { createPhotoRouter } from './photos/photo-router';
import type { Actor } from './staff/staff-types';
import { createStaffComponent } from './staff/staff-component';

export interface ComponentDeps {
  config: Readonly<AppConfig>;
  domain: Readonly<DomainConfig>;
  logger: Logger;
  db: Connection;
  now?: () => Date;
}

export function createComponents(deps: ComponentDeps) {
  const now = deps.now ?? (() => new Date());
  const staff = createStaffComponent({ db: deps.db, config: deps.config, logger: deps.logger, now });
  const knowledge = createKnowledgeComponent({
    db: deps.db,
    authenticate: staff.authenticate,
    requireRoles: staff.requireRoles,
  });
  const cases = createCaseComponent({
    db: deps.db,
    domain: deps.domain,
    dataKey: deps.config.dataKey,
    logger: deps.logger,
    now,
    authenticate: staff.authenticate,
    requireRoles: staff.requireRoles,
    findKnowledgeAnswer: (entryId) => knowledge.useCases.findPublishedAnswer(entryId),
  });
  const photos = createPhotoRouter({
    db: deps.db,
    authenticate: staff.authenticate,
    isPhotoVisibleTo: (state, photoId) =>
      cases.repo.isPhotoOnVisibleCase(photoId, visibilityFilter(state.actor as Actor)),
  });
  return { staff, knowledge, cases, photos };
}

export type Components = ReturnType<typeof createComponents>;
