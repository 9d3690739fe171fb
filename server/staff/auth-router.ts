/**
 * HTTP for staff sign-in and accounts: parse, call the use case, map the result. The session
 * travels as a bearer token (API clients) or the http-only staff_session cookie (the browser),
 * SameSite=Strict so another site cannot make the browser act with it.
 */
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { readActor, requireRoles, SESSION_COOKIE } from './auth-middleware';
import type { StaffUseCases } from './staff-use-cases';

export interface StaffRouterDeps {
  useCases: StaffUseCases;
  authenticate: Middleware;
}

function writeSessionCookie(ctx: Context, token: string | null, expires: Date): void {
  // Secure follows the request: with app.proxy off, ctx.secure is true only on a TLS socket.
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    path: '/',
    expires,
    overwrite: true,
    signed: false,
  });
}

export function createAuthRouter({ useCases, authenticate }: StaffRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1/auth' });

  router.post('/login', async (ctx) => {
    const { token, expiresAt, staff } = await useCases.login(ctx.request.body, ctx.ip);
    writeSessionCookie(ctx, token, expiresAt);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token, expiresAt: expiresAt.toISOString(), staff };
  });

  router.post('/logout', authenticate, async (ctx) => {
    await useCases.logout(readActor(ctx), ctx.state.staffSessionId as string);
    writeSessionCookie(ctx, null, new Date(0));
    ctx.status = 204;
  });

  router.get('/me', authenticate, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { staff: useCases.me(readActor(ctx)) };
  });

  return router;
}

export function createStaffAdminRouter({ useCases, authenticate }: StaffRouterDeps): Router {
  const router = new Router();

  router.post('/api/v1/staff', authenticate, requireRoles('admin'), async (ctx) => {
    ctx.status = 201;
    ctx.body = { staff: await useCases.createStaff(ctx.request.body, readActor(ctx)) };
  });

  router.get('/api/v1/staff', authenticate, requireRoles('admin'), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: await useCases.listStaff() };
  });

  return router;
}
