/**
 * The staff case API under /api/v1: parse, authenticate, call a use case, map the result.
 * Business rules live in the use cases and the transition table, not here.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import type { Actor, StaffRole } from '../staff/staff-types';
import type { AlertRepository } from '../alerts/alert-repository';
import { REVIEW_OUTCOMES, type CaseAction } from './domain/case-types';
import { STAFF_ACTIONS } from './domain/transition-rules';
import type { createCaseQueries } from './case-queries';
import type { createIntakeUseCases } from './intake-use-cases';
import type { createWorkflowUseCases } from './workflow-use-cases';
import type { DuplicateCheck } from './duplicate-check';
import type { CaseFigures } from './case-figures';

export interface CaseRouterDeps {
  authenticate: Middleware;
  requireRoles: (...roles: StaffRole[]) => Middleware;
  intake: ReturnType<typeof createIntakeUseCases>;
  workflow: ReturnType<typeof createWorkflowUseCases>;
  queries: ReturnType<typeof createCaseQueries>;
  duplicates: DuplicateCheck;
  alerts: AlertRepository;
  figures: CaseFigures;
  /** Answers a consultation from a knowledge-base entry (监督举报库). */
  findKnowledgeAnswer: (entryId: string) => Promise<string | undefined>;
}

export const actionBodySchema = z.object({
  note: z.string().max(2000).optional(),
  reason: z.string().max(1000).optional(),
  referral: z.string().max(500).optional(),
  department: z.string().max(30).optional(),
  unit: z.string().max(30).optional(),
  mergeInto: z.string().max(30).optional(),
  workingDays: z.number().int().min(1).max(40).optional(),
  summary: z.string().max(2000).optional(),
  answer: z.string().max(2000).optional(),
  knowledgeEntryId: z.string().max(40).optional(),
  /** decide-review: 维持原结果 / 重新办理 / 已纠正, with the reasons in `note`. */
  outcome: z.enum(REVIEW_OUTCOMES).optional(),
  version: z.number().int().min(0).optional(),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid-input',
      400,
      `输入有误：${issue?.path.join('.') || ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

const actorOf = (state: { actor?: Actor }): Actor => {
  if (!state.actor) throw new AppError('unauthenticated', 401, '请先登录。');
  return state.actor;
};

export function createCaseRouter(deps: CaseRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1' });
  router.use(['/cases', '/alerts', '/figures'], deps.authenticate);

  router.get('/cases', async (ctx) => {
    ctx.body = await deps.queries.listCasesForStaff(actorOf(ctx.state), ctx.query);
  });

  /** A hotline call typed in by center staff: the same intake as every other channel. */
  router.post('/cases', deps.requireRoles('center'), async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const result = await deps.intake.submitCase({ ...body, channel: 'hotline' }, actorOf(ctx.state));
    ctx.status = 201;
    ctx.body = await deps.queries.getCaseForStaff(actorOf(ctx.state), result.case.id);
  });

  router.get('/cases/:id', async (ctx) => {
    ctx.body = await deps.queries.getCaseForStaff(actorOf(ctx.state), ctx.params.id!);
  });

  router.get('/cases/:id/duplicates', deps.requireRoles('center', 'office'), async (ctx) => {
    const record = await deps.workflow.loadForStaff(ctx.params.id!, actorOf(ctx.state));
    ctx.body = { candidates: await deps.duplicates.candidatesFor(record) };
  });

  router.post('/cases/:id/reporter/reveal', async (ctx) => {
    const { reason } = (ctx.request.body ?? {}) as { reason?: unknown };
    ctx.body = { reporter: await deps.queries.revealReporter(actorOf(ctx.state), ctx.params.id!, reason) };
  });

  router.post('/cases/:id/actions/:action', async (ctx) => {
    const action = ctx.params.action as CaseAction;
    // Reporter and platform steps (a survey answer, a review request) have their own entry points.
    if (!STAFF_ACTIONS.includes(action)) {
      throw new AppError('unknown-action', 404, `没有这个操作：${ctx.params.action}`);
    }
    const actor = actorOf(ctx.state);
    const { version, ...input } = parseBody(actionBodySchema, ctx.request.body);
    const current = await deps.workflow.loadForStaff(ctx.params.id!, actor);

    if (action === 'answer' && !input.answer && input.knowledgeEntryId) {
      input.answer = await deps.findKnowledgeAnswer(input.knowledgeEntryId);
      if (!input.answer) throw new AppError('knowledge-entry-not-found', 404, '没有找到这条知识库答复。');
    }
    // Assigning without choosing follows the routing rules; staff override by naming a department.
    if (action === 'assign' && !input.department) {
      input.department = current.intakeFindings?.suggestedAssignment?.department;
      input.unit ??= current.intakeFindings?.suggestedAssignment?.unit;
    }
    // Confirming the suggested out-of-scope rejection is one action: the referral comes with it.
    const suggested = current.intakeFindings?.outOfScope;
    if (action === 'reject' && suggested) {
      input.referral ??= suggested.referral;
      input.reason ??= '不属于12314受理范围';
    }
    const updated = await deps.workflow.transitionCase(current, action, actor, input, version);
    // Built from the result: after a return the department no longer sees the case, but it may
    // see what its own action did.
    ctx.body = await deps.queries.viewForStaff(actor, updated);
  });

  router.get('/alerts', async (ctx) => {
    ctx.body = { items: await deps.alerts.listAlertsFor(actorOf(ctx.state)) };
  });

  /** The general office's oversight figures for a period (the quarterly report, art. 14). */
  router.get('/figures', deps.requireRoles('office', 'admin'), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await deps.figures.countFigures(ctx.query);
  });

  return router;
}
