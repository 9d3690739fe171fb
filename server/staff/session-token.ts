/**
 * Staff session tokens: `base64url(JSON payload).base64url(HMAC-SHA256)`. The signature proves the
 * server issued the token and `exp` bounds its life; the `sid` ties it to a row in staff_sessions,
 * which is what lets logout end a session before it expires.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from './staff-types';

export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export interface SessionPayload {
  staffId: string;
  role: StaffRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
  sid: string;
}

export type TokenCheck =
  { ok: true; payload: SessionPayload } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const payloadSchema = z.object({
  staffId: z.string().min(1),
  role: z.enum(STAFF_ROLES),
  exp: z.number().int().positive(),
  sid: z.string().min(16),
});

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * SESSION_SECRET also signs citizen sessions, so staff tokens use a key derived for this purpose
 * only: a token minted for another purpose can never verify here.
 */
function deriveSigningKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('mwr12314/staff-session/v1').digest();
}

function signSegment(segment: string, secret: string): Buffer {
  return createHmac('sha256', deriveSigningKey(secret)).update(segment).digest();
}

export function signSessionToken(payload: SessionPayload, secret: string): string {
  const segment = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${segment}.${signSegment(segment, secret).toString('base64url')}`;
}

export function issueSessionToken(
  subject: { staffId: string; role: StaffRole },
  secret: string,
  now: Date,
): { token: string; payload: SessionPayload } {
  const payload: SessionPayload = {
    staffId: subject.staffId,
    role: subject.role,
    exp: Math.floor((now.getTime() + SESSION_LIFETIME_MS) / 1000),
    sid: randomBytes(18).toString('base64url'),
  };
  return { token: signSessionToken(payload, secret), payload };
}

export function verifySessionToken(token: string, secret: string, now: Date): TokenCheck {
  const parts = token.split('.');
  const [segment, signature] = parts;
  if (parts.length !== 2 || !segment || !signature || !SEGMENT.test(segment) || !SEGMENT.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  // Compared as text, not decoded bytes: base64url decoding ignores the spare bits of the last
  // character, so several spellings decode alike, and only the one we issued should pass.
  const given = Buffer.from(signature);
  const expected = Buffer.from(signSegment(segment, secret).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const payload = payloadSchema.safeParse(parsed);
  if (!payload.success) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= payload.data.exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, payload: payload.data };
}
