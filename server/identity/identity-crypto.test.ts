import { createHmac, randomBytes } from 'node:crypto';
import {
  isAcceptedPhone,
  isLandline,
  isMainlandMobile,
  lookupHash,
  maskedReporterIdentity,
  maskName,
  maskOpenid,
  maskPhone,
  openField,
  revealReporterIdentity,
  sealField,
  sealReporterIdentity,
  SealedFieldError,
} from './identity-crypto';

const key = randomBytes(32);
const otherKey = randomBytes(32);

/** Flips one bit of the decoded bytes of part `index` (1 = iv, 2 = tag, 3 = ciphertext). */
function flipByte(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealField / openField', () => {
  test.each([
    '张三丰',
    '13812345678',
    'oAbcDEFghijklmnopqrstuv9xYz',
    '欧阳娜娜 (village 村委会)',
    '',
    '𠮷野家',
  ])('when %p is sealed and opened with the same key, then it comes back unchanged', (plaintext) => {
    const sealed = sealField(key, plaintext);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
    expect(openField(key, sealed)).toBe(plaintext);
  });

  test('when the same value is sealed twice, then the blobs differ (random IV)', () => {
    expect(sealField(key, '张三')).not.toBe(sealField(key, '张三'));
  });

  test.each([
    ['iv', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('when a byte of the %s is flipped, then opening throws SealedFieldError', (_part, index) => {
    const tampered = flipByte(sealField(key, '张三丰 13812345678'), index);
    expect(() => openField(key, tampered)).toThrow(SealedFieldError);
  });

  test.each([
    ['another version', (sealed: string) => sealed.replace(/^v1/, 'v2')],
    ['a missing part', (sealed: string) => sealed.split('.').slice(0, 3).join('.')],
    ['non-base64url characters', (sealed: string) => `${sealed}+/`],
  ])('when the blob has %s, then opening throws a clear error', (_case, mangle) => {
    expect(() => openField(key, mangle(sealField(key, '李四')))).toThrow(SealedFieldError);
  });

  test('when a different key opens the blob, then it throws SealedFieldError', () => {
    expect(() => openField(otherKey, sealField(key, '张三丰'))).toThrow(/another key/);
  });

  test('when the key is not 32 bytes, then sealing refuses', () => {
    expect(() => sealField(randomBytes(16), 'x')).toThrow(/32 bytes/);
  });
});

describe('lookupHash', () => {
  test.each([
    ['phone', ['13812345678', '138 1234 5678', '+86 138-1234-5678', '008613812345678', '8613812345678']],
    ['phone', ['0551-62345678', '(0551) 6234 5678', '+86 551 62345678', '0086-551-62345678']],
    ['name', ['张三丰', ' 张三丰 ', '张三丰\n']],
    ['name', ['Ame\u0301lie', 'Am\u00e9lie']],
  ] as const)('when a %s is written in different forms %p, then the hash is the same', (kind, forms) => {
    const hashes = new Set(forms.map((form) => lookupHash(key, kind, form)));
    expect(hashes.size).toBe(1);
  });

  test('when the same value is hashed as different kinds, then the hashes differ', () => {
    const kinds = ['phone', 'name', 'openid', 'unionid'] as const;
    const hashes = new Set(kinds.map((kind) => lookupHash(key, kind, '13812345678')));
    expect(hashes.size).toBe(kinds.length);
  });

  test('when openids differ only in case, then their hashes differ (kept as is)', () => {
    expect(lookupHash(key, 'openid', 'oAbc123')).not.toBe(lookupHash(key, 'openid', 'oabc123'));
  });

  test('when the key differs, then the hash differs and it is not a plain HMAC with the data key', () => {
    const plain = createHmac('sha256', key).update('13812345678').digest('base64url');
    expect(lookupHash(key, 'phone', '13812345678')).not.toBe(plain);
    expect(lookupHash(key, 'phone', '13812345678')).not.toBe(lookupHash(otherKey, 'phone', '13812345678'));
  });
});

describe('masks and phone validation', () => {
  test.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['0551-62345678', '0551-****5678'],
    ['010-12345678', '010-****5678'],
    ['12345', '*2345'],
  ])('when the phone is %p, then it is masked as %p', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  test.each([
    ['张三丰', '张*丰'],
    ['李四', '李*'],
    ['王', '*'],
    ['欧阳娜娜', '欧**娜'],
    [' 张三丰 ', '张*丰'],
  ])('when the name is %p, then it is masked as %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  test.each([
    ['oAbcDEFghijklmnopqrstuv9xYz', 'oAbc…9xYz'],
    ['short', '****'],
  ])('when the openid is %p, then it is masked as %p', (openid, masked) => {
    expect(maskOpenid(openid)).toBe(masked);
  });

  test.each([
    ['13812345678', true, false],
    ['+86 19912345678', true, false],
    ['12812345678', false, false],
    ['0551-62345678', false, true],
    ['010-12345678', false, true],
    ['62345678', false, false],
    ['abc', false, false],
  ])('when the phone is %p, then mobile=%p and landline=%p', (phone, mobile, landline) => {
    expect(isMainlandMobile(phone)).toBe(mobile);
    expect(isLandline(phone)).toBe(landline);
    expect(isAcceptedPhone(phone)).toBe(mobile || landline);
  });
});

describe('reporter identity', () => {
  const input = {
    anonymous: false,
    name: '张三丰',
    phone: '138 1234 5678',
    officialAccountOpenid: 'oAbcDEFghijklmnopqrstuv9xYz',
    miniprogramOpenid: 'oMpXghijklmnopqrstuvwx1234',
    unionid: 'oUnionghijklmnopqrstuv5678',
  };

  test('when an identity is sealed and revealed, then every value comes back', () => {
    expect(revealReporterIdentity(key, sealReporterIdentity(key, input))).toEqual(input);
  });

  test('when an identity is sealed, then the stored shape holds no plaintext', () => {
    const stored = JSON.stringify(sealReporterIdentity(key, input));
    for (const value of ['张三丰', '13812345678', '1234 5678', input.officialAccountOpenid, input.unionid]) {
      expect(stored).not.toContain(value);
    }
  });

  test('when the identity is masked, then only masks and flags leave, never blobs or hashes', () => {
    const masked = maskedReporterIdentity(sealReporterIdentity(key, input));
    expect(masked).toEqual({
      anonymous: false,
      name: '张*丰',
      phone: '138****5678',
      hasOfficialAccountOpenid: true,
      hasMiniprogramOpenid: true,
    });
    expect(JSON.stringify(masked)).not.toMatch(/v1\.|sealed|hash/);
  });

  test('when an anonymous reporter gives only an openid, then only that is stored', () => {
    const stored = sealReporterIdentity(key, {
      anonymous: true,
      name: '  ',
      miniprogramOpenid: 'oMp12345678',
    });
    expect(Object.keys(stored).sort()).toEqual(['anonymous', 'miniprogramOpenid']);
    expect(stored.miniprogramOpenid?.hash).toBe(lookupHash(key, 'openid', 'oMp12345678'));
    expect(revealReporterIdentity(key, stored)).toEqual({
      anonymous: true,
      miniprogramOpenid: 'oMp12345678',
    });
  });

  test('when the phone is stored, then its hash finds it from another written form', () => {
    const stored = sealReporterIdentity(key, { anonymous: false, phone: '+86 138-1234-5678' });
    expect(stored.phone?.hash).toBe(lookupHash(key, 'phone', '13812345678'));
  });
});
