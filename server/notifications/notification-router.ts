/**
 * Staff see what the reporter of a case was told, and how: each notification's channel, its
 * outcome and reasons, and WeChat's delivery receipt. Only for cases the caller may see.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CaseRecord } from '../cases/data-access/case-repository';
import type { Actor } from '../staff/staff-types';
import type { NotificationComponent } from './notification-component';

export interface NotificationRouterDeps {
  authenticate: Middleware;
  loadCaseForStaff: (idOrNumber: string, actor: Actor) => Promise<Pick<CaseRecord, 'id' | 'timeline'>>;
  notifications: Pick<NotificationComponent, 'listForCase'>;
}

export function createNotificationRouter(deps: NotificationRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1/cases' });
  router.get('/:id/notifications', deps.authenticate, async (ctx) => {
    const record = await deps.loadCaseForStaff(ctx.params.id!, ctx.state.actor as Actor);
    ctx.body = { items: await deps.notifications.listForCase(record) };
  });
  return router;
}
