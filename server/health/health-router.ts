import Router from '@koa/router';
import type { Connection } from 'mongoose';
import type { Registry } from 'prom-client';

const DB_ANSWER_WITHIN_MS = 1000;

/** True when the database answers a ping within the deadline. */
export async function pingDatabase(connection: Connection, withinMs = DB_ANSWER_WITHIN_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
  });
  const ping = (async () => {
    if (!connection.db) return false;
    await connection.db.admin().ping();
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRouter(connection: Connection, metrics: Registry): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const dbUp = await pingDatabase(connection);
    ctx.status = dbUp ? 200 : 503;
    ctx.body = { status: dbUp ? 'ok' : 'degraded', db: dbUp ? 'ok' : 'down' };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.contentType;
    ctx.body = await metrics.metrics();
  });
  return router;
}
