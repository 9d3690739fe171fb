/**
 * The process: load config, open the database, listen, and shut down cleanly on SIGTERM/SIGINT
 * (stop accepting, finish in-flight requests, stop jobs, close the database, stop FerretDB).
 */
import http from 'node:http';
import { loadDomainConfig } from '../config/domain/domain-config';
import { ConfigError, loadConfig } from '../config/load-config';
import { createApp } from './app';
import { createComponents } from './components';
import { DatabaseUnavailableError, openDatabase } from './db/database';
import { DatabaseSetupError } from './db/ferretdb-installer';
import { startJobLoop } from './jobs/job-loop';
import { createLogger } from './logger';
import { createWechatApiStandin, type WechatApiStandin } from './sandbox/wechat-api-standin';

const SHUTDOWN_DEADLINE_MS = 10_000;
const REMINDER_INTERVAL_MS = 60_000;
const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;
// Each pass leases every shard (two writes each): every few seconds keeps an idle server quiet.
const NOTIFICATION_INTERVAL_MS = 3_000;

async function main(): Promise<void> {
  const started = Date.now();
  let config = loadConfig();
  const domain = loadDomainConfig();
  const logger = createLogger(config.logLevel);
  let standin: { baseUrl: string; close(): Promise<void> } | undefined;
  let wechatStandin: WechatApiStandin | undefined;
  if (config.sandbox) {
    logger.warn(
      'sandbox mode: no WeChat credentials configured; outbound WeChat calls go to the built-in sandbox',
    );
  }
  if (!config.wechatApiBase) {
    // Sandbox without WECHAT_API_BASE: WeChat's API is played by the stand-in, in this process.
    wechatStandin = createWechatApiStandin({
      ...config.wechat,
      miniprogram: config.miniprogram && {
        appId: config.miniprogram.appId,
        appSecret: config.miniprogram.secret,
      },
      logger: logger.child({ component: 'wechat-standin' }),
    });
    standin = await wechatStandin.listen();
    config = Object.freeze({ ...config, wechatApiBase: standin.baseUrl });
    logger.info(`sandbox WeChat API stand-in on ${standin.baseUrl}`);
  }

  const database = await openDatabase(config, logger);
  logger.info(`database: ${database.description}`);

  const deps = { config, domain, logger, db: database.connection, standin: wechatStandin };
  const components = createComponents(deps);
  const app = createApp(deps, components);
  const thisYear = new Date().getUTCFullYear();
  for (const year of [thisYear, thisYear + 1]) {
    if (!domain.calendar.isYearKnown(year)) {
      logger.warn(
        `the holiday schedule of ${year} is not known yet: add it to config/domain/holiday-overrides.json`,
      );
    }
  }
  for (const account of await components.staff.seedDemoAccounts()) {
    logger.info(`sandbox demo login: ${account.role} ${account.username} / ${account.password}`);
  }
  await components.knowledge.seed();
  const jobs = [
    startJobLoop('deadline-reminders', REMINDER_INTERVAL_MS, components.cases.reminderJob.runOnce, logger),
    startJobLoop('notifications', NOTIFICATION_INTERVAL_MS, components.notifications.sender.runOnce, logger),
    startJobLoop('surveys', REMINDER_INTERVAL_MS, components.cases.surveyJob.runOnce, logger),
    startJobLoop(
      'chat-housekeeping',
      HOUSEKEEPING_INTERVAL_MS,
      () =>
        Promise.all([
          components.conversation.sweepExpiredSessions(),
          components.callbackDeliveries.deleteExpired(),
        ]),
      logger,
    ),
  ];
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ startupMs: Date.now() - started }, `listening on http://${config.host}:${port}`);
  if (config.sandbox) logger.info('sandbox: talk to the bot through the callback with `npm run chat`');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    const forceExit = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    forceExit.unref();

    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await Promise.all(jobs.map((job) => job.stop()));
    await database.close();
    await standin?.close();
    logger.info('stopped');
    clearTimeout(forceExit);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Expected start-up failures get one clear message, not a stack trace.
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseSetupError ||
    error instanceof DatabaseUnavailableError
  ) {
    console.error(error.message);
  } else {
    console.error('start-up failed:', error);
  }
  process.exit(1);
});
