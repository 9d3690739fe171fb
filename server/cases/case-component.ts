/**
 * Wires the case component: repository, use cases, duplicate check, routers and jobs, from the
 * app's dependencies. The one place that knows how the pieces fit.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../../config/domain/domain-config';
import { createAlertRepository } from '../alerts/alert-repository';
import { createDocumentLocks } from '../db/document-lock';
import type { CaseDeps } from './case-deps';
import type { StaffRole } from '../staff/staff-types';
import { createReporterSupplement } from './reporter-supplement';
import { createCaseFigures } from './case-figures';
import { createCaseQueries } from './case-queries';
import { createCaseRouter } from './case-router';
import { createCaseRepository } from './data-access/case-repository';
import { createDeadlineReminderJob } from './deadline-reminder-job';
import { createDuplicateCheck } from './duplicate-check';
import { createFollowUpSteps, createFollowUpWorkflow } from './follow-up-steps';
import { createIntakeUseCases } from './intake-use-cases';
import { createReviewUseCases } from './review-use-cases';
import { createSurveyJob } from './survey-job';
import { createSurveyRouter } from './survey-router';
import { createSurveyUseCases } from './survey-use-cases';
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
  onReporterEvent?: CaseDeps['onReporterEvent'];
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
    onReporterEvent: deps.onReporterEvent,
  };
  // The survey and review steps are part of the workflow everyone gets (staff API, chat, intake).
  const followUpSteps = createFollowUpSteps(caseDeps);
  const surveys = createSurveyUseCases(caseDeps, followUpSteps);
  const reviews = createReviewUseCases(caseDeps, followUpSteps, surveys);
  const workflow = createFollowUpWorkflow(
    createWorkflowUseCases(caseDeps),
    followUpSteps,
    surveys.inviteAfterResult,
  );
  const duplicates = createDuplicateCheck(caseDeps);
  const intake = createIntakeUseCases(caseDeps, alerts, duplicates, workflow);
  const queries = createCaseQueries(caseDeps);
  const reporterSupplement = createReporterSupplement(caseDeps, workflow);
  const caseRouter = createCaseRouter({
    authenticate: deps.authenticate,
    requireRoles: deps.requireRoles,
    intake,
    workflow,
    queries,
    duplicates,
    alerts,
    figures: createCaseFigures({ repo, now: deps.now }),
    findKnowledgeAnswer: deps.findKnowledgeAnswer,
  });
  const surveyRouter = createSurveyRouter({ surveys, reviews });
  // One router for the app to mount: the staff case API and the reporter's survey page API.
  const router = new Router();
  router.use(caseRouter.routes(), caseRouter.allowedMethods());
  router.use(surveyRouter.routes(), surveyRouter.allowedMethods());
  const reminderJob = createDeadlineReminderJob({ repo, locks, alerts, logger: deps.logger, now: deps.now });
  const surveyJob = createSurveyJob({
    repo,
    steps: followUpSteps,
    surveys,
    logger: deps.logger,
    now: deps.now,
  });
  return {
    repo,
    intake,
    workflow,
    queries,
    reporterSupplement,
    surveys,
    reviews,
    duplicates,
    router,
    reminderJob,
    surveyJob,
    alerts,
  };
}

export type CaseComponent = ReturnType<typeof createCaseComponent>;
