/**
 * GET /api/v1/dev/outbox: sandbox mode only. What the WeChat stand-in accepted for delivery
 * (customer-service, template and subscription messages), newest first, so that whoever tries
 * the platform without WeChat can see what the reporter would have received. Admins only: the
 * bodies hold what reporters were told. Outside sandbox mode the address answers 404 to everyone,
 * as any address that does not exist.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { notFound } from '../http/app-error';
import { parseInput } from '../staff/staff-input';
import type { StaffRole } from '../staff/staff-types';
import type { WechatApiStandin } from './wechat-api-standin';

export interface DevOutboxRouterDeps {
  /** undefined when the platform talks to the real WeChat (no sandbox). */
  standin: Pick<WechatApiStandin, 'outbox'> | undefined;
  authenticate: Middleware;
  requireRoles: (...roles: StaffRole[]) => Middleware;
}

const OUTBOX_PATH = '/api/v1/dev/outbox';

const outboxQuerySchema = z.object({
  limit: z.coerce
    .number({ error: '须为数字' })
    .int('须为整数')
    .min(1, '至少为1')
    .max(200, '不能超过200')
    .default(50),
});

export function createDevOutboxRouter(deps: DevOutboxRouterDeps): Router {
  const { standin, authenticate, requireRoles } = deps;
  const router = new Router();
  if (!standin) {
    router.get(OUTBOX_PATH, function answerNotSandbox() {
      throw notFound('not-found', '没有找到您要访问的地址。');
    });
    return router;
  }
  router.get(OUTBOX_PATH, authenticate, requireRoles('admin'), function listOutbox(ctx) {
    const { limit } = parseInput(outboxQuerySchema, ctx.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: standin.outbox.slice(-limit).reverse() };
  });
  return router;
}
