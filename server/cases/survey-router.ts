/**
 * The reporter's survey page API under /api/v1 (the mini-program page `pages/survey/index`). No
 * staff login: the survey token from the invitation link is the credential, so an unknown token
 * is simply not found. Parse, call a use case, map the result.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { REVIEW_REASON_MAX_CHARS, REVIEW_REASON_MIN_CHARS } from './domain/review-rules';
import type { ReviewUseCases } from './review-use-cases';
import { checkSurveyAnswer, type SurveyUseCases } from './survey-use-cases';

export interface SurveyRouterDeps {
  surveys: SurveyUseCases;
  reviews: ReviewUseCases;
}

/** For the API description; the use case checks the reason with plain-language messages. */
export const reviewRequestBodySchema = z.object({
  reason: z.string().min(REVIEW_REASON_MIN_CHARS).max(REVIEW_REASON_MAX_CHARS),
});

export function createSurveyRouter(deps: SurveyRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1' });

  router.post('/surveys/:token', async (ctx) => {
    const answer = checkSurveyAnswer(ctx.request.body);
    ctx.body = await deps.surveys.answerSurveyByToken(ctx.params.token!, answer);
  });

  router.post('/surveys/:token/review', async (ctx) => {
    const { reason } = (ctx.request.body ?? {}) as { reason?: unknown };
    const filed = await deps.reviews.requestReview(
      { surveyToken: ctx.params.token! },
      undefined,
      typeof reason === 'string' ? reason : '',
    );
    ctx.status = 201;
    ctx.body = filed;
  });

  return router;
}
