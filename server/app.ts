/**
 * The app factory: wires middleware and routers around the dependencies it is given. It never
 * listens, so tests drive it through app.callback() and main.ts owns the process.
 */
import type Router from '@koa/router';
import Koa from 'koa';
import type { Registry } from 'prom-client';
import { createComponents, type ComponentDeps, type Components } from './components';
import { createHealthRouter } from './health/health-router';
import { errorMiddleware } from './http/error-middleware';
import { jsonBody } from './http/json-body';
import { createOpenApiRouter } from './http/openapi';
import { createHttpMetrics } from './http/metrics';
import { requestContext } from './http/request-context';
import { createBotRouter } from './bot-api/bot-router';
import { createCallbackRouter } from './wechat/callback-router';
import { createNotificationRouter } from './notifications/notification-router';
import { createDevOutboxRouter } from './sandbox/dev-outbox-router';
import { serveWebApp } from './http/web-app';

export type AppDeps = ComponentDeps;

/** The routers the app mounts, in order (also read by the OpenAPI test). */
export function listRouters(deps: AppDeps, components: Components, metricsRegistry: Registry): Router[] {
  return [
    createHealthRouter(deps.db, metricsRegistry),
    createOpenApiRouter(),
    ...components.staff.routers,
    components.knowledge.router,
    components.cases.router,
    components.photos,
    components.citizens.router,
    createCallbackRouter({
      config: deps.config,
      reply: components.callbackReplier.reply,
      logger: deps.logger,
      now: deps.now ?? (() => new Date()),
    }),
    createNotificationRouter({
      authenticate: components.staff.authenticate,
      loadCaseForStaff: components.cases.workflow.loadForStaff,
      notifications: components.notifications,
    }),
    createDevOutboxRouter({
      standin: deps.standin,
      authenticate: components.staff.authenticate,
      requireRoles: components.staff.requireRoles,
    }),
    createBotRouter({
      db: deps.db,
      botApiToken: deps.config.botApiToken,
      conversation: components.conversation,
    }),
  ];
}

export function createApp(deps: AppDeps, components: Components = createComponents(deps)): Koa {
  const app = new Koa({ proxy: false });
  const metrics = createHttpMetrics();

  app.use(requestContext(deps.logger));
  app.use(metrics.middleware);
  app.use(errorMiddleware());
  // JSON only: the WeChat callback (XML) reads its raw body itself.
  app.use(jsonBody());

  for (const router of listRouters(deps, components, metrics.registry))
    app.use(router.routes()).use(router.allowedMethods());
  // Last: the H5 app gets only the GET requests no route answered.
  app.use(serveWebApp(deps.config.webRoot));

  // Errors are answered by errorMiddleware; this is for errors Koa sees outside it.
  app.on('error', (error) => deps.logger.error({ err: error }, 'unhandled koa error'));
  return app;
}
