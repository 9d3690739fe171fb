/**
 * XML of the official-account callback (wechat-protocol.md §2, §4, §7): a hardened parser, the one
 * normalised inbound message every handler works with, its dedup key, and passive-reply builders.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CallbackRejected } from './callback-crypto';

export type CallbackXmlValue = string | CallbackXml | CallbackXml[];
export interface CallbackXml {
  [element: string]: CallbackXmlValue;
}

export interface WechatLocation {
  latitude: string;
  longitude: string;
  scale?: string;
  label?: string;
  precision?: string;
  poiname?: string;
}

/** Every id, time and coordinate stays a string: MsgId is 64-bit and Content "0012" is text (§2.1). */
export interface InboundWechatMessage {
  toUser: string;
  fromUser: string;
  createTime: string;
  msgType: string;
  msgId?: string;
  content?: string;
  mediaId?: string;
  thumbMediaId?: string;
  picUrl?: string;
  format?: string;
  recognition?: string;
  location?: WechatLocation;
  event?: string;
  eventKey?: string;
  /** QR scene: EventKey without the `qrscene_` prefix on subscribe, EventKey itself on SCAN */
  scene?: string;
  ticket?: string;
  /** TEMPLATESENDJOBFINISH result, e.g. `failed: system failed` (note the space) */
  status?: string;
  scanCode?: { scanType: string; scanResult: string };
  pictures?: { count: string; md5Sums: string[] };
  raw: CallbackXml;
}

export interface ReplyAddress {
  /** the user's OpenID: the inbound FromUserName */
  toUser: string;
  /** the account's gh_ id: the inbound ToUserName */
  fromUser: string;
  now: Date;
}

export interface NewsArticle {
  title: string;
  description?: string;
  picUrl?: string;
  url?: string;
}

// §7 asks for a cap of about 1 MB; the route should already stop far earlier, at 64 KB (§3)
const MAX_BODY_BYTES = 1024 * 1024;
const DTD_MARKUP = /<!\s*(?:DOCTYPE|ENTITY)/i;
// Elements WeChat may repeat; any other repeated element is treated as an attack or a corrupt body
const ARRAY_PATHS = new Set([
  'xml.SendPicsInfo.PicList.item',
  'xml.SubscribeMsgPopupEvent.List',
  'xml.SubscribeMsgChangeEvent.List',
  'xml.SubscribeMsgSentEvent.List',
  'xml.Articles.item',
]);

const parser = new XMLParser({
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 16,
  jPath: true,
  isArray: (_name, jPath) => typeof jPath === 'string' && ARRAY_PATHS.has(jPath),
});

/** Parses a callback body (or a decrypted one) and returns the children of its `<xml>` root. */
export function parseCallbackXml(body: string): CallbackXml {
  if (typeof body !== 'string') throw new CallbackRejected('malformed-xml', 'body is not text');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new CallbackRejected('body-too-large');
  // refused before parsing: internal DTD entities would otherwise be expanded (billion laughs, XXE)
  if (DTD_MARKUP.test(body)) throw new CallbackRejected('forbidden-doctype');
  if (XMLValidator.validate(body) !== true) throw new CallbackRejected('malformed-xml', 'not well-formed');
  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    throw new CallbackRejected('malformed-xml', error instanceof Error ? error.message : 'parser failed');
  }
  const root = isRecord(document) && Object.keys(document).length === 1 ? document.xml : undefined;
  if (!isRecord(root)) throw new CallbackRejected('malformed-xml', 'root must be one <xml>');
  return checkTree(root, 'xml');
}

/** Builds the normalised message from a parsed body; rejects a body missing the common fields. */
export function normaliseMessage(parsed: CallbackXml): InboundWechatMessage {
  const text = (name: string) => readText(parsed, name);
  const createTime = requireText(parsed, 'CreateTime');
  if (!/^\d{1,12}$/.test(createTime)) throw new CallbackRejected('bad-field', 'CreateTime');
  const msgType = requireText(parsed, 'MsgType');
  const event = text('Event');
  const eventKey = text('EventKey');
  return {
    toUser: requireText(parsed, 'ToUserName'),
    fromUser: requireText(parsed, 'FromUserName'),
    createTime,
    msgType,
    msgId: text('MsgId') ?? text('MsgID'),
    content: text('Content'),
    mediaId: text('MediaId'),
    thumbMediaId: text('ThumbMediaId'),
    picUrl: text('PicUrl'),
    format: text('Format'),
    recognition: text('Recognition'),
    location: readLocation(parsed, msgType, event),
    event,
    eventKey,
    scene: readScene(event, eventKey),
    ticket: text('Ticket'),
    status: text('Status'),
    scanCode: readScanCode(parsed),
    pictures: readPictures(parsed),
    raw: parsed,
  };
}

/** Retries carry the same key: messages by MsgId; events by sender, time, Event and EventKey (§3). */
export function dedupKeyOf(message: InboundWechatMessage): string {
  const { fromUser, createTime } = message;
  // EventKey goes last: it is the only part that may contain the separator
  if (message.msgType === 'event') {
    return ['event', fromUser, createTime, message.event ?? '', message.eventKey ?? ''].join('|');
  }
  return message.msgId ? `msg|${message.msgId}` : ['msg', fromUser, createTime, message.msgType].join('|');
}

/** Swaps the inbound addresses, the step every reply needs and the easiest to get backwards. */
export function addressReplyTo(message: InboundWechatMessage, now: Date): ReplyAddress {
  return { toUser: message.fromUser, fromUser: message.toUser, now };
}

export function buildTextReply({ content, ...address }: ReplyAddress & { content: string }): string {
  // an empty text reply is not "no reply": WeChat wants `success` or a zero-byte body instead (§3)
  if (content.length === 0) throw new Error('a text reply needs content; answer `success` instead');
  return buildReply(address, 'text', `<Content>${wrapCdata(content)}</Content>`);
}

/** One article: the only count WeChat allows when answering a user's message (§4). */
export function buildNewsReply({ article, ...address }: ReplyAddress & { article: NewsArticle }): string {
  const item =
    `<item><Title>${wrapCdata(article.title)}</Title>` +
    `<Description>${wrapCdata(article.description ?? '')}</Description>` +
    `<PicUrl>${wrapCdata(article.picUrl ?? '')}</PicUrl><Url>${wrapCdata(article.url ?? '')}</Url></item>`;
  return buildReply(address, 'news', `<ArticleCount>1</ArticleCount><Articles>${item}</Articles>`);
}

/** CDATA that survives any text: `]]>` is split across two sections, XML-illegal characters dropped. */
export function wrapCdata(text: string): string {
  const legal = text
    // eslint-disable-next-line no-control-regex -- these control characters are illegal in XML 1.0
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  return `<![CDATA[${legal.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function buildReply({ toUser, fromUser, now }: ReplyAddress, msgType: string, block: string): string {
  const createTime = Math.floor(now.getTime() / 1000);
  return (
    `<xml><ToUserName>${wrapCdata(toUser)}</ToUserName><FromUserName>${wrapCdata(fromUser)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${wrapCdata(msgType)}</MsgType>${block}</xml>`
  );
}

function checkTree(node: CallbackXml, path: string): CallbackXml {
  for (const [name, value] of Object.entries(node)) {
    const childPath = `${path}.${name}`;
    if (name === '#text') throw new CallbackRejected('malformed-xml', `mixed content in ${path}`);
    if (Array.isArray(value)) {
      if (!ARRAY_PATHS.has(childPath)) throw new CallbackRejected('malformed-xml', `repeated ${childPath}`);
      node[name] = value.map((item) => checkItem(item, childPath));
    } else if (isRecord(value)) {
      checkTree(value, childPath);
    }
  }
  return node;
}

function checkItem(item: unknown, path: string): CallbackXml {
  if (item === '') return {};
  if (!isRecord(item)) throw new CallbackRejected('malformed-xml', `text inside ${path}`);
  return checkTree(item, path);
}

function readText(node: CallbackXml, name: string): string | undefined {
  const value = Object.hasOwn(node, name) ? node[name] : undefined;
  if (value === undefined || typeof value === 'string') return value;
  throw new CallbackRejected('bad-field', `${name} must be text`);
}

function requireText(node: CallbackXml, name: string): string {
  const value = readText(node, name);
  if (!value) throw new CallbackRejected('missing-field', name);
  return value;
}

function readChild(node: CallbackXml, name: string): CallbackXml | undefined {
  const value = Object.hasOwn(node, name) ? node[name] : undefined;
  return isRecord(value) ? value : undefined;
}

function readLocation(parsed: CallbackXml, msgType: string, event?: string): WechatLocation | undefined {
  const source = event === 'location_select' ? readChild(parsed, 'SendLocationInfo') : parsed;
  if (!source) return undefined;
  if (msgType === 'location' || event === 'location_select') {
    return {
      latitude: requireText(source, 'Location_X'),
      longitude: requireText(source, 'Location_Y'),
      scale: readText(source, 'Scale'),
      label: readText(source, 'Label'),
      poiname: readText(source, 'Poiname'),
    };
  }
  if (event !== 'LOCATION') return undefined;
  return {
    latitude: requireText(source, 'Latitude'),
    longitude: requireText(source, 'Longitude'),
    precision: readText(source, 'Precision'),
  };
}

function readScene(event?: string, eventKey?: string): string | undefined {
  if (event === 'subscribe' && eventKey?.startsWith('qrscene_')) return eventKey.slice('qrscene_'.length);
  return event === 'SCAN' ? eventKey : undefined;
}

function readScanCode(parsed: CallbackXml): InboundWechatMessage['scanCode'] {
  const info = readChild(parsed, 'ScanCodeInfo');
  if (!info) return undefined;
  return { scanType: readText(info, 'ScanType') ?? '', scanResult: readText(info, 'ScanResult') ?? '' };
}

function readPictures(parsed: CallbackXml): InboundWechatMessage['pictures'] {
  const info = readChild(parsed, 'SendPicsInfo');
  if (!info) return undefined;
  const items = readChild(info, 'PicList')?.item;
  const list = Array.isArray(items) ? items : [];
  return {
    count: readText(info, 'Count') ?? '',
    md5Sums: list.map((item) => readText(item, 'PicMd5Sum') ?? ''),
  };
}

function isRecord(value: unknown): value is CallbackXml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
