/**
 * Reporter identity at rest (rules art. 15: only the parties handling a report may see who made
 * it). Pure: the 32-byte data key is passed in, nothing reads config. Plaintext is sealed with
 * AES-256-GCM; equality lookups (which cases did this phone file?) use a keyed hash so the
 * database never holds a searchable plaintext; masks are what staff screens show.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// Binds the version into the tag, so a blob cannot be replayed under another format version.
const AAD = Buffer.from(`mwr12314-identity:${VERSION}`);
const HKDF_SALT = Buffer.from('mwr12314-lookup-hash');
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export class SealedFieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedFieldError';
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`the data key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/** Encrypts one value as `v1.<iv>.<tag>.<ciphertext>` (base64url), with a fresh random IV. */
export function sealField(key: Buffer, plaintext: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

/** Decrypts a sealed value; throws SealedFieldError when it was altered or sealed with another key. */
export function openField(key: Buffer, sealed: string): string {
  assertKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((part) => BASE64URL.test(part))) {
    throw new SealedFieldError(`not a ${VERSION} sealed field`);
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SealedFieldError('sealed field has a malformed IV or tag');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(AAD).setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedFieldError('sealed field failed authentication: altered, or sealed with another key');
  }
}

/** `chat`: a chat-channel user id such as `wechaty:<contact id>` (no openid on that channel). */
export type LookupKind = 'phone' | 'name' | 'openid' | 'unionid' | 'chat';

/** Digits only; a +86/0086/86 country prefix is dropped and the trunk 0 of a landline restored. */
export function normalisePhone(value: string): string {
  const trimmed = value.trim();
  let digits = trimmed.replace(/\D/g, '');
  let international = false;
  if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  } else if (trimmed.startsWith('+86')) {
    digits = digits.slice(2);
    international = true;
  } else if (digits.length === 13 && digits.startsWith('861')) {
    digits = digits.slice(2);
  }
  if (international && !digits.startsWith('1') && !digits.startsWith('0')) digits = `0${digits}`;
  return digits;
}

function normaliseForLookup(kind: LookupKind, value: string): string {
  if (kind === 'phone') return normalisePhone(value);
  if (kind === 'name') return value.trim().normalize('NFC');
  return value;
}

/**
 * A keyed hash for equality lookups. The HMAC key is derived per kind (HKDF, info
 * `lookup:<kind>`), so it is never the encryption key and a phone hash cannot match a name hash.
 */
export function lookupHash(key: Buffer, kind: LookupKind, value: string): string {
  assertKey(key);
  const hmacKey = Buffer.from(hkdfSync('sha256', key, HKDF_SALT, `lookup:${kind}`, KEY_BYTES));
  return createHmac('sha256', hmacKey).update(normaliseForLookup(kind, value), 'utf8').digest('base64url');
}

export function isMainlandMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalisePhone(value));
}

/** A fixed line with its area code, e.g. 010-12345678 or 0551-62345678. */
export function isLandline(value: string): boolean {
  return /^0\d{9,11}$/.test(normalisePhone(value));
}

export function isAcceptedPhone(value: string): boolean {
  return isMainlandMobile(value) || isLandline(value);
}

/** 010 and 02x are three-digit area codes; every other one has four digits. */
function areaCodeLength(digits: string): number {
  return /^(010|02\d)/.test(digits) ? 3 : 4;
}

export function maskPhone(value: string): string {
  const digits = normalisePhone(value);
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (isLandline(digits)) {
    const area = areaCodeLength(digits);
    return `${digits.slice(0, area)}-${'*'.repeat(digits.length - area - 4)}${digits.slice(-4)}`;
  }
  return digits.length <= 4
    ? '*'.repeat(digits.length)
    : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** 张三丰 → 张*丰, 李四 → 李*; counts characters, not UTF-16 units. */
export function maskName(value: string): string {
  const chars = Array.from(value.trim().normalize('NFC'));
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskOpenid(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}…${value.slice(-4)}`;
}

export interface ReporterIdentityInput {
  anonymous: boolean;
  name?: string;
  phone?: string;
  officialAccountOpenid?: string;
  miniprogramOpenid?: string;
  unionid?: string;
  chatUserId?: string;
}

export interface SealedHashedValue {
  sealed: string;
  hash: string;
}

/** What the database holds: sealed blobs, lookup hashes and ready-made masks. */
export interface StoredReporterIdentity {
  anonymous: boolean;
  name?: { sealed: string; masked: string };
  phone?: SealedHashedValue & { masked: string };
  officialAccountOpenid?: SealedHashedValue;
  miniprogramOpenid?: SealedHashedValue;
  unionid?: SealedHashedValue;
  chatUserId?: SealedHashedValue;
}

export type RevealedReporterIdentity = ReporterIdentityInput;

/** The only identity shape an API response may carry: no blobs, no hashes. */
export interface MaskedReporterIdentity {
  anonymous: boolean;
  name?: string;
  phone?: string;
  hasOfficialAccountOpenid: boolean;
  hasMiniprogramOpenid: boolean;
}

const OPENID_FIELDS = [
  ['officialAccountOpenid', 'openid'],
  ['miniprogramOpenid', 'openid'],
  ['unionid', 'unionid'],
  ['chatUserId', 'chat'],
] as const;

function presentValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function sealReporterIdentity(key: Buffer, input: ReporterIdentityInput): StoredReporterIdentity {
  const stored: StoredReporterIdentity = { anonymous: input.anonymous };
  const name = presentValue(input.name)?.normalize('NFC');
  if (name) stored.name = { sealed: sealField(key, name), masked: maskName(name) };
  const phone = presentValue(input.phone);
  if (phone) {
    stored.phone = {
      sealed: sealField(key, phone),
      masked: maskPhone(phone),
      hash: lookupHash(key, 'phone', phone),
    };
  }
  for (const [field, kind] of OPENID_FIELDS) {
    const value = presentValue(input[field]);
    if (value) stored[field] = { sealed: sealField(key, value), hash: lookupHash(key, kind, value) };
  }
  return stored;
}

/** Plaintext for the parties handling the report only; never log or return it wholesale. */
export function revealReporterIdentity(
  key: Buffer,
  stored: StoredReporterIdentity,
): RevealedReporterIdentity {
  const revealed: RevealedReporterIdentity = { anonymous: stored.anonymous };
  if (stored.name) revealed.name = openField(key, stored.name.sealed);
  if (stored.phone) revealed.phone = openField(key, stored.phone.sealed);
  for (const [field] of OPENID_FIELDS) {
    const value = stored[field];
    if (value) revealed[field] = openField(key, value.sealed);
  }
  return revealed;
}

export function maskedReporterIdentity(stored: StoredReporterIdentity): MaskedReporterIdentity {
  const masked: MaskedReporterIdentity = {
    anonymous: stored.anonymous,
    hasOfficialAccountOpenid: Boolean(stored.officialAccountOpenid),
    hasMiniprogramOpenid: Boolean(stored.miniprogramOpenid),
  };
  if (stored.name) masked.name = stored.name.masked;
  if (stored.phone) masked.phone = stored.phone.masked;
  return masked;
}
