import {
  issueSessionToken,
  SESSION_LIFETIME_MS,
  signSessionToken,
  verifySessionToken,
} from './session-token';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const NOW = new Date('2025-03-03T09:00:00+08:00');
const subject = { staffId: '65f0c0ffee0000000000abcd', role: 'center' as const };

describe('session tokens', () => {
  test('when a fresh token is verified, then its payload comes back', () => {
    const { token, payload } = issueSessionToken(subject, SECRET, NOW);
    expect(payload).toEqual({
      ...subject,
      exp: (NOW.getTime() + SESSION_LIFETIME_MS) / 1000,
      sid: expect.any(String),
    });
    expect(verifySessionToken(token, SECRET, NOW)).toEqual({ ok: true, payload });
  });

  test('when two tokens are issued, then their session ids differ', () => {
    expect(issueSessionToken(subject, SECRET, NOW).payload.sid).not.toBe(
      issueSessionToken(subject, SECRET, NOW).payload.sid,
    );
  });

  test('when 8 hours have passed, then the token is expired (one second before, it is not)', () => {
    const { token } = issueSessionToken(subject, SECRET, NOW);
    const justBefore = new Date(NOW.getTime() + SESSION_LIFETIME_MS - 1000);
    expect(verifySessionToken(token, SECRET, justBefore).ok).toBe(true);
    expect(verifySessionToken(token, SECRET, new Date(NOW.getTime() + SESSION_LIFETIME_MS))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  test('when the token was signed with another secret, then its signature is refused', () => {
    const { token } = issueSessionToken(subject, 'another-secret-of-at-least-32-characters', NOW);
    expect(verifySessionToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('when the payload is changed (role raised to admin), then the signature no longer matches', () => {
    const { token, payload } = issueSessionToken(subject, SECRET, NOW);
    const forged = Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url');
    expect(verifySessionToken(`${forged}.${token.split('.')[1]}`, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  test.each([0, 20, 42])('when the signature is changed at character %i, then it is refused', (index) => {
    const { token } = issueSessionToken(subject, SECRET, NOW);
    const [segment, signature] = token.split('.') as [string, string];
    for (const replacement of ['A', 'B', '_']) {
      if (signature[index] === replacement) continue;
      const changed = `${signature.slice(0, index)}${replacement}${signature.slice(index + 1)}`;
      expect(verifySessionToken(`${segment}.${changed}`, SECRET, NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  test('when a correctly signed payload lacks a field, then it is malformed', () => {
    const token = signSessionToken({ ...subject, exp: 2e9 } as never, SECRET);
    expect(verifySessionToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  test.each(['', 'abc', 'a.b.c', 'not base64!.sig', '.'])(
    'when the token is %p, then it is malformed',
    (token) => {
      expect(verifySessionToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    },
  );
});
