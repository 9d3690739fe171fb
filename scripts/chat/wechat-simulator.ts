/**
 * Plays WeChat's push server in tests (wechat-protocol.md §1.2–1.6, §3): signed and, in compatible
 * or safe mode, encrypted callback requests, hostile variants of them, and reply checks as strict
 * as WeChat's. The crypto is written again here on purpose, apart from server/wechat, so that one
 * shared bug cannot make both sides agree; the official vectors pin both to WeChat.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type CallbackMode = 'plaintext' | 'compatible' | 'safe';
export type HostileVariant =
  | 'bad-signature'
  | 'bad-msg-signature'
  | 'stale-timestamp'
  | 'duplicated-query-parameter'
  | 'oversized-body'
  | 'wrong-appid'
  | 'bad-padding'
  | 'plaintext-downgrade'
  | 'doctype';

export interface SimulatedAccount {
  token: string;
  /** the 43-character EncodingAESKey */
  aesKey: string;
  appId: string;
  ghId: string;
}

export interface SimulatedRequest {
  /** path with query string, ready for supertest */
  path: string;
  body: string;
  query: Record<string, string>;
  /** the plaintext XML the handler should see after decryption */
  message: string;
  openid: string;
  msgId?: string;
}

export interface SimulatedReply {
  msgType: string;
  content?: string;
  toUser: string;
  fromUser: string;
  createTime: number;
  articles?: Array<Record<string, string>>;
}

export interface PushOptions {
  openid?: string;
  timestamp?: string;
  nonce?: string;
  /** the 16 random bytes in front of the message; pass them to reproduce a published vector */
  random?: Buffer;
  /** hostile knobs: another AppID inside, a hand-made pad, or plaintext despite the mode */
  appId?: string;
  pad?: Buffer;
  encrypted?: boolean;
}

const REPLY_WINDOW_SECONDS = 60;
const OVERSIZED_BODY_BYTES = 1024 * 1024 + 1024; // past both the 64 KB route limit and the 1 MB parser cap
// WeChat writes these bare and every other value in CDATA
const NUMERIC_FIELDS = /^(?:CreateTime|MsgId|Location_[XY]|Scale|Latitude|Longitude)$/;
const ENCRYPTED_ONLY: HostileVariant[] = [
  'bad-msg-signature',
  'wrong-appid',
  'bad-padding',
  'plaintext-downgrade',
];
const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreAttributes: true });

export function signParts(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** Encrypts like WeChat: random ‖ msg_len (UTF-8 bytes) ‖ msg ‖ appid, PKCS#7 padded to 32 bytes. */
export function encryptForWechat(
  aesKey: string,
  message: string,
  appId: string,
  random: Buffer = randomBytes(16),
  pad?: Buffer,
): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const fullStr = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const padLength = 32 - (fullStr.length % 32);
  const key = decodeKey(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([fullStr, pad ?? Buffer.alloc(padLength, padLength)]);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Decrypts as strictly as WeChat should: 32-byte PKCS#7, msg_len in UTF-8 bytes, the AppID. */
export function decryptFromServer(aesKey: string, encrypt: string, appId: string): string {
  const bytes = Buffer.from(encrypt, 'base64');
  if (bytes.toString('base64') !== encrypt) throw new Error('reply Encrypt is not canonical base64');
  if (bytes.length === 0 || bytes.length % 32 !== 0) {
    throw new Error(`reply ciphertext is ${bytes.length} bytes: PKCS#7 must pad to 32-byte blocks`);
  }
  const key = decodeKey(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(bytes), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || !padded.subarray(-pad).every((byte) => byte === pad)) {
    throw new Error(`reply padding is not 32-byte PKCS#7 (last byte ${pad})`);
  }
  const fullStr = padded.subarray(0, padded.length - pad);
  const msgLen = fullStr.length >= 20 ? fullStr.readUInt32BE(16) : Infinity;
  if (20 + msgLen > fullStr.length) throw new Error('reply msg_len runs past the data');
  const trailing = fullStr.subarray(20 + msgLen).toString('utf8');
  if (trailing !== appId) {
    throw new Error(`reply AppID is "${trailing}", not "${appId}" (or msg_len counts characters, not bytes)`);
  }
  const message = fullStr.subarray(20, 20 + msgLen).toString('utf8');
  if (Buffer.byteLength(message) !== msgLen) throw new Error('reply msg_len is not the UTF-8 byte length');
  return message;
}

export function makeOpenId(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

export function makeMsgId(): string {
  // 19 digits, always above 2^53, so a handler that turns it into a Number is caught
  return `7${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;
}

export function createWechatSimulator(
  account: SimulatedAccount,
  options: { mode: CallbackMode; path?: string; now?: () => Date },
) {
  const { mode, path = '/wechat/callback', now = () => new Date() } = options;
  const seconds = () => String(Math.floor(now().getTime() / 1000));
  const makeNonce = () => String(randomInt(100_000_000, 2_000_000_000));
  const urlOf = (query: Record<string, string>, suffix = '') =>
    `${path}?${new URLSearchParams(query)}${suffix}`;

  function messageXml(openid: string, fields: Record<string, string>, extraXml = ''): string {
    const all = { ToUserName: account.ghId, FromUserName: openid, CreateTime: seconds(), ...fields };
    const elements = Object.entries(all).map(
      ([name, value]) => `<${name}>${NUMERIC_FIELDS.test(name) ? value : cdata(value)}</${name}>`,
    );
    return `<xml>${elements.join('')}${extraXml}</xml>`;
  }

  const userMessage = (openid: string, msgType: string, fields: Record<string, string>) =>
    push(messageXml(openid, { MsgType: msgType, ...fields, MsgId: makeMsgId() }));

  /** Signs, and encrypts when the mode asks for it, any inner message, exactly as WeChat would. */
  function push(message: string, knobs: PushOptions = {}): SimulatedRequest {
    const openid = knobs.openid ?? /<FromUserName><!\[CDATA\[([^\]]*)/.exec(message)?.[1] ?? '';
    const timestamp = knobs.timestamp ?? seconds();
    const nonce = knobs.nonce ?? makeNonce();
    const query: Record<string, string> = {
      signature: signParts(account.token, timestamp, nonce),
      timestamp,
      nonce,
      openid,
    };
    let body = message;
    if (knobs.encrypted ?? mode !== 'plaintext') {
      const encrypt = encryptForWechat(
        account.aesKey,
        message,
        knobs.appId ?? account.appId,
        knobs.random,
        knobs.pad,
      );
      query.encrypt_type = 'aes';
      query.msg_signature = signParts(account.token, timestamp, nonce, encrypt);
      const envelope = `<Encrypt>${cdata(encrypt)}</Encrypt>`;
      body =
        mode === 'compatible'
          ? message.replace(/<\/xml>$/, `${envelope}</xml>`)
          : `<xml><ToUserName>${cdata(account.ghId)}</ToUserName>${envelope}</xml>`;
    }
    const msgId = /<MsgId>(\d+)<\/MsgId>/.exec(message)?.[1];
    return { path: urlOf(query), body, query, message, openid, msgId };
  }

  /** Hostile variants: each is validly signed unless the signature itself is the attack. */
  function tamper(request: SimulatedRequest, variant: HostileVariant): SimulatedRequest {
    const encrypted = 'msg_signature' in request.query;
    if (ENCRYPTED_ONLY.includes(variant) && !encrypted) throw new Error(`${variant} needs an encrypted mode`);
    const again = (extra: PushOptions, message = request.message) =>
      push(message, { openid: request.openid, ...extra });
    const requery = (query: Record<string, string>, suffix = '') => ({
      ...request,
      query,
      path: urlOf(query, suffix),
    });
    const { signature = '', msg_signature: msgSignature } = request.query;
    switch (variant) {
      case 'bad-signature': {
        const flipped = { ...request.query, signature: flipHex(signature) };
        return requery(msgSignature ? { ...flipped, msg_signature: flipHex(msgSignature) } : flipped);
      }
      case 'bad-msg-signature':
        return requery({ ...request.query, msg_signature: flipHex(msgSignature ?? '') });
      case 'stale-timestamp':
        return again({ timestamp: String(Number(seconds()) - 3600) });
      case 'duplicated-query-parameter': {
        // the same value twice: Koa then hands the route an array, which it must refuse
        const name = encrypted ? 'msg_signature' : 'signature';
        return requery(request.query, `&${name}=${request.query[name]}`);
      }
      case 'oversized-body':
        return userMessage(request.openid, 'text', { Content: 'x'.repeat(OVERSIZED_BODY_BYTES) });
      case 'wrong-appid':
        return again({ appId: 'wx0000000000000000' });
      case 'bad-padding':
        return again({ pad: padEndingInZero(request.message, account.appId) });
      case 'plaintext-downgrade':
        return again({ encrypted: false });
      case 'doctype': {
        const probe = request.message.replace('</xml>', '<Probe>&xxe;</Probe></xml>');
        return again({}, `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${probe}`);
      }
    }
  }

  /** Checks an encrypted reply as WeChat does and returns the plaintext inside. */
  function openReplyEnvelope(responseBody: string): string {
    const fields = readXmlRoot(responseBody, 'reply envelope');
    const [encrypt, signature, timeStamp, nonce] = ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'].map(
      (name) => requireString(fields, name, 'reply envelope'),
    ) as [string, string, string, string];
    checkSeconds(timeStamp, 'reply TimeStamp');
    if (signParts(account.token, timeStamp, nonce, encrypt) !== signature) {
      throw new Error('reply MsgSignature is not sha1(sort(token, TimeStamp, Nonce, Encrypt))');
    }
    return decryptFromServer(account.aesKey, encrypt, account.appId);
  }

  /** Reads a passive reply: `success`/'' as such, otherwise the checked reply message. */
  function readReply(responseBody: string, request: SimulatedRequest): SimulatedReply | 'success' | '' {
    if (responseBody === '' || responseBody === 'success') return responseBody;
    const isEnvelope = /<Encrypt>/.test(responseBody);
    if (mode === 'plaintext' && isEnvelope)
      throw new Error('plaintext mode: the reply must not be encrypted');
    if (mode === 'safe' && !isEnvelope) throw new Error('safe mode: only success/empty may go unencrypted');
    const fields = readXmlRoot(isEnvelope ? openReplyEnvelope(responseBody) : responseBody, 'reply');
    const field = (name: string) => requireString(fields, name, 'reply');
    if (field('ToUserName') !== request.openid) throw new Error(`reply ToUserName must be ${request.openid}`);
    if (field('FromUserName') !== account.ghId) throw new Error(`reply FromUserName must be ${account.ghId}`);
    const createTime = checkSeconds(field('CreateTime'), 'reply CreateTime');
    const reply: SimulatedReply = {
      msgType: field('MsgType'),
      toUser: request.openid,
      fromUser: account.ghId,
      createTime,
    };
    if (reply.msgType === 'text') {
      reply.content = field('Content');
      if (reply.content === '')
        throw new Error('an empty text reply is not "no reply": answer `success` instead');
    } else if (reply.msgType === 'news') {
      const items = (fields.Articles as { item?: unknown } | undefined)?.item;
      reply.articles = [items].flat().filter(Boolean) as Array<Record<string, string>>;
      if (reply.articles.length !== 1 || field('ArticleCount') !== '1') {
        throw new Error('a news reply to a user message must carry exactly one article, with ArticleCount 1');
      }
    }
    return reply;
  }

  function checkSeconds(value: string, what: string): number {
    if (/^\d{13}$/.test(value)) throw new Error(`${what} ${value} is in milliseconds; WeChat wants seconds`);
    if (!/^\d{9,10}$/.test(value)) throw new Error(`${what} "${value}" is not Unix seconds`);
    const skew = Math.abs(Number(value) - Number(seconds()));
    if (skew > REPLY_WINDOW_SECONDS)
      throw new Error(`${what} is ${skew} s from now (limit ${REPLY_WINDOW_SECONDS} s)`);
    return Number(value);
  }

  return {
    mode,
    push,
    tamper,
    readReply,
    openReplyEnvelope,
    /** The URL WeChat calls when the server address is saved; the answer must be `echostr` verbatim. */
    verifyGet(overrides: { timestamp?: string; nonce?: string; echostr?: string; signature?: string } = {}) {
      const { timestamp = seconds(), nonce = makeNonce(), echostr = makeMsgId() } = overrides;
      const signature = overrides.signature ?? signParts(account.token, timestamp, nonce);
      return { path: urlOf({ signature, echostr, timestamp, nonce }), echostr };
    },
    /** A retry: the same bytes again, or re-signed with a fresh timestamp and nonce (undocumented either way). */
    replay(request: SimulatedRequest, { resign = false } = {}): SimulatedRequest {
      return resign ? push(request.message, { openid: request.openid }) : { ...request };
    },
    text: (openid: string, content: string) => userMessage(openid, 'text', { Content: content }),
    image: (openid: string, mediaId = `media-${randomInt(1e9)}`) =>
      userMessage(openid, 'image', { PicUrl: `http://mmbiz.qpic.cn/mmbiz/${mediaId}/0`, MediaId: mediaId }),
    voice: (openid: string, { mediaId = `media-${randomInt(1e9)}`, format = 'amr', recognition = '' } = {}) =>
      userMessage(openid, 'voice', { MediaId: mediaId, Format: format, Recognition: recognition }),
    location: (
      openid: string,
      place: { latitude: string; longitude: string; scale?: string; label?: string },
    ) =>
      userMessage(openid, 'location', {
        Location_X: place.latitude,
        Location_Y: place.longitude,
        Scale: place.scale ?? '15',
        Label: place.label ?? '',
      }),
    /** Any event; nested blocks such as SendPicsInfo go in `extraXml`. */
    event: (openid: string, event: string, fields: Record<string, string> = {}, extraXml = '') =>
      push(messageXml(openid, { MsgType: 'event', Event: event, ...fields }, extraXml)),
  };
}

export type WechatSimulator = ReturnType<typeof createWechatSimulator>;

function readXmlRoot(xml: string, what: string): Record<string, unknown> {
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) throw new Error(`${what} contains a DOCTYPE`);
  if (XMLValidator.validate(xml) !== true)
    throw new Error(`${what} is not well-formed XML: ${xml.slice(0, 80)}`);
  const parsed = parser.parse(xml) as { xml?: unknown };
  if (typeof parsed.xml !== 'object' || parsed.xml === null) throw new Error(`${what} is not <xml>…</xml>`);
  return parsed.xml as Record<string, unknown>;
}

function requireString(fields: Record<string, unknown>, name: string, what: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new Error(`${what} lacks a single <${name}>`);
  return value;
}

function decodeKey(aesKey: string): Buffer {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (!/^[A-Za-z0-9]{43}$/.test(aesKey) || key.length !== 32)
    throw new Error('EncodingAESKey must be 43 letters/digits');
  return key;
}

function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function flipHex(value: string): string {
  return value.slice(0, -1) + (value.endsWith('0') ? '1' : '0');
}

/** A pad ending in byte 0 (never valid), sized so the plaintext still fills whole 32-byte blocks. */
function padEndingInZero(message: string, appId: string): Buffer {
  const size = 32 - ((20 + Buffer.byteLength(message) + Buffer.byteLength(appId)) % 32);
  return Buffer.concat([Buffer.alloc(size - 1, 7), Buffer.from([0])]);
}
