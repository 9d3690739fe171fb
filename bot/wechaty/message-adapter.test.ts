import {
  decideMessage,
  detectPhotoContentType,
  MAX_MESSAGE_AGE_SECONDS,
  MAX_TEXT_CHARS,
  stripBotMentions,
  textMentionsBot,
  toLocationChat,
  toServerUserId,
  type MessageDecision,
  type MessageFacts,
} from './message-adapter';

const BOT = '水利小助手';
const AT = '\u2005'; // what WeChat puts after a mention

function facts(overrides: Partial<MessageFacts>): MessageFacts {
  return {
    typeName: 'Text',
    text: '举报',
    fromSelf: false,
    fromOfficialAccount: false,
    inRoom: false,
    mentionsBot: false,
    botNames: [BOT],
    ageSeconds: 1,
    ...overrides,
  };
}

describe('decideMessage', () => {
  test.each<[string, Partial<MessageFacts>, MessageDecision]>([
    ['a private text', {}, { action: 'send-text', text: '举报' }],
    ['a private text with spaces around', { text: '  举报 \n' }, { action: 'send-text', text: '举报' }],
    ['a private image', { typeName: 'Image', text: '' }, { action: 'send-image' }],
    ['a private location', { typeName: 'Location', text: '' }, { action: 'send-location' }],
    ['a private video', { typeName: 'Video' }, { action: 'reply-unsupported' }],
    ['a private file', { typeName: 'Attachment' }, { action: 'reply-unsupported' }],
    ['a private sticker', { typeName: 'Emoticon' }, { action: 'reply-unsupported' }],
    ['a private voice message', { typeName: 'Audio' }, { action: 'reply-unsupported' }],
    ['a private link', { typeName: 'Url' }, { action: 'reply-unsupported' }],
    ['a recalled message', { typeName: 'Recalled' }, { action: 'ignore', reason: 'not-a-chat-message' }],
    ['a red envelope', { typeName: 'RedEnvelope' }, { action: 'ignore', reason: 'not-a-chat-message' }],
    ['a system notice', { typeName: 'Unknown' }, { action: 'ignore', reason: 'not-a-chat-message' }],
    [
      'a text longer than the server takes',
      { text: '挖'.repeat(MAX_TEXT_CHARS + 10) },
      { action: 'send-text', text: '挖'.repeat(MAX_TEXT_CHARS) },
    ],
    ['a blank private text', { text: ' ' }, { action: 'ignore', reason: 'empty-text' }],
    ["the bot's own message", { fromSelf: true }, { action: 'ignore', reason: 'own-message' }],
    [
      'an official account push',
      { fromOfficialAccount: true },
      { action: 'ignore', reason: 'official-account' },
    ],
    [
      'a message replayed from history',
      { ageSeconds: MAX_MESSAGE_AGE_SECONDS + 1 },
      { action: 'ignore', reason: 'stale' },
    ],
    [
      'a room text mentioning the bot',
      { inRoom: true, mentionsBot: true, text: `@${BOT}${AT}举报` },
      { action: 'send-text', text: '举报' },
    ],
    [
      'a room text mentioning the bot in the middle',
      { inRoom: true, mentionsBot: true, text: `河道里@${BOT}${AT}有人挖沙` },
      { action: 'send-text', text: '河道里 有人挖沙' },
    ],
    [
      'a room text whose mention the puppet did not list',
      { inRoom: true, mentionsBot: false, text: `@${BOT} 举报` },
      { action: 'send-text', text: '举报' },
    ],
    [
      'a room text mentioning the bot by its room alias',
      { inRoom: true, mentionsBot: true, botNames: [BOT, '小水'], text: `@小水${AT}查询` },
      { action: 'send-text', text: '查询' },
    ],
    [
      'a room text mentioning the bot and another member',
      { inRoom: true, mentionsBot: true, text: `@${BOT}${AT}@张三${AT}一起看看` },
      { action: 'send-text', text: '@张三 一起看看' },
    ],
    [
      'a room text without a mention',
      { inRoom: true, text: '大家好' },
      { action: 'ignore', reason: 'room-without-mention' },
    ],
    [
      'a room text mentioning someone whose name starts like the bot',
      { inRoom: true, text: `@${BOT}二号${AT}你好` },
      { action: 'ignore', reason: 'room-without-mention' },
    ],
    [
      'a room text that is only the mention',
      { inRoom: true, mentionsBot: true, text: `@${BOT}${AT}` },
      { action: 'ignore', reason: 'empty-text' },
    ],
    [
      'a room image',
      { inRoom: true, typeName: 'Image' },
      { action: 'ignore', reason: 'room-without-mention' },
    ],
    [
      'a room video',
      { inRoom: true, typeName: 'Video' },
      { action: 'ignore', reason: 'room-without-mention' },
    ],
    [
      "the bot's own room message that mentions itself",
      { inRoom: true, fromSelf: true, mentionsBot: true },
      { action: 'ignore', reason: 'own-message' },
    ],
  ])('when %s, then %j', (_label, overrides, expected) => {
    expect(decideMessage(facts(overrides))).toEqual(expected);
  });
});

describe('mentions', () => {
  test.each([
    [`@${BOT}${AT}举报`, true],
    [`@${BOT}`, true],
    [`@${BOT}${AT}`, true],
    [`@${BOT}们${AT}`, false],
    [`${BOT}${AT}举报`, false],
    ['@(水利)小助手 举报', false],
  ])('when the text is %j, then textMentionsBot is %s', (text, expected) => {
    expect(textMentionsBot(text, [BOT])).toBe(expected);
  });

  test('when a name holds regular-expression characters, then it is matched literally', () => {
    expect(stripBotMentions('@(水利)小助手 举报', ['(水利)小助手'])).toBe('举报');
    expect(stripBotMentions('@a.b 举报', ['a*b'])).toBe('@a.b 举报');
  });

  test('when the bot has no name yet, then nothing is stripped', () => {
    expect(stripBotMentions('@ 举报', [''])).toBe('@ 举报');
  });
});

describe('toLocationChat', () => {
  test.each([
    [
      'address and place name',
      { latitude: 31.7, longitude: 117.1, address: '安徽省合肥市肥西县', name: '丰乐河大桥' },
      { kind: 'location', latitude: 31.7, longitude: 117.1, label: '安徽省合肥市肥西县（丰乐河大桥）' },
    ],
    [
      'an address that already names the place',
      { latitude: 31.7, longitude: 117.1, address: '肥西县丰乐河大桥', name: '丰乐河大桥' },
      { kind: 'location', latitude: 31.7, longitude: 117.1, label: '肥西县丰乐河大桥' },
    ],
    [
      'no label at all',
      { latitude: 31.7, longitude: 117.1, address: ' ', name: '' },
      { kind: 'location', latitude: 31.7, longitude: 117.1 },
    ],
    ['0/0 (no position)', { latitude: 0, longitude: 0, address: 'x', name: '' }, undefined],
    ['a latitude out of range', { latitude: 91, longitude: 117, address: 'x', name: '' }, undefined],
    ['NaN', { latitude: Number.NaN, longitude: 117, address: 'x', name: '' }, undefined],
  ])('when %s, then %j', (_label, location, expected) => {
    expect(toLocationChat(location)).toEqual(expected);
  });
});

describe('detectPhotoContentType', () => {
  test.each([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 0], 'image/jpeg'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    ['WebP', [...Buffer.from('RIFF'), 1, 0, 0, 0, ...Buffer.from('WEBPVP8L')], 'image/webp'],
    ['a RIFF that is not WebP', [...Buffer.from('RIFF'), 1, 0, 0, 0, ...Buffer.from('WAVEfmt ')], undefined],
    ['GIF', [...Buffer.from('GIF89a')], undefined],
    ['nothing', [], undefined],
  ])('when the bytes are %s, then %s', (_label, bytes, expected) => {
    expect(detectPhotoContentType(Uint8Array.from(bytes))).toBe(expected);
  });
});

describe('toServerUserId', () => {
  test('when the contact id fits, then it is sent as it is', () => {
    expect(toServerUserId('wxid_abc123')).toBe('wxid_abc123');
  });

  test('when the contact id is longer than 128 characters, then a stable hash of it is sent', () => {
    const long = 'x'.repeat(200);
    expect(toServerUserId(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(toServerUserId(long)).toBe(toServerUserId(long));
    expect(toServerUserId(long).length).toBeLessThanOrEqual(128);
  });
});
