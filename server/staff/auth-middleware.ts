/**
 * Koa middleware for staff routes: authenticateStaff puts the Actor in ctx.state.actor (or answers
 * 401), requireRoles answers 403 to everyone else. Mount them per route, in that order.
 */
import type { Context, Middleware } from 'koa';
import { forbidden, unauthenticated } from './auth-errors';
import type { Actor, StaffRole } from './staff-types';

export const SESSION_COOKIE = 'staff_session';

export interface AuthenticateDeps {
  authenticate(token: string): Promise<{ actor: Actor; sessionId: string }>;
}

/** The bearer token wins over the cookie, so API clients are never confused by a browser cookie. */
export function readSessionToken(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  return ctx.cookies.get(SESSION_COOKIE) || undefined;
}

export function authenticateStaff(deps: AuthenticateDeps): Middleware {
  return async function authenticateStaffRequest(ctx, next) {
    const token = readSessionToken(ctx);
    if (!token) throw unauthenticated();
    const { actor, sessionId } = await deps.authenticate(token);
    ctx.state.actor = actor;
    ctx.state.staffSessionId = sessionId;
    return next();
  };
}

/** The authenticated Actor of a request; 401 if a route forgot to mount authenticateStaff. */
export function readActor(ctx: Context): Actor {
  const actor = ctx.state.actor as Actor | undefined;
  if (actor?.kind !== 'staff') throw unauthenticated();
  return actor;
}

export function requireRoles(...roles: StaffRole[]): Middleware {
  return async function requireStaffRole(ctx, next) {
    if (!roles.includes(readActor(ctx).role)) throw forbidden();
    return next();
  };
}
