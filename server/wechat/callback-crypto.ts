/**
 * Crypto of the official-account callback (wechat-protocol.md §1.4–1.6, §7): SHA-1 signatures,
 * the AES-256-CBC envelope with 32-byte PKCS#7, and a replay window. Pure: the clock and the
 * random bytes come in as arguments so the official test vectors can be reproduced exactly.
 */
import { createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encrypt as encryptWithWecom, getSignature } from '@wecom/crypto';
import { AppError } from '../http/app-error';

export type RejectionReason =
  | 'bad-signature'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'bad-ciphertext'
  | 'bad-padding'
  | 'bad-length'
  | 'appid-mismatch'
  | 'body-too-large'
  | 'forbidden-doctype'
  | 'malformed-xml'
  | 'missing-field'
  | 'bad-field';

// Every failure after the signature check shares one status: distinct answers for padding and
// length errors would hand anyone who knows the Token a padding oracle.
const STATUS_BY_REASON: Record<RejectionReason, number> = {
  'bad-signature': 401,
  'bad-timestamp': 401,
  'stale-timestamp': 401,
  'bad-ciphertext': 400,
  'bad-padding': 400,
  'bad-length': 400,
  'appid-mismatch': 400,
  'body-too-large': 413,
  'forbidden-doctype': 400,
  'malformed-xml': 400,
  'missing-field': 400,
  'bad-field': 400,
};

/**
 * A callback request that must not be processed. An AppError, so the one error middleware answers it;
 * never exposed, because the detail (which check failed) is for the log, not for the caller.
 */
export class CallbackRejected extends AppError {
  readonly reason: RejectionReason;

  constructor(reason: RejectionReason, detail?: string) {
    super(`wechat-${reason}`, STATUS_BY_REASON[reason], detail ? `${reason}: ${detail}` : reason, false);
    this.name = 'CallbackRejected';
    this.reason = reason;
  }
}

export interface EnvelopeConfig {
  token: string;
  /** the 43-character EncodingAESKey */
  aesKey: string;
  appId: string;
  /** the key in use before the last rotation; tried only when `aesKey` fails (§1.1) */
  previousAesKey?: string;
}

export interface EnvelopeQuery {
  timestamp: string;
  nonce: string;
  msgSignature: string;
}

export interface OpenedEnvelope {
  message: string;
  /** the key that decrypted the request: seal the reply with this one (§1.1) */
  aesKey: string;
}

const PAD_BLOCK = 32;
const HEADER_BYTES = 20; // 16 random bytes + 4-byte big-endian msg_len
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** sha1 hex of the sorted, concatenated inputs: `signature` (3 inputs) or `msg_signature` (4). */
export function computeSignature(token: string, ...parts: string[]): string {
  if (parts.length <= 3) {
    // '' sorts first and joins to nothing, so padding to four inputs keeps the 3-input result (§1.4)
    const [first = '', second = '', third = ''] = parts;
    return getSignature(token, first, second, third);
  }
  return createHash('sha1')
    .update([token, ...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison; a non-string (e.g. a repeated query parameter) never matches. */
export function verifySignature(expected: string, actual: string): boolean {
  if (typeof expected !== 'string' || typeof actual !== 'string') return false;
  const expectedBytes = Buffer.from(expected, 'utf8');
  const actualBytes = Buffer.from(actual, 'utf8');
  // compare byte lengths, not string lengths: timingSafeEqual throws on unequal buffers
  if (expectedBytes.length === 0 || expectedBytes.length !== actualBytes.length) return false;
  return timingSafeEqual(expectedBytes, actualBytes);
}

/** Decodes an EncodingAESKey; Node's base64 decoder skips bad characters silently, hence the checks. */
export function parseEncodingAesKey(key43: string): Buffer {
  if (typeof key43 !== 'string' || !/^[A-Za-z0-9]{43}$/.test(key43)) {
    throw new Error(
      `EncodingAESKey must be exactly 43 characters from [A-Za-z0-9] (got ${String(key43?.length)} characters)`,
    );
  }
  const key = Buffer.from(`${key43}=`, 'base64');
  if (key.length !== 32) throw new Error(`EncodingAESKey must decode to 32 bytes (got ${key.length})`);
  return key;
}

/** WeChat defines no replay window; this one (§7) rejects requests more than `maxSkewSeconds` off. */
export function checkFreshness(timestamp: string, now: Date, maxSkewSeconds = 300): void {
  if (typeof timestamp !== 'string' || !/^\d{1,11}$/.test(timestamp)) {
    throw new CallbackRejected('bad-timestamp', 'timestamp must be Unix seconds');
  }
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > maxSkewSeconds) throw new CallbackRejected('stale-timestamp', `${skew} s off`);
}

/** Authenticates `Encrypt` with msg_signature, decrypts it and checks padding, length and AppID. */
export function openEnvelope(config: EnvelopeConfig, query: EnvelopeQuery, encrypt: string): OpenedEnvelope {
  if (typeof encrypt !== 'string') throw new CallbackRejected('bad-ciphertext', 'Encrypt is not text');
  const expected = computeSignature(config.token, query.timestamp, query.nonce, encrypt);
  if (!verifySignature(expected, query.msgSignature)) throw new CallbackRejected('bad-signature');
  const cipherBytes = decodeCiphertext(encrypt);
  const keys = config.previousAesKey ? [config.aesKey, config.previousAesKey] : [config.aesKey];
  let firstFailure: unknown;
  for (const aesKey of keys) {
    try {
      return { message: decryptFullStr(parseEncodingAesKey(aesKey), cipherBytes, config.appId), aesKey };
    } catch (error) {
      if (!(error instanceof CallbackRejected)) throw error;
      firstFailure ??= error;
    }
  }
  throw firstFailure;
}

/**
 * Encrypts a passive reply into the §1.6 envelope. msg_len counts UTF-8 bytes and the timestamp is
 * in seconds: the two mistakes behind "该公众号暂时无法提供服务" in other SDKs.
 */
export function sealEnvelope(
  config: Pick<EnvelopeConfig, 'token' | 'aesKey' | 'appId'>,
  replyXml: string,
  nonce: string,
  now: Date,
  random: Buffer = randomBytes(16),
): string {
  parseEncodingAesKey(config.aesKey);
  if (random.length !== 16) throw new Error('the envelope needs exactly 16 random bytes');
  const encrypt = encryptWithWecom(config.aesKey, replyXml, config.appId, random);
  const timeStamp = String(Math.floor(now.getTime() / 1000));
  const msgSignature = computeSignature(config.token, timeStamp, nonce, encrypt);
  return (
    `<xml><Encrypt>${wrapInCdata(encrypt)}</Encrypt><MsgSignature>${wrapInCdata(msgSignature)}</MsgSignature>` +
    `<TimeStamp>${timeStamp}</TimeStamp><Nonce>${wrapInCdata(nonce)}</Nonce></xml>`
  );
}

function decodeCiphertext(encrypt: string): Buffer {
  if (encrypt.length === 0 || !CANONICAL_BASE64.test(encrypt)) {
    throw new CallbackRejected('bad-ciphertext', 'Encrypt is not canonical base64');
  }
  const bytes = Buffer.from(encrypt, 'base64');
  // non-zero trailing bits would let two different Encrypt strings carry the same bytes
  if (bytes.toString('base64') !== encrypt)
    throw new CallbackRejected('bad-ciphertext', 'non-canonical base64');
  if (bytes.length % 16 !== 0)
    throw new CallbackRejected('bad-ciphertext', 'not a whole number of AES blocks');
  return bytes;
}

function decryptFullStr(key: Buffer, cipherBytes: Buffer, appId: string): string {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  // WeChat pads to 32-byte blocks; Node's 16-byte PKCS#7 check fails whenever the pad exceeds 16
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > PAD_BLOCK || pad > padded.length) {
    throw new CallbackRejected('bad-padding', 'pad byte out of range');
  }
  if (!padded.subarray(padded.length - pad).every((byte) => byte === pad)) {
    throw new CallbackRejected('bad-padding', 'pad bytes differ');
  }
  const fullStr = padded.subarray(0, padded.length - pad);
  if (fullStr.length < HEADER_BYTES) throw new CallbackRejected('bad-length', 'shorter than the header');
  const msgLen = fullStr.readUInt32BE(16);
  if (HEADER_BYTES + msgLen > fullStr.length) throw new CallbackRejected('bad-length', 'msg_len too big');
  if (!fullStr.subarray(HEADER_BYTES + msgLen).equals(Buffer.from(appId, 'utf8'))) {
    throw new CallbackRejected('appid-mismatch');
  }
  try {
    return STRICT_UTF8.decode(fullStr.subarray(HEADER_BYTES, HEADER_BYTES + msgLen));
  } catch {
    throw new CallbackRejected('bad-ciphertext', 'message is not UTF-8');
  }
}

function wrapInCdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
