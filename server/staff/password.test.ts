import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';

describe('hashPassword and verifyPassword', () => {
  test('when a password is hashed, then the hash names its scrypt parameters and verifies', async () => {
    const encoded = await hashPassword('河湖长-Password-2024');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    await expect(verifyPassword('河湖长-Password-2024', encoded)).resolves.toBe(true);
  });

  test('when the same password is hashed twice, then the salts differ', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same-password-1'),
      hashPassword('same-password-1'),
    ]);
    expect(first).not.toBe(second);
  });

  test('when the password is wrong, then it does not verify', async () => {
    const encoded = await hashPassword('correct-horse-1');
    await expect(verifyPassword('correct-horse-2', encoded)).resolves.toBe(false);
  });

  test.each([
    ['not a hash', 'plain-text'],
    ['another algorithm', 'bcrypt$2b$10$abc'],
    ['a huge cost', `scrypt$${2 ** 30}$8$1$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`],
    ['N not a power of two', `scrypt$30000$8$1$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`],
    ['a short key', 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('when the stored hash is %s, then it does not verify and does not throw', async (_label, encoded) => {
    await expect(verifyPassword('whatever-123', encoded)).resolves.toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  test.each([
    ['short', 'abc123', /至少需要10个字符/],
    ['only digits', '1234567890', /至少两类/],
    ['only letters', 'abcdefghijkl', /至少两类/],
    ['only Chinese characters', '河湖长制度很重要很重要', /至少两类/],
    ['too long', `a1${'x'.repeat(200)}`, /不能超过128个字符/],
  ])('when the password is %s, then it is refused with a reason', (_label, password, reason) => {
    expect(checkPasswordPolicy(password)).toMatch(reason);
  });

  test.each([
    ['letters and digits', 'river2024lake'],
    ['letters and a sign', 'river-lake-chief'],
    ['Chinese and digits', '河湖长制度2024年'],
  ])('when the password has %s and 10+ characters, then it is accepted', (_label, password) => {
    expect(checkPasswordPolicy(password)).toBeUndefined();
  });
});
