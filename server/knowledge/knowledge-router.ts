/**
 * The knowledge-base API under /api/v1/knowledge. Reading published entries is public (citizens
 * and the chat bot ask the same questions). `?view=editor` (unpublished entries, keywords, version
 * for the next PUT) and every write need a staff session with an editor role. Parse, authorise,
 * call a use case, map to a view.
 */
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import { readActor } from '../staff/auth-middleware';
import type { StaffRole } from '../staff/staff-types';
import { createKnowledgeRepository, type KnowledgeEntry } from './data-access/knowledge-repository';
import { KNOWLEDGE_CATEGORY_CODES } from './data-access/knowledge-model';
import { createKnowledgeUseCases, type KnowledgeUseCases } from './knowledge-use-cases';

export const KNOWLEDGE_EDITOR_ROLES = ['center', 'office', 'admin'] as const satisfies readonly StaffRole[];

export interface KnowledgeRouterDeps {
  db: Connection;
  authenticate: Middleware;
  requireRoles: (...roles: StaffRole[]) => Middleware;
  /** Pass to share the component's instance; built from db otherwise. */
  useCases?: KnowledgeUseCases;
}

const categoryCode = z.enum(KNOWLEDGE_CATEGORY_CODES as [string, ...string[]]);

const entryBody = z.object({
  question: z.string().trim().min(1).max(200),
  answer: z.string().trim().min(1).max(2000),
  keywords: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  category: categoryCode,
  published: z.boolean().optional(),
});
const updateBody = entryBody.extend({ version: z.number().int().min(1) });

const collectionQuery = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  cursor: z.string().max(64).optional(),
  category: categoryCode.optional(),
  view: z.enum(['public', 'editor']).default('public'),
});
const entryQuery = collectionQuery.pick({ view: true });

const FIELD_LABELS: Record<string, string> = {
  question: '问题',
  answer: '答案',
  keywords: '关键词',
  category: '分类',
  published: '是否发布',
  version: '版本号',
  q: '搜索内容',
  limit: '条数',
  cursor: '翻页位置',
  view: '视图',
};

/** One short, polite Chinese sentence naming the field, e.g. 问题（question）最多 200 个字，请修改后再试。 */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.');
  const field = String(issue.path[0] ?? '');
  if (!field) return '提交的内容不完整或格式不对，请检查后再试。';
  const label = `${FIELD_LABELS[field] ?? field}（${path}）`;
  const details = issue as { origin?: string; minimum?: unknown; maximum?: unknown; input?: unknown };
  // A missing enum is invalid_value in zod 4, a missing string invalid_type: both mean "fill it in".
  if (details.input === undefined) return `请填写${label}。`;
  const fix = '，请修改后再试。';
  switch (issue.code) {
    case 'too_small':
      if (details.origin === 'string') return `${label}不能为空，请填写后再试。`;
      return `${label}不能小于 ${String(details.minimum)}${fix}`;
    case 'too_big':
      if (details.origin === 'number') return `${label}不能大于 ${String(details.maximum)}${fix}`;
      return `${label}最多 ${String(details.maximum)} ${details.origin === 'string' ? '个字' : '个'}${fix}`;
    case 'invalid_value':
      return `${label}不在可选范围内${fix}`;
    default:
      return `${label}的格式不对${fix}`;
  }
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  // reportInput: issues carry the offending value, so a missing field reads "请填写…".
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError('invalid-input', 400, first ? describeIssue(first) : '提交的内容有误，请检查后再试。');
}

/** What anyone may see: never who wrote it, the keywords, the tokens or the version. */
export function toPublicKnowledgeView(entry: KnowledgeEntry) {
  return { id: entry.id, question: entry.question, answer: entry.answer, category: entry.category };
}

export function toEditorKnowledgeView({ tokens: _tokens, ...entry }: KnowledgeEntry) {
  return entry;
}

/** Runs guard middleware (authenticate, role check) for one branch of a route only. */
function runGuarded(guards: Middleware[], ctx: Context, handler: () => Promise<void>): Promise<void> {
  const step = async (index: number): Promise<void> => {
    const guard = guards[index];
    if (!guard) return handler();
    await guard(ctx, () => step(index + 1));
  };
  return step(0);
}

export function createKnowledgeRouter(deps: KnowledgeRouterDeps): Router {
  const useCases = deps.useCases ?? createKnowledgeUseCases(createKnowledgeRepository(deps.db));
  const requireEditor = deps.requireRoles(...KNOWLEDGE_EDITOR_ROLES);
  const router = new Router({ prefix: '/api/v1/knowledge' });

  const editorOnly = [deps.authenticate, requireEditor];

  /** ?q= searches published entries; without it, pages newest first. */
  router.get('/', async (ctx) => {
    const { q, view, ...query } = parseInput(collectionQuery, ctx.query);
    if (view === 'editor') {
      await runGuarded(editorOnly, ctx, async () => {
        const page = await useCases.listEntries({ ...query, limit: query.limit ?? 20, publishedOnly: false });
        ctx.body = { items: page.items.map(toEditorKnowledgeView), nextCursor: page.nextCursor };
      });
    } else if (q) {
      const ranked = await useCases.searchEntries(q, query.limit ?? 5);
      const round = (score: number) => Math.round(score * 100) / 100;
      ctx.body = {
        items: ranked.map(({ entry, score }) => ({ ...toPublicKnowledgeView(entry), score: round(score) })),
      };
    } else {
      const page = await useCases.listEntries({ ...query, limit: query.limit ?? 20, publishedOnly: true });
      ctx.body = { items: page.items.map(toPublicKnowledgeView), nextCursor: page.nextCursor };
    }
  });

  router.get('/:id', async (ctx) => {
    const { view } = parseInput(entryQuery, ctx.query);
    if (view === 'editor') {
      await runGuarded(editorOnly, ctx, async () => {
        ctx.body = toEditorKnowledgeView(await useCases.getEntry(ctx.params.id!));
      });
    } else {
      ctx.body = toPublicKnowledgeView(await useCases.getPublishedEntry(ctx.params.id!));
    }
  });

  router.post('/', deps.authenticate, requireEditor, async (ctx) => {
    const input = parseInput(entryBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = toEditorKnowledgeView(await useCases.createEntry(input, readActor(ctx)));
  });

  router.put('/:id', deps.authenticate, requireEditor, async (ctx) => {
    const { version, ...input } = parseInput(updateBody, ctx.request.body);
    ctx.body = toEditorKnowledgeView(
      await useCases.updateEntry(ctx.params.id!, version, input, readActor(ctx)),
    );
  });

  router.delete('/:id', deps.authenticate, requireEditor, async (ctx) => {
    ctx.body = toEditorKnowledgeView(await useCases.deleteEntry(ctx.params.id!, readActor(ctx)));
  });

  return router;
}
