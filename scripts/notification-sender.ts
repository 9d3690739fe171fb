/**
 * Runs the notification sender alone, as a second server instance would: for the crash tests
 * and `npm run bench`, which kill it mid-batch. Reads the same environment as the server plus
 * SENDER_LEASE_MS; prints `pass <sent>` after each pass; exits when stdin closes.
 */
import mongoose from 'mongoose';
import pino from 'pino';
import { loadDomainConfig } from '../config/domain/domain-config';
import { loadConfig } from '../config/load-config';
import { createChatSessionRepository } from '../server/conversation/data-access/chat-session-repository';
import { createNotificationComponent } from '../server/notifications/notification-component';
import { createWechatApiClient } from '../server/wechat/api/wechat-api-client';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.mongodbUri || !config.wechatApiBase)
    throw new Error('MONGODB_URI and WECHAT_API_BASE are required');
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const db = await mongoose.createConnection(config.mongodbUri).asPromise();
  const now = () => new Date();
  const chat = createChatSessionRepository(db, 0);
  const notifications = createNotificationComponent({
    db,
    domain: loadDomainConfig(),
    dataKey: config.dataKey,
    officialAccount: createWechatApiClient({
      db,
      appId: config.wechat.appId,
      appSecret: config.wechat.appSecret,
      apiBase: config.wechatApiBase,
      logger,
    }),
    miniprogram: undefined,
    lastMessageAt: (openid) => chat.lastActivityAt(`official_account:${openid}`),
    logger,
    now,
    leaseMs: Number(process.env.SENDER_LEASE_MS ?? 30_000),
  });
  let stopping = false;
  process.stdin.resume();
  process.stdin.once('end', () => (stopping = true));
  while (!stopping) {
    console.log(`pass ${await notifications.sender.runOnce()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
