/**
 * Password hashing with Node's scrypt (memory-hard, so GPU guessing is expensive) and the password
 * policy. The stored form names its own parameters (`scrypt$N$r$p$salt$hash`), so the cost can be
 * raised later without breaking the hashes already stored.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

function deriveKey(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node's default cap (32 MiB) is exactly that for N=2^15, r=8.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, COST.N, COST.r, COST.p);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const ENCODED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** False for a wrong password and for anything that is not one of our hashes; never throws. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const match = ENCODED.exec(encoded);
  if (!match) return false;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Bounds keep a corrupted row from asking for gigabytes of memory.
  const sane = N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
  if (!sane) return false;
  const expected = Buffer.from(match[5] ?? '', 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const key = await deriveKey(password, Buffer.from(match[4] ?? '', 'base64url'), N, r, p);
  return timingSafeEqual(key, expected);
}

/**
 * The policy, kept simple on purpose: length is what makes a password hard to guess, so we ask
 * for 10+ characters; the one extra rule (two of letters / digits / other signs) only turns away
 * the commonest weak picks such as "1234567890" or "aaaaaaaaaa". No forced rotation, no long
 * list of composition rules: they push people to write passwords down.
 * Returns a plain Chinese problem, or undefined when the password is acceptable.
 */
export function checkPasswordPolicy(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `密码至少需要${PASSWORD_MIN_LENGTH}个字符。`;
  if (length > PASSWORD_MAX_LENGTH) return `密码不能超过${PASSWORD_MAX_LENGTH}个字符。`;
  const classes = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((pattern) => pattern.test(password));
  if (classes.length < 2) return '密码需包含字母、数字、符号中的至少两类。';
  return undefined;
}
