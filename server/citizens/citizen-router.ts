/**
 * The citizen API under /api/v1/citizen, for the Taro mini program: login, photo upload, filing
 * and following one's own cases, the survey, review requests, subscription grants and the public
 * knowledge search. Every case route answers 404 for a case of someone else, never 403, so a
 * tracking number reveals nothing. Parse, authenticate, call a use case, map the result.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Connection } from 'mongoose';
import type { CaseComponent } from '../cases/case-component';
import { checkSurveyAnswer } from '../cases/survey-use-cases';
import type { KnowledgeUseCases } from '../knowledge/knowledge-use-cases';
import { toPublicKnowledgeView } from '../knowledge/knowledge-router';
import { storePhoto } from '../photos/data-access/photo-repository';
import { readPhotoUpload } from '../photos/multipart-photo';
import type { NotificationComponent } from '../notifications/notification-component';
import type { ReporterIdentity } from '../cases/reporter-supplement';
import { addCitizenFormRoutes, type CitizenFormDeps } from './citizen-form-routes';
import type { CitizenLogin } from './citizen-login';
import { authenticateCitizen, readCitizen, type CitizenSessions } from './citizen-session';
import {
  citizenCaseSchema,
  citizenReviewSchema,
  knowledgeQuerySchema,
  parseInput,
  subscriptionsSchema,
  supplementSchema,
} from './citizen-input';

export interface CitizenRouterDeps extends CitizenFormDeps {
  db: Connection;
  login: CitizenLogin;
  sessions: Pick<CitizenSessions, 'authenticate'>;
  cases: Pick<CaseComponent, 'intake' | 'queries' | 'reporterSupplement' | 'surveys' | 'reviews'>;
  recordSubscribeGrants: NotificationComponent['recordSubscribeGrants'];
  knowledge: Pick<KnowledgeUseCases, 'searchEntries'>;
  now: () => Date;
}

const MY_CASES_LIMIT = 50;
const SCORE_DECIMALS = 100;

const identityOf = (ctx: Context): ReporterIdentity => ({ kind: 'openid', value: readCitizen(ctx).openid });

export function createCitizenRouter(deps: CitizenRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1/citizen' });
  const authenticate = authenticateCitizen(deps.sessions);

  router.post('/login', async (ctx) => {
    const { token } = await deps.login.loginWithCode(ctx.request.body);
    ctx.body = { token };
  });

  router.post('/sandbox-login', async (ctx) => {
    const { token } = await deps.login.loginInSandbox(ctx.request.body);
    ctx.body = { token };
  });

  // Multipart from wx.uploadFile (field `photo`), or the raw image as the body.
  router.post('/photos', authenticate, async (ctx) => {
    const stored = await storePhoto(deps.db, await readPhotoUpload(ctx), { now: deps.now() });
    ctx.status = 201;
    ctx.body = { photoId: stored.id };
  });

  router.post('/cases', authenticate, async (ctx) => {
    const input = parseInput(citizenCaseSchema, ctx.request.body);
    const citizen = readCitizen(ctx);
    const submitted = await deps.cases.intake.submitCase(
      {
        ...input,
        channel: 'miniprogram',
        reporter: { ...input.reporter, miniprogramOpenid: citizen.openid, unionid: citizen.unionid },
      },
      { kind: 'reporter' },
    );
    ctx.status = 201;
    ctx.body = {
      trackingNumber: submitted.case.trackingNumber,
      status: submitted.case.status,
      ...(submitted.mergedInto ? { mergedInto: submitted.mergedInto } : {}),
    };
  });

  router.get('/cases', authenticate, async (ctx) => {
    ctx.body = { items: await deps.cases.queries.listCasesForReporter(identityOf(ctx), MY_CASES_LIMIT) };
  });

  router.get('/cases/:trackingNumber', authenticate, async (ctx) => {
    ctx.body = await deps.cases.queries.getCaseForReporter(identityOf(ctx), ctx.params.trackingNumber!);
  });

  router.post('/cases/:trackingNumber/supplement', authenticate, async (ctx) => {
    const { note } = parseInput(supplementSchema, ctx.request.body);
    const trackingNumber = await deps.cases.reporterSupplement.supplementCase(
      identityOf(ctx),
      ctx.params.trackingNumber!,
      note,
    );
    ctx.body = { trackingNumber };
  });

  router.post('/cases/:trackingNumber/survey', authenticate, async (ctx) => {
    const answer = checkSurveyAnswer(ctx.request.body);
    const trackingNumber = ctx.params.trackingNumber!;
    const { offerReview } = await deps.cases.surveys.answerSurvey(
      identityOf(ctx),
      trackingNumber,
      answer,
      'miniprogram',
    );
    ctx.body = { trackingNumber, offerReview };
  });

  router.post('/cases/:trackingNumber/review', authenticate, async (ctx) => {
    const { reason } = parseInput(citizenReviewSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await deps.cases.reviews.requestReview(identityOf(ctx), ctx.params.trackingNumber!, reason);
  });

  router.post('/subscriptions', authenticate, async (ctx) => {
    const { templateIds } = parseInput(subscriptionsSchema, ctx.request.body);
    const unique = [...new Set(templateIds)];
    await deps.recordSubscribeGrants(readCitizen(ctx).openid, unique);
    ctx.body = { recorded: unique.length };
  });

  // Public, like /api/v1/knowledge: the mini program shows answers before anyone signs in.
  router.get('/knowledge', async (ctx) => {
    const { q, limit } = parseInput(knowledgeQuerySchema, ctx.query);
    const ranked = q ? await deps.knowledge.searchEntries(q, limit) : [];
    ctx.body = {
      items: ranked.map(({ entry, score }) => ({
        ...toPublicKnowledgeView(entry),
        score: Math.round(score * SCORE_DECIMALS) / SCORE_DECIMALS,
      })),
    };
  });

  addCitizenFormRoutes(router, deps, authenticate);

  return router;
}
