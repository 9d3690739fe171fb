/**
 * Pure decisions of the Wechaty adapter: which messages the bot answers, what each becomes for
 * the server (an InboundChat), and the few replies the adapter sends itself. wechaty-bot.ts reads
 * the facts from Wechaty's objects; nothing here touches Wechaty, the network or the clock.
 */
import { createHash } from 'node:crypto';
import type { types } from 'wechaty';
import type { InboundChat } from '../dialog/dialog-types';

/** A name of Wechaty's message type enum: 'Text', 'Image', 'Location', 'Video', … */
export type WechatyMessageTypeName = keyof typeof types.Message;

/** What the adapter needs to know about one Wechaty message. */
export interface MessageFacts {
  typeName: WechatyMessageTypeName;
  text: string;
  fromSelf: boolean;
  /** Official accounts push articles into private chats; nobody is waiting for an answer. */
  fromOfficialAccount: boolean;
  inRoom: boolean;
  /** As the puppet reports it (its mention list); the text is checked too, for puppets without one. */
  mentionsBot: boolean;
  /** The bot's own name and its alias in the room: what follows "@" when someone mentions it. */
  botNames: readonly string[];
  ageSeconds: number;
}

export type IgnoreReason =
  'own-message' | 'official-account' | 'stale' | 'room-without-mention' | 'empty-text' | 'not-a-chat-message';

export type MessageDecision =
  | { action: 'ignore'; reason: IgnoreReason }
  | { action: 'reply-unsupported' }
  | { action: 'send-text'; text: string }
  | { action: 'send-image' }
  | { action: 'send-location' };

/** The replies the adapter sends without asking the server. */
export const ADAPTER_REPLIES = Object.freeze({
  unsupported: '抱歉，暂时只能接收文字、图片和位置。',
  busy: '系统繁忙，请稍后再试。',
  photoRejected: '这张图片没能收下，请发送8MB以内的JPG、PNG或WebP照片。',
});

/**
 * Some puppets replay recent history right after login; answering it would replay old dialog
 * steps. Anything older than this is history, not a conversation.
 */
export const MAX_MESSAGE_AGE_SECONDS = 180;

/**
 * The server refuses longer texts outright (400); cut to its limit, the dialog's own "too long"
 * answer reaches the reporter instead of a busy message.
 */
export const MAX_TEXT_CHARS = 4000;

/** Things a person sends on purpose, so a short "cannot take this" answer helps them. */
const UNSUPPORTED_TYPES: ReadonlySet<WechatyMessageTypeName> = new Set<WechatyMessageTypeName>([
  'Attachment',
  'Audio',
  'Contact',
  'ChatHistory',
  'Emoticon',
  'MiniProgram',
  'Post',
  'Url',
  'Video',
]);

/** WeChat separates a mention from the text after it with U+2005 (or a plain space). */
const MENTION_END = '(?=[\\u2005\\u0020]|$)';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longest first, so an alias that begins with the bot's name is removed whole. */
function mentionPattern(botNames: readonly string[]): RegExp | undefined {
  const names = [...new Set(botNames.filter((name) => name.length > 0))].sort((a, b) => b.length - a.length);
  if (names.length === 0) return undefined;
  return new RegExp(`@(?:${names.map(escapeRegExp).join('|')})${MENTION_END}`, 'g');
}

export function textMentionsBot(text: string, botNames: readonly string[]): boolean {
  const pattern = mentionPattern(botNames);
  return pattern ? pattern.test(text) : false;
}

/** Removes every "@bot" (mentions of other members stay: they may be part of the report). */
export function stripBotMentions(text: string, botNames: readonly string[]): string {
  const pattern = mentionPattern(botNames);
  const stripped = pattern ? text.replace(pattern, ' ') : text;
  return stripped.replace(/[\s\u2005]+/g, ' ').trim();
}

export function decideMessage(facts: MessageFacts): MessageDecision {
  if (facts.fromSelf) return { action: 'ignore', reason: 'own-message' };
  if (facts.fromOfficialAccount) return { action: 'ignore', reason: 'official-account' };
  if (facts.ageSeconds > MAX_MESSAGE_AGE_SECONDS) return { action: 'ignore', reason: 'stale' };

  if (facts.inRoom) {
    // Only a text can carry a mention, so in a group the bot only ever answers texts.
    const mentioned =
      facts.typeName === 'Text' && (facts.mentionsBot || textMentionsBot(facts.text, facts.botNames));
    if (!mentioned) return { action: 'ignore', reason: 'room-without-mention' };
  }

  switch (facts.typeName) {
    case 'Text': {
      const said = facts.inRoom ? stripBotMentions(facts.text, facts.botNames) : facts.text.trim();
      const text = said.slice(0, MAX_TEXT_CHARS);
      return text ? { action: 'send-text', text } : { action: 'ignore', reason: 'empty-text' };
    }
    case 'Image':
      return { action: 'send-image' };
    case 'Location':
      return { action: 'send-location' };
    default:
      return UNSUPPORTED_TYPES.has(facts.typeName)
        ? { action: 'reply-unsupported' }
        : { action: 'ignore', reason: 'not-a-chat-message' };
  }
}

/** What a puppet reports about a shared location (its LocationPayload). */
export interface SharedLocation {
  latitude: number;
  longitude: number;
  name: string;
  address: string;
}

const MAX_LOCATION_LABEL = 200;

/** Undefined when the puppet gave no usable coordinates (some fill 0/0 when they have none). */
export function toLocationChat(location: SharedLocation): InboundChat | undefined {
  const { latitude, longitude } = location;
  const valid =
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180 &&
    !(latitude === 0 && longitude === 0);
  if (!valid) return undefined;
  const [address, name] = [location.address.trim(), location.name.trim()];
  const label = (
    address && name && !address.includes(name) ? `${address}（${name}）` : address || name
  ).slice(0, MAX_LOCATION_LABEL);
  return label ? { kind: 'location', latitude, longitude, label } : { kind: 'location', latitude, longitude };
}

export type PhotoContentType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The server's limit (server/photos: 8 MB); a bigger photo is refused here without uploading it. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** By the bytes, not the file name: puppets name downloaded images inconsistently. */
export function detectPhotoContentType(bytes: Uint8Array): PhotoContentType | undefined {
  const startsWith = (signature: number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

const MAX_USER_ID_LENGTH = 128;

/** The server takes ids of up to 128 characters; a longer contact id is hashed, stably. */
export function toServerUserId(contactId: string): string {
  if (contactId.length <= MAX_USER_ID_LENGTH) return contactId;
  return `sha256:${createHash('sha256').update(contactId).digest('hex')}`;
}
