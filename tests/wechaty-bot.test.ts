/**
 * The Wechaty bot, end to end: wechaty-puppet-mock plays WeChat (a user contact, a group and the
 * bot's own account), the real bot code carries each message over HTTP to the real server on the
 * test database, and the replies come back through the puppet.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FileBox } from 'file-box';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { ADAPTER_REPLIES } from '../bot/wechaty/message-adapter';
import { createTurnClient, type TurnClient } from '../bot/wechaty/turn-client';
import { createWechatyBot, type WechatyBot } from '../bot/wechaty/wechaty-bot';
import { buildPlainJpeg } from './support/photo-fixtures';
import { createTestPlatform } from './support/test-app';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

const BOT_API_TOKEN = 'wechaty-test-token-0123456789abcdef';
const BOT_NAME = '12314小助手';
const MENTION_END = '\u2005';
const TRACKING_NUMBER = /SL\d{14}/;
const REPORT_ANSWERS = [
  '举报',
  '1',
  '河道里有人私自挖沙，晚上机器很吵',
  '安徽省合肥市肥西县丰乐河大桥下',
  '跳过',
  '匿名',
  '确认',
];

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;

/** One bot on one mock WeChat, with a way to talk to it and collect what it says back. */
interface MockWechat {
  bot: WechatyBot;
  mocker: mock.Mocker;
  botUser: ContactMock;
  /** What the bot logged at warn level or above (pino JSON lines). */
  problems: string[];
  /** Sends, waits until the bot has answered everything, and returns what it said, in order. */
  exchange(send: () => void): Promise<string[]>;
  /** What the bot said to this contact in private, or in this room. */
  heardBy(conversation: ContactMock | RoomMock): string[];
}

async function startMockWechat(client: TurnClient): Promise<MockWechat> {
  const mocker = new mock.Mocker();
  const problems: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void problems.push(line) });
  const bot = createWechatyBot({ puppet: new PuppetMock({ mocker }), client, logger });
  await bot.start();
  const botUser = mocker.createContact({ name: BOT_NAME });
  mocker.login(botUser);
  const heard = new Map<string, string[]>();

  return {
    bot,
    mocker,
    botUser,
    problems,
    async exchange(send) {
      const before = [...heard.values()].flat().length;
      // The bot's own listener was added first, so when this one fires its answer is under way.
      const arrived = new Promise<void>((resolve) => {
        const listener = (message: { self(): boolean }) => {
          if (message.self()) return;
          bot.wechaty.off('message', listener);
          resolve();
        };
        bot.wechaty.on('message', listener);
      });
      send();
      await arrived;
      await bot.idle();
      return [...heard.values()].flat().slice(before);
    },
    heardBy(conversation) {
      const key = conversation.id;
      if (!heard.has(key)) {
        const said = heard.set(key, []).get(key)!;
        const fromBot = (message: { talker(): { id: string } }) => message.talker().id === botUser.id;
        // A room hears the bot's group messages; a contact, the private ones (its events carry both).
        if (conversation instanceof mocker.RoomMock) {
          conversation.on('message', (message) => {
            if (fromBot(message)) said.push(message.text() ?? '');
          });
        } else {
          conversation.on('message', (message) => {
            if (fromBot(message) && !message.room()) said.push(message.text() ?? '');
          });
        }
      }
      return heard.get(key)!;
    },
  };
}

let db: Connection;
let server: http.Server;
let wechat: MockWechat;

beforeAll(async () => {
  db = await connectTestDatabase('wechaty_bot');
  const { app } = createTestPlatform(db, { env: { BOT_API_TOKEN } });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  wechat = await startMockWechat(createTurnClient({ serverUrl, apiToken: BOT_API_TOKEN, timeoutMs: 10_000 }));
});

afterAll(async () => {
  await wechat?.bot.stop();
  await new Promise((resolve) => server?.close(resolve));
  await dropTestDatabase(db);
});

function newUser(name: string): ContactMock {
  const user = wechat.mocker.createContact({ name });
  wechat.heardBy(user);
  return user;
}

describe('the Wechaty bot on the real server', () => {
  afterEach(() => {
    expect(wechat.problems).toEqual([]);
  });

  test('when a user files a report in a private chat, then the last reply gives the tracking number', async () => {
    const user = newUser('张三');
    const replies: string[][] = [];
    for (const answer of REPORT_ANSWERS) {
      replies.push(await wechat.exchange(() => user.say(answer).to(wechat.botUser)));
    }
    expect(replies.every((step) => step.length > 0)).toBe(true);
    expect(replies.at(-1)!.join('\n')).toMatch(TRACKING_NUMBER);
    expect(wechat.heardBy(user)).toEqual(replies.flat());
  });

  test('when a user mentions the bot in a group, then it answers there; without a mention it stays quiet', async () => {
    const user = newUser('李四');
    const neighbour = newUser('王五');
    const room = wechat.mocker.createRoom({
      topic: '丰乐村村民群',
      memberIdList: [user.id, neighbour.id, wechat.botUser.id],
    });
    const inRoom = wechat.heardBy(room);

    const quiet = await wechat.exchange(() => neighbour.say('今天河边有挖沙船吗？').to(room));
    expect(quiet).toEqual([]);

    const replies: string[][] = [];
    for (const answer of REPORT_ANSWERS) {
      const mention = `@${BOT_NAME}${MENTION_END}${answer}`;
      replies.push(await wechat.exchange(() => user.say(mention, [wechat.botUser]).to(room)));
      // Between the steps, other members talk without mentioning the bot.
      expect(await wechat.exchange(() => neighbour.say('收到').to(room))).toEqual([]);
    }
    expect(replies.every((step) => step.length > 0)).toBe(true);
    expect(replies.at(-1)!.join('\n')).toMatch(TRACKING_NUMBER);
    // The first reply of each answer mentions the sender.
    expect(replies.every((step) => step[0]!.startsWith('@李四'))).toBe(true);
    expect(inRoom).toEqual(replies.flat());
    expect(wechat.heardBy(user)).toEqual([]);
  });

  test('when a user sends a photo, then it is uploaded and the report counts it', async () => {
    const user = newUser('赵六');
    for (const answer of REPORT_ANSWERS.slice(0, 4)) {
      await wechat.exchange(() => user.say(answer).to(wechat.botUser));
    }
    const photo = FileBox.fromBase64(buildPlainJpeg().toString('base64'), 'river.jpg');
    const afterPhoto = await wechat.exchange(() => user.say(photo).to(wechat.botUser));
    expect(afterPhoto.join('\n')).toContain('第1张');
    for (const answer of ['好了', '匿名']) await wechat.exchange(() => user.say(answer).to(wechat.botUser));
    const summary = wechat.heardBy(user).at(-1)!;
    expect(summary).toContain('1张');
    const submitted = await wechat.exchange(() => user.say('确认').to(wechat.botUser));
    expect(submitted.join('\n')).toMatch(TRACKING_NUMBER);
  });

  test('when a user shares a location as the place, then the report takes it with its label', async () => {
    const user = newUser('钱九');
    for (const answer of REPORT_ANSWERS.slice(0, 3)) {
      await wechat.exchange(() => user.say(answer).to(wechat.botUser));
    }
    // ContactMock.say() cannot share a location, so the message is made as the puppet would.
    const shareLocation = () => {
      const message = wechat.mocker.MessageMock.create({
        id: `location-${user.id}`,
        talkerId: user.id,
        listenerId: wechat.botUser.id,
        timestamp: Date.now(),
        type: types.Message.Location,
      });
      wechat.mocker.puppet.emit('message', { messageId: message.id });
    };
    const afterLocation = await wechat.exchange(shareLocation);
    expect(afterLocation.join('\n')).toContain('照片');
    await wechat.exchange(() => user.say('跳过').to(wechat.botUser));
    const summary = await wechat.exchange(() => user.say('匿名').to(wechat.botUser));
    // wechaty-puppet-mock places every shared location at the same government office in Beijing.
    expect(summary.join('\n')).toContain('东升乡人民政府');
  });

  test('when a user sends a video, then the bot says what it can take, without asking the server', async () => {
    const user = newUser('孙七');
    const video = FileBox.fromBase64(Buffer.from('not really a video').toString('base64'), 'clip.mp4');
    expect(await wechat.exchange(() => user.say(video).to(wechat.botUser))).toEqual([
      ADAPTER_REPLIES.unsupported,
    ]);
  });
});

describe('the Wechaty bot when the server is down', () => {
  test('when the server cannot be reached, then the user is told to try later and the bot keeps running', async () => {
    const nowhere = createTurnClient({
      serverUrl: 'http://127.0.0.1:9',
      apiToken: BOT_API_TOKEN,
      timeoutMs: 2000,
    });
    const offline = await startMockWechat(nowhere);
    try {
      const user = offline.mocker.createContact({ name: '周八' });
      offline.heardBy(user);
      expect(await offline.exchange(() => user.say('举报').to(offline.botUser))).toEqual([
        ADAPTER_REPLIES.busy,
      ]);
      expect(await offline.exchange(() => user.say('举报').to(offline.botUser))).toEqual([
        ADAPTER_REPLIES.busy,
      ]);
      expect(offline.problems.join('\n')).toContain('server not reached');
    } finally {
      await offline.bot.stop();
    }
  });
});
