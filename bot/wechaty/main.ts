/**
 * `npm run bot`: the Wechaty process, kept apart from the Koa server because Wechaty and its
 * puppets are heavy. Loads the config and the configured puppet, starts the bot, and on
 * SIGINT/SIGTERM lets the turns under way finish before stopping.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ScanStatus, type WechatyOptions } from 'wechaty';
import { createLogger } from '../../server/logger';
import { BotConfigError, loadBotConfig } from './bot-config';
import { createTurnClient } from './turn-client';
import { createWechatyBot } from './wechaty-bot';

const SHUTDOWN_DEADLINE_MS = 10_000;

type Puppet = NonNullable<WechatyOptions['puppet']>;
type PuppetClass = new (options: { token?: string }) => Puppet;

class PuppetLoadError extends Error {}

/** Puppets are plain npm packages whose default export is the class (one level deeper from CJS). */
async function loadPuppet(name: string, token: string | undefined): Promise<Puppet> {
  let loaded: unknown;
  try {
    loaded = await import(name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PuppetLoadError(
      `WECHATY_PUPPET: cannot load "${name}" (${reason}); install it: npm install ${name}`,
    );
  }
  for (let candidate = loaded, depth = 0; depth < 3; depth += 1) {
    if (typeof candidate === 'function') return new (candidate as PuppetClass)(token ? { token } : {});
    candidate =
      typeof candidate === 'object' && candidate !== null ? Reflect.get(candidate, 'default') : undefined;
  }
  throw new PuppetLoadError(`WECHATY_PUPPET: "${name}" has no default export, so it is not a Wechaty puppet`);
}

async function main(): Promise<void> {
  const config = loadBotConfig();
  const logger = createLogger(config.logLevel).child({ process: 'wechaty-bot' });
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const puppet = await loadPuppet(config.puppet.name, config.puppet.token);
  const bot = createWechatyBot({
    puppet,
    client: createTurnClient({
      serverUrl: config.serverUrl,
      apiToken: config.apiToken,
      timeoutMs: config.requestTimeoutMs,
    }),
    logger,
    memoryCardPath: path.join(config.dataDir, 'wechaty-bot'),
  });
  bot.wechaty
    // The raw QR value only: rendering it through an online QR service would hand the login away.
    .on('scan', (qrcode, status) => logger.info({ qrcode, status: ScanStatus[status] }, 'scan to log in'))
    .on('login', (user) => logger.info({ user: user.name() }, 'logged in'))
    .on('logout', (user) => logger.warn({ user: user.name() }, 'logged out'));

  await bot.start();
  logger.info(
    { puppet: config.puppet.name, server: config.serverUrl, token: config.apiTokenSource },
    'wechaty bot started',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, stopping`);
    const forceExit = setTimeout(() => {
      logger.error('stopping took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    forceExit.unref();
    await bot.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Expected start-up failures get one clear message, not a stack trace.
  if (error instanceof BotConfigError || error instanceof PuppetLoadError) console.error(error.message);
  else console.error('bot start-up failed:', error);
  process.exit(1);
});
