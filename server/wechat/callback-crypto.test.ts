import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AppError } from '../http/app-error';
import {
  CallbackRejected,
  checkFreshness,
  computeSignature,
  openEnvelope,
  parseEncodingAesKey,
  sealEnvelope,
  verifySignature,
  type EnvelopeConfig,
} from './callback-crypto';
import { catchAppError } from '../../tests/support/catch-app-error';

const rejectionOf = (action: () => unknown) => catchAppError(action, CallbackRejected);

// Official vector A and legacy vector B, verbatim from wechat-protocol.md §1.7
const A: EnvelopeConfig = { token: 'AAAAA', aesKey: 'A'.repeat(43), appId: 'wxba5fad812f8e6fb9' };
const A_ENCRYPT =
  '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=';
const A_QUERY = {
  timestamp: '1714112445',
  nonce: '415670741',
  msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
};
const A_MESSAGE =
  '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}';
const A_REPLY_ENCRYPT =
  'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==';
const B: EnvelopeConfig = {
  token: 'pamtest',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
};
const B_ENCRYPT = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==';

/** Encrypts an arbitrary FullStr with vector A's key, so each strict check can be hit on its own. */
function craftEnvelope(fullStr: Buffer): { encrypt: string; query: typeof A_QUERY } {
  const key = parseEncodingAesKey(A.aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const encrypt = Buffer.concat([cipher.update(fullStr), cipher.final()]).toString('base64');
  const msgSignature = computeSignature(A.token, A_QUERY.timestamp, A_QUERY.nonce, encrypt);
  return { encrypt, query: { ...A_QUERY, msgSignature } };
}

function buildFullStr(
  message: string,
  appId: string,
  pad: Buffer,
  msgLen = Buffer.byteLength(message),
): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msgLen);
  return Buffer.concat([
    Buffer.from('0123456789abcdef'),
    length,
    Buffer.from(message),
    Buffer.from(appId),
    pad,
  ]);
}

function padTo32(unpadded: number, fill: (size: number) => Buffer): Buffer {
  return fill(32 - (unpadded % 32));
}

describe('computeSignature with the official vectors', () => {
  it.each([
    ['A, GET verify', ['AAAAA', '1714036504', '1514711492'], 'f464b24fc39322e44b38aa78f5edd27bd1441696'],
    ['A, plaintext POST', ['AAAAA', '1714037059', '486452656'], '899cf89e464efb63f54ddac96b0a0a235f53aa78'],
    [
      'A, safe POST signature',
      ['AAAAA', '1714112445', '415670741'],
      '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
    ],
    ['A, safe POST msg_signature', ['AAAAA', '1714112445', '415670741', A_ENCRYPT], A_QUERY.msgSignature],
    ['B, signature', ['pamtest', '1409304348', 'xxxxxx'], '76480565cbe296026c53aaacd1ad523a1ddba24f'],
    [
      'B, msg_signature',
      ['pamtest', '1409304348', 'xxxxxx', B_ENCRYPT],
      '82c962d39941aa48552f90ef55aa323dc620cc10',
    ],
    [
      'C',
      ['RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt'],
      '8edac0945683c119ee71c9f6256d76c48aa08a96',
    ],
  ])(
    'when signing vector %s, then the published signature comes out',
    (_name, [token, ...parts], expected) => {
      expect(computeSignature(token as string, ...parts)).toBe(expected);
    },
  );
});

describe('verifySignature', () => {
  it.each([
    ['the same hex', true, 'f464b24f', 'f464b24f'],
    ['one character differs', false, 'f464b24f', 'f464b24e'],
    ['the lengths differ', false, 'f464b24f', 'f464b24'],
    ['the byte lengths differ but the string lengths match', false, 'ab', 'aé'],
    ['both are empty', false, '', ''],
  ])('when %s, then the answer is %s', (_name, result, expected, actual) => {
    expect(verifySignature(expected, actual)).toBe(result);
  });

  it('when the actual value is a repeated query parameter (an array), then it never matches', () => {
    expect(verifySignature('f464', ['f464'] as unknown as string)).toBe(false);
  });
});

describe('parseEncodingAesKey', () => {
  it('when vector A key is parsed, then it is 32 zero bytes', () => {
    expect(parseEncodingAesKey(A.aesKey)).toEqual(Buffer.alloc(32));
  });

  it.each([
    ['42 characters', 'A'.repeat(42)],
    ['44 characters', 'A'.repeat(44)],
    ['a base64 symbol', `${'A'.repeat(42)}+`],
    ['a space', `${'A'.repeat(42)} `],
  ])('when the key has %s, then it is refused with a clear message', (_name, key) => {
    expect(() => parseEncodingAesKey(key)).toThrow(/EncodingAESKey must be exactly 43 characters/);
  });
});

describe('openEnvelope with the official vectors', () => {
  it('when vector A safe POST is opened, then the published message comes out with the AppID checked', () => {
    expect(openEnvelope(A, A_QUERY, A_ENCRYPT)).toEqual({ message: A_MESSAGE, aesKey: A.aesKey });
  });

  it('when vector A is decrypted by Node with default padding, then it fails (pad 19 > 16), which is why we unpad', () => {
    const key = parseEncodingAesKey(A.aesKey);
    const raw = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const padded = Buffer.concat([raw.update(A_ENCRYPT, 'base64'), raw.final()]);
    expect([padded.length, padded[padded.length - 1], padded.readUInt32BE(16)]).toEqual([224, 19, 167]);
    expect(padded.subarray(0, 16).toString()).toBe('a8eedb185eb2fecf');
    const strict = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    expect(() => Buffer.concat([strict.update(A_ENCRYPT, 'base64'), strict.final()])).toThrow(/bad decrypt/);
  });

  it('when vector B (multi-byte UTF-8) is opened, then the Chinese text comes back whole', () => {
    const query = {
      timestamp: '1409304348',
      nonce: 'xxxxxx',
      msgSignature: '82c962d39941aa48552f90ef55aa323dc620cc10',
    };
    expect(openEnvelope(B, query, B_ENCRYPT).message).toBe('我是中文abcd123');
  });

  it('when the current key fails but the previous key fits, then the previous key is reported for the reply', () => {
    const rotated = { ...A, aesKey: 'B'.repeat(43), previousAesKey: A.aesKey };
    expect(openEnvelope(rotated, A_QUERY, A_ENCRYPT)).toEqual({ message: A_MESSAGE, aesKey: A.aesKey });
  });
});

describe('sealEnvelope with the official vectors', () => {
  it('when vector A reply is sealed with its random, timestamp and nonce, then Encrypt and MsgSignature match', () => {
    const envelope = sealEnvelope(
      A,
      '{"demo_resp":"good luck"}',
      '415670741',
      new Date(1713424427_000),
      Buffer.from('707722b803182950'),
    );
    expect(envelope).toBe(
      `<xml><Encrypt><![CDATA[${A_REPLY_ENCRYPT}]]></Encrypt>` +
        '<MsgSignature><![CDATA[1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1]]></MsgSignature>' +
        '<TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[415670741]]></Nonce></xml>',
    );
  });

  it('when vector B text is sealed, then the published Encrypt (msg_len in UTF-8 bytes) comes out', () => {
    const envelope = sealEnvelope(
      B,
      '我是中文abcd123',
      'xxxxxx',
      new Date(1409304348_000),
      Buffer.from('aaaabbbbccccdddd'),
    );
    expect(envelope).toContain(`<Encrypt><![CDATA[${B_ENCRYPT}]]></Encrypt>`);
    expect(envelope).toContain(
      '<MsgSignature><![CDATA[82c962d39941aa48552f90ef55aa323dc620cc10]]></MsgSignature>',
    );
  });

  it('when a reply is sealed, then openEnvelope opens it again', () => {
    const envelope = sealEnvelope(A, '<xml>回复 ]]> ok</xml>', '123', new Date(1714112445_000));
    const field = (name: string) =>
      new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]+)`).exec(envelope)?.[1] ?? '';
    const query = {
      timestamp: field('TimeStamp'),
      nonce: field('Nonce'),
      msgSignature: field('MsgSignature'),
    };
    expect(query.timestamp).toBe('1714112445');
    expect(openEnvelope(A, query, field('Encrypt')).message).toBe('<xml>回复 ]]> ok</xml>');
  });

  it('when the random is not 16 bytes, then sealing refuses', () => {
    expect(() => sealEnvelope(A, 'x', '1', new Date(), Buffer.alloc(15))).toThrow(/16 random bytes/);
  });
});

describe('openEnvelope with hostile input', () => {
  const message = '<xml><Content><![CDATA[hi]]></Content></xml>';
  const unpadded = 20 + Buffer.byteLength(message) + A.appId.length;

  it.each([
    [
      'the msg_signature is wrong',
      () => openEnvelope(A, { ...A_QUERY, msgSignature: '0'.repeat(40) }, A_ENCRYPT),
      'bad-signature',
    ],
    [
      'plain `signature` is offered as msg_signature',
      () =>
        openEnvelope(A, { ...A_QUERY, msgSignature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d' }, A_ENCRYPT),
      'bad-signature',
    ],
    [
      'one ciphertext character changed',
      () => openEnvelope(A, A_QUERY, `Z${A_ENCRYPT.slice(1)}`),
      'bad-signature',
    ],
    [
      'the signed Encrypt is not base64',
      () =>
        openEnvelope(
          A,
          {
            ...A_QUERY,
            msgSignature: computeSignature('AAAAA', A_QUERY.timestamp, A_QUERY.nonce, 'not*base64!'),
          },
          'not*base64!',
        ),
      'bad-ciphertext',
    ],
    [
      'the signed Encrypt is not whole AES blocks',
      () =>
        openEnvelope(
          A,
          { ...A_QUERY, msgSignature: computeSignature('AAAAA', A_QUERY.timestamp, A_QUERY.nonce, 'AAAA') },
          'AAAA',
        ),
      'bad-ciphertext',
    ],
  ])('when %s, then it is rejected', (_name, open, reason) => {
    expect(rejectionOf(open).reason).toBe(reason);
  });

  it.each([
    [
      'pad byte 0',
      buildFullStr(
        message,
        A.appId,
        padTo32(unpadded, (n) => Buffer.concat([Buffer.alloc(n - 1, 7), Buffer.from([0])])),
      ),
      'bad-padding',
    ],
    [
      'pad byte 33',
      buildFullStr(
        message,
        A.appId,
        padTo32(unpadded, (n) => Buffer.concat([Buffer.alloc(n - 1, 33), Buffer.from([33])])),
      ),
      'bad-padding',
    ],
    [
      'unequal pad bytes',
      buildFullStr(
        message,
        A.appId,
        padTo32(unpadded, (n) => Buffer.concat([Buffer.from([1]), Buffer.alloc(n - 1, n)])),
      ),
      'bad-padding',
    ],
    [
      'a msg_len bigger than the data',
      buildFullStr(
        message,
        A.appId,
        padTo32(unpadded, (n) => Buffer.alloc(n, n)),
        0xffff,
      ),
      'bad-length',
    ],
    [
      'another AppID inside',
      buildFullStr(
        message,
        'wx0000000000000000',
        padTo32(unpadded, (n) => Buffer.alloc(n, n)),
      ),
      'appid-mismatch',
    ],
    [
      'msg_len counted in characters, not bytes',
      buildFullStr(
        '<xml>中文</xml>',
        A.appId,
        padTo32(20 + 17 + 18, (n) => Buffer.alloc(n, n)),
        13,
      ),
      'appid-mismatch',
    ],
  ])('when the signed ciphertext has %s, then it is rejected', (_name, fullStr, reason) => {
    expect(fullStr.length % 32).toBe(0);
    const { encrypt, query } = craftEnvelope(fullStr);
    expect(rejectionOf(() => openEnvelope(A, query, encrypt)).reason).toBe(reason);
  });

  it('when every check fails, then the status never tells padding from length errors', () => {
    const statuses = ['bad-ciphertext', 'bad-padding', 'bad-length', 'appid-mismatch'].map(
      (reason) => new CallbackRejected(reason as 'bad-padding').status,
    );
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(new CallbackRejected('bad-signature').status).toBe(401);
  });

  it('when a rejection reaches the error middleware, then it is an unexposed AppError with a wechat- code', () => {
    const rejection = new CallbackRejected('bad-padding', 'pad bytes differ');
    expect(rejection).toBeInstanceOf(AppError);
    expect(rejection).toMatchObject({ code: 'wechat-bad-padding', reason: 'bad-padding', expose: false });
  });
});

describe('checkFreshness', () => {
  const now = new Date(1714112445_000);

  it.each([
    ['equal', '1714112445'],
    ['300 s old', '1714112145'],
    ['300 s ahead', '1714112745'],
  ])('when the timestamp is %s, then it is accepted', (_name, timestamp) => {
    expect(() => checkFreshness(timestamp, now)).not.toThrow();
  });

  it.each([
    ['301 s old', '1714112144', 'stale-timestamp'],
    ['in milliseconds', '1714112445000', 'bad-timestamp'],
    ['not a number', '17141x2445', 'bad-timestamp'],
    ['empty', '', 'bad-timestamp'],
  ])('when the timestamp is %s, then it is rejected', (_name, timestamp, reason) => {
    expect(rejectionOf(() => checkFreshness(timestamp, now)).reason).toBe(reason);
  });

  it('when a tighter window is given, then it applies', () => {
    expect(rejectionOf(() => checkFreshness('1714112385', now, 30)).reason).toBe('stale-timestamp');
  });
});
