/**
 * Staff accounts and sessions: the table of contents of authentication.
 *  - createStaff: an admin (or the staff:create script) opens an account.
 *  - login: checks the password; 5 wrong ones in a row lock the account for 15 minutes, and one
 *    address may fail only so often (login-throttle). Unknown users cost the same scrypt time as
 *    known ones, so timing does not tell which usernames exist.
 *  - authenticate: turns a session token into the Actor of a request; logout revokes its session.
 * Every login outcome and every new account leaves a row in the audit log.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { conflict } from '../http/app-error';
import { recordAudit, type AuditActor } from '../audit/audit-repository';
import { accountLocked, invalidCredentials, tooManyAttempts, unauthenticated } from './auth-errors';
import { createStaffRepository, type StaffAccount } from './data-access/staff-repository';
import type { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import { issueSessionToken, verifySessionToken } from './session-token';
import { parseInput, loginSchema, parseNewStaff } from './staff-input';
import { toStaffProfile, type Actor, type StaffProfile } from './staff-types';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export interface StaffUseCaseDeps {
  db: Connection;
  sessionSecret: string;
  now: () => Date;
  throttle: LoginThrottle;
  logger?: Logger;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  staff: StaffProfile;
}

export interface StaffListItem extends StaffProfile {
  disabled: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}

export type StaffUseCases = ReturnType<typeof createStaffUseCases>;

export function toActor(account: StaffAccount): Actor {
  const { id: staffId, username, displayName, role, department, unit } = account;
  return { kind: 'staff', staffId, username, displayName, role, department, unit };
}

export function createStaffUseCases({ db, sessionSecret, now, throttle, logger }: StaffUseCaseDeps) {
  const repository = createStaffRepository(db);
  let dummyHash: Promise<string> | undefined;
  // Checked against when the user is unknown, so that path costs one scrypt like the others.
  const readDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

  async function createStaff(input: unknown, by: AuditActor): Promise<StaffProfile> {
    const staff = parseNewStaff(input);
    const { password, ...profile } = staff;
    const at = now();
    const account = await repository.insertStaff({
      ...profile,
      passwordHash: await hashPassword(password),
      createdAt: at,
    });
    if (!account) throw conflict('staff-exists', `用户名 ${staff.username} 已被使用，请换一个。`);
    await recordAudit(db, {
      actor: by,
      action: 'staff.create',
      at,
      detail: {
        staffId: account.id,
        username: account.username,
        role: account.role,
        department: account.department,
        unit: account.unit,
      },
    });
    return toStaffProfile(toActor(account));
  }

  async function rejectFailedLogin(
    username: string,
    address: string,
    at: Date,
    account?: StaffAccount,
  ): Promise<never> {
    throttle.recordFailure(address, at);
    // A disabled account is refused like an unknown one and never counts towards a lock.
    const counted = account && !account.disabled ? account : undefined;
    const failures = counted ? await repository.recordFailedLogin(counted.id) : undefined;
    const reason = !account ? 'unknown-user' : account.disabled ? 'disabled' : 'wrong-password';
    const detail = { username, staffId: account?.id, ip: address, reason, failures };
    await recordAudit(db, { actor: { kind: 'anonymous' }, action: 'auth.login-failed', at, detail });
    if (counted && failures !== undefined && failures >= MAX_FAILED_LOGINS) {
      const until = new Date(at.getTime() + LOCK_DURATION_MS);
      // Only the failure that actually locked writes the lockout row, even when several race.
      if (await repository.lockStaffAfterFailures(counted.id, MAX_FAILED_LOGINS, until)) {
        const lockDetail = { username, staffId: counted.id, ip: address, until };
        await recordAudit(db, { actor: { kind: 'system' }, action: 'auth.locked', at, detail: lockDetail });
        logger?.warn(
          { staffId: counted.id, username },
          'staff account locked after repeated wrong passwords',
        );
        throw accountLocked(until, at);
      }
    }
    throw invalidCredentials();
  }

  async function login(input: unknown, address: string): Promise<LoginResult> {
    const { username, password } = parseInput(loginSchema, input);
    const at = now();
    // Refused before any lookup: a throttled address learns nothing, and it is not audited row by row.
    if (throttle.isBlocked(address, at)) throw tooManyAttempts();
    const account = await repository.findStaffByUsername(username);
    if (!account || account.disabled) {
      await verifyPassword(password, await readDummyHash());
      return rejectFailedLogin(username, address, at, account);
    }
    if (account.lockedUntil && account.lockedUntil > at) {
      const detail = { username, staffId: account.id, ip: address, reason: 'locked' };
      await recordAudit(db, { actor: { kind: 'anonymous' }, action: 'auth.login-failed', at, detail });
      throw accountLocked(account.lockedUntil, at);
    }
    if (!(await verifyPassword(password, account.passwordHash))) {
      return rejectFailedLogin(username, address, at, account);
    }

    if (account.failedLogins > 0 || account.lockedUntil) await repository.recordSuccessfulLogin(account.id);
    await repository.deleteSessionsExpiredBefore(at);
    const { token, payload } = issueSessionToken(
      { staffId: account.id, role: account.role },
      sessionSecret,
      at,
    );
    const expiresAt = new Date(payload.exp * 1000);
    await repository.insertSession({ sid: payload.sid, staffId: account.id, createdAt: at, expiresAt });
    const actor = toActor(account);
    await recordAudit(db, { actor, action: 'auth.login', at, detail: { ip: address } });
    return { token, expiresAt, staff: toStaffProfile(actor) };
  }

  /** The Actor behind a token, or 401: bad or expired token, ended session, disabled or changed account. */
  async function authenticate(token: string): Promise<{ actor: Actor; sessionId: string }> {
    const at = now();
    const check = verifySessionToken(token, sessionSecret, at);
    if (!check.ok) throw unauthenticated(check.reason === 'expired');
    const { sid, staffId, role } = check.payload;
    const [session, account] = await Promise.all([
      repository.findSession(sid),
      repository.findStaffById(staffId),
    ]);
    if (!session || session.revokedAt || session.staffId !== staffId) throw unauthenticated();
    if (session.expiresAt <= at) throw unauthenticated(true);
    // A role change or a disabled account ends the sessions issued before it.
    if (!account || account.disabled || account.role !== role) throw unauthenticated();
    return { actor: toActor(account), sessionId: sid };
  }

  async function logout(actor: Actor, sessionId: string): Promise<void> {
    const at = now();
    await repository.revokeSession(sessionId, at);
    await recordAudit(db, { actor, action: 'auth.logout', at });
  }

  async function listStaff(): Promise<StaffListItem[]> {
    const [accounts, at] = [await repository.listStaff(), now()];
    return accounts.map((account) => ({
      ...toStaffProfile(toActor(account)),
      disabled: account.disabled,
      lockedUntil: account.lockedUntil && account.lockedUntil > at ? account.lockedUntil : null,
      createdAt: account.createdAt,
    }));
  }

  const me = (actor: Actor): StaffProfile => toStaffProfile(actor);

  return { createStaff, login, authenticate, logout, me, listStaff, repository };
}
