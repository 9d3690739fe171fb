/**
 * Wires the case component: repository, use cases, duplicate check, router and reminder job, from
 * the app's dependencies. The one place that knows how the pieces fit.
 */
import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../../config/domain/domain-config';
import { createAlertRepository } from '../alerts/alert-repository';
import { createDocumentLocks } from '../db/document-lock';
import type { StaffRole } from '../staff/staff-types';
import { createReporterSupplement } from './reporter-supplement';
import { createCaseQueries } from './case-queries';
import { createCaseRouter } from './case-router';
import { createCaseRepository } from './data-access/case-repository';
import { createDeadlineReminderJob } from './deadline-reminder-job';
import { createDuplicateCheck } from './duplicate-check';
import { createIntakeUseCases } from './intake-use-cases';
import { createWorkflowUseCases } from './workflow-use-cases';

export interface CaseComponentDeps {
  db: Connection;
  domain: Readonly<DomainConfig>;
  dataKey: Buffer;
  logger: Logger;
  now: () => Date;
  authenticate: Middleware;
  requireRoles: (...roles: StaffRole[]) => Middleware;
  findKnowledgeAnswer: (entryId: string) => Promise<string | undefined>;
}

export function createCaseComponent(deps: CaseComponentDeps) {
  const repo = createCaseRepository(deps.db);
  const alerts = createAlertRepository(deps.db);
  const locks = createDocumentLocks(deps.db, deps.now);
  const caseDeps = {
    db: deps.db,
    repo,
    locks,
    domain: deps.domain,
    dataKey: deps.dataKey,
    logger: deps.logger,
    now: deps.now,
  };
  const workflow = createWorkflowUseCases(caseDeps);
  const duplicates = createDuplicateCheck(caseDeps);
  const intake = createIntakeUseCases(caseDeps, alerts, duplicates, workflow);
  const queries = createCaseQueries(caseDeps);
  const reporterSupplement = createReporterSupplement(caseDeps, workflow);
  const router = createCaseRouter({
    authenticate: deps.authenticate,
    requireRoles: deps.requireRoles,
    intake,
    workflow,
    queries,
    duplicates,
    alerts,
    findKnowledgeAnswer: deps.findKnowledgeAnswer,
  });
  const reminderJob = createDeadlineReminderJob({ repo, locks, alerts, logger: deps.logger, now: deps.now });
  return { repo, intake, workflow, queries, reporterSupplement, duplicates, router, reminderJob, alerts };
}

export type CaseComponent = ReturnType<typeof createCaseComponent>;
