/**
 * The server's own session for a mini-program user: WeChat's session_key never leaves the server
 * (and is not kept); the mini program gets a random 32-byte token instead, sent back as
 * `Authorization: Bearer <token>`. Only the token's SHA-256 is stored, with the openid sealed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { AppError } from '../http/app-error';
import { lookupHash, openField, sealField } from '../identity/identity-crypto';
import type { CitizenSessionRepository } from './data-access/citizen-session-repository';

export const CITIZEN_SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const TOKEN_BYTES = 32;
/** 32 bytes in base64url, unpadded. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface Citizen {
  openid: string;
  unionid?: string;
}

export interface CitizenSessionDeps {
  repo: CitizenSessionRepository;
  dataKey: Buffer;
  now: () => Date;
}

export const citizenUnauthenticated = () =>
  new AppError('unauthenticated', 401, '登录已失效，请重新进入小程序后再试。');

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createCitizenSessions(deps: CitizenSessionDeps) {
  async function startSession(citizen: Citizen): Promise<{ token: string; expiresAt: Date }> {
    const now = deps.now();
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const expiresAt = new Date(now.getTime() + CITIZEN_SESSION_LIFETIME_MS);
    await deps.repo.deleteExpiredSessions(now);
    await deps.repo.insertSession({
      _id: hashToken(token),
      openidHash: lookupHash(deps.dataKey, 'openid', citizen.openid),
      openidSealed: sealField(deps.dataKey, citizen.openid),
      ...(citizen.unionid ? { unionidSealed: sealField(deps.dataKey, citizen.unionid) } : {}),
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt };
  }

  async function authenticate(token: string): Promise<Citizen> {
    if (!TOKEN_PATTERN.test(token)) throw citizenUnauthenticated();
    const session = await deps.repo.findActiveSession(hashToken(token), deps.now());
    if (!session) throw citizenUnauthenticated();
    const openid = openField(deps.dataKey, session.openidSealed);
    return session.unionidSealed
      ? { openid, unionid: openField(deps.dataKey, session.unionidSealed) }
      : { openid };
  }

  return { startSession, authenticate };
}

export type CitizenSessions = ReturnType<typeof createCitizenSessions>;

function readBearer(ctx: Context): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
}

/** Puts the Citizen in ctx.state.citizen, or answers 401. */
export function authenticateCitizen(sessions: Pick<CitizenSessions, 'authenticate'>): Middleware {
  return async function authenticateCitizenRequest(ctx, next) {
    const token = readBearer(ctx);
    if (!token) throw new AppError('unauthenticated', 401, '请先登录小程序。');
    ctx.state.citizen = await sessions.authenticate(token);
    return next();
  };
}

/** The authenticated Citizen of a request; 401 if a route forgot to mount authenticateCitizen. */
export function readCitizen(ctx: Context): Citizen {
  const citizen = ctx.state.citizen as Citizen | undefined;
  if (!citizen) throw citizenUnauthenticated();
  return citizen;
}
