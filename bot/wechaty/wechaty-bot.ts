/**
 * Wires Wechaty to the platform: each message is read into MessageFacts, decided by the pure
 * adapter, carried to the server by the TurnClient, and the server's replies are said back in
 * the same conversation, in order. No dialog logic lives here: the server runs the conversation.
 */
import { types, WechatyBuilder, type Message, type Wechaty, type WechatyOptions } from 'wechaty';
import type { Logger } from 'pino';
import {
  ADAPTER_REPLIES,
  decideMessage,
  detectPhotoContentType,
  MAX_PHOTO_BYTES,
  toLocationChat,
  toServerUserId,
  type MessageDecision,
  type MessageFacts,
  type WechatyMessageTypeName,
} from './message-adapter';
import { createPerKeyQueue } from './per-key-queue';
import { BotServerError, type TurnClient } from './turn-client';

export interface WechatyBotOptions {
  /** A puppet instance: main.ts loads the configured one, tests pass wechaty-puppet-mock. */
  puppet: NonNullable<WechatyOptions['puppet']>;
  client: TurnClient;
  logger: Logger;
  /** Where Wechaty keeps its login session (a memory-card file); in memory when unset. */
  memoryCardPath?: string;
}

export interface WechatyBot {
  wechaty: Wechaty;
  start(): Promise<void>;
  /** Resolves once every message received so far is answered (or given up on). */
  idle(): Promise<void>;
  /** Stops taking messages, lets the turns under way finish, then stops Wechaty. */
  stop(): Promise<void>;
}

/** Puppet calls have no timeout of their own; a stuck download must not hold a reporter's queue. */
const PUPPET_FETCH_TIMEOUT_MS = 30_000;

/** Photo uploads the server refuses for the photo's sake (size, format), not for the system's. */
const PHOTO_REFUSALS = new Set([400, 413, 415]);

export function createWechatyBot(options: WechatyBotOptions): WechatyBot {
  const { client, logger } = options;
  const wechaty = WechatyBuilder.build({ puppet: options.puppet, name: options.memoryCardPath });
  const queue = createPerKeyQueue();
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  async function readFacts(message: Message): Promise<MessageFacts> {
    const room = message.room();
    const bot = wechaty.currentUser;
    const roomAlias = room ? await room.alias(bot) : undefined;
    const isText = message.type() === types.Message.Text;
    return {
      typeName: messageTypeName(message.type()),
      text: isText ? message.text() : '',
      fromSelf: message.self(),
      fromOfficialAccount: message.talker().type() === types.Contact.Official,
      inRoom: room !== undefined,
      mentionsBot: room !== undefined && isText && (await message.mentionSelf()),
      botNames: roomAlias ? [bot.name(), roomAlias] : [bot.name()],
      ageSeconds: message.age(),
    };
  }

  /** The replies for one message: the server's, or the adapter's own when it cannot ask. */
  async function produceReplies(
    decision: Exclude<MessageDecision, { action: 'ignore' }>,
    message: Message,
    userId: string,
  ): Promise<string[]> {
    switch (decision.action) {
      case 'reply-unsupported':
        return [ADAPTER_REPLIES.unsupported];
      case 'send-text':
        return client.sendTurn(userId, { kind: 'text', text: decision.text });
      case 'send-location': {
        // Straight from the puppet: Message#toLocation() of wechaty 1.20.2 always throws ("Wechaty
        // User Class can not be instantiated directly"), it builds the un-wechatified class.
        const location = await withTimeout(wechaty.puppet.messageLocation(message.id), 'location');
        const chat = toLocationChat(location);
        return chat ? client.sendTurn(userId, chat) : [ADAPTER_REPLIES.unsupported];
      }
      case 'send-image': {
        const bytes = await withTimeout(
          message.toFileBox().then((file) => file.toBuffer()),
          'image download',
        );
        const contentType = detectPhotoContentType(bytes);
        if (!contentType || bytes.length > MAX_PHOTO_BYTES) return [ADAPTER_REPLIES.photoRejected];
        try {
          const photoId = await client.uploadPhoto(bytes, contentType);
          return await client.sendTurn(userId, { kind: 'image', mediaRef: photoId });
        } catch (error) {
          if (error instanceof BotServerError && error.status && PHOTO_REFUSALS.has(error.status)) {
            logger.warn({ userId, status: error.status, code: error.code }, 'photo refused by the server');
            return [ADAPTER_REPLIES.photoRejected];
          }
          throw error;
        }
      }
    }
  }

  /** In a group the first reply mentions the sender, so they see it among other members' talk. */
  async function sayReplies(message: Message, replies: readonly string[]): Promise<void> {
    const room = message.room();
    for (const [index, reply] of replies.entries()) {
      if (room && index === 0) await room.say(reply, message.talker());
      else await message.say(reply);
    }
  }

  async function answer(message: Message): Promise<void> {
    const userId = toServerUserId(message.talker().id);
    // Queued before anything is awaited, so a reporter's messages keep the order Wechaty gave them.
    await queue.run(userId, async () => {
      const decision = decideMessage(await readFacts(message));
      if (decision.action === 'ignore') {
        logger.debug({ messageId: message.id, reason: decision.reason }, 'message ignored');
        return;
      }
      let replies: string[];
      try {
        replies = await produceReplies(decision, message, userId);
      } catch (error) {
        // The reporter gets an answer whatever happened; the operator gets the reason.
        logger.error({ err: error, userId, action: decision.action }, 'turn failed');
        replies = [ADAPTER_REPLIES.busy];
      }
      await sayReplies(message, replies);
    });
  }

  wechaty.on('message', (message: Message) => {
    if (!accepting) return;
    const answering = answer(message)
      .catch((error: unknown) =>
        logger.error({ err: error, messageId: message.id }, 'message could not be answered'),
      )
      .finally(() => inFlight.delete(answering));
    inFlight.add(answering);
  });
  // Without a listener Wechaty's error events would be thrown and end the process.
  wechaty.on('error', (error: Error) => logger.error({ err: error }, 'wechaty error'));

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.all(inFlight);
  }

  return {
    wechaty,
    start: () => wechaty.start(),
    idle,
    async stop() {
      accepting = false;
      await idle();
      await wechaty.stop();
    },
  };
}

/** Wechaty's message type enum is numeric; its reverse mapping gives the name the adapter uses. */
function messageTypeName(type: types.Message): WechatyMessageTypeName {
  const name = types.Message[type];
  return isMessageTypeName(name) ? name : 'Unknown';
}

function isMessageTypeName(name: string | undefined): name is WechatyMessageTypeName {
  return name !== undefined && name in types.Message;
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${PUPPET_FETCH_TIMEOUT_MS} ms`)),
      PUPPET_FETCH_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
