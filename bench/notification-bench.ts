/**
 * Issue 5's figures: how many notifications per second the sender drains against the WeChat
 * stand-in (a real HTTP server), and what a crash costs: a sender process killed mid-batch, then
 * another one finishing the work; lost and duplicated deliveries are counted at the stand-in.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { loadDomainConfig } from '../config/domain/domain-config';
import { openBenchDatabase } from './bench-database';
import { makeOpenId } from '../scripts/chat/wechat-simulator';
import { createNotificationComponent } from '../server/notifications/notification-component';
import { queueAcceptNotices } from '../server/notifications/notification-fixtures';
import { createWechatApiStandin } from '../server/sandbox/wechat-api-standin';
import { createWechatApiClient } from '../server/wechat/api/wechat-api-client';

const DRAIN = Number(process.env.BENCH_NOTIFICATIONS ?? 3_000);
const CRASH = 600;
const PROJECT_ROOT = path.resolve(__dirname, '..');

export async function runNotificationBench(): Promise<void> {
  const dataDir = path.join(PROJECT_ROOT, 'data', 'bench', 'notifications');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const database = await openBenchDatabase('notifications', dataDir);
  const dbUri = database.uri;
  console.log(`database: ${database.description}`);
  const db = await mongoose.createConnection(dbUri).asPromise();
  const account = {
    appId: `wx${randomBytes(8).toString('hex')}`,
    appSecret: randomBytes(16).toString('hex'),
  };
  const standin = createWechatApiStandin(account);
  const listening = await standin.listen();
  const dataKey = randomBytes(32);
  const logger = pino({ level: 'silent' });
  const notifications = createNotificationComponent({
    db,
    domain: loadDomainConfig(),
    dataKey,
    officialAccount: createWechatApiClient({ db, ...account, apiBase: listening.baseUrl, logger }),
    miniprogram: undefined,
    lastMessageAt: async () => undefined,
    logger,
    now: () => new Date(),
    leaseMs: 2_000,
  });
  const drainUntil = async (target: number) => {
    while (standin.templateCounts.delivered < target) await notifications.sender.runOnce();
  };
  try {
    await Promise.all(db.modelNames().map((name) => db.model(name).init()));
    await queueAcceptNotices(notifications, dataKey, Array.from({ length: DRAIN }, makeOpenId), new Date());
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    await drainUntil(DRAIN);
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = DRAIN / seconds;
    console.log(
      `notification sender: ${DRAIN} template messages drained in ${seconds.toFixed(1)} s: ${rate.toFixed(0)}/s` +
        `  (target ≥ 300/s: ${rate >= 300 ? 'met' : 'MISSED'}); ` +
        `this process (sender and WeChat stand-in) used ${((cpu.user + cpu.system) / 1000 / DRAIN).toFixed(2)} ms CPU per message`,
    );

    const before = { ...standin.templateCounts };
    await queueAcceptNotices(notifications, dataKey, Array.from({ length: CRASH }, makeOpenId), new Date());
    standin.delay('/cgi-bin/message/template/send', 20);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'notification-sender.ts')],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          MONGODB_URI: dbUri,
          WECHAT_APPID: account.appId,
          WECHAT_APPSECRET: account.appSecret,
          WECHAT_TOKEN: 'benchToken12314',
          WECHAT_ENCODING_AES_KEY: 'a'.repeat(43),
          WECHAT_API_BASE: listening.baseUrl,
          DATA_KEY: dataKey.toString('base64'),
          SESSION_SECRET: randomBytes(32).toString('base64url'),
          DATA_DIR: dataDir,
          SENDER_LEASE_MS: '2000',
          LOG_LEVEL: 'silent',
        },
        stdio: ['pipe', 'ignore', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (standin.templateCounts.delivered - before.delivered < CRASH / 3)
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    const atKill = standin.templateCounts.delivered - before.delivered;
    standin.delay('/cgi-bin/message/template/send', 0);
    const deadline = Date.now() + 120_000;
    while (standin.templateCounts.delivered - before.delivered < CRASH && Date.now() < deadline) {
      await notifications.sender.runOnce();
    }
    // one more pass: anything sent twice would show up now
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await notifications.sender.runOnce();
    const delivered = standin.templateCounts.delivered - before.delivered;
    const repeats = standin.templateCounts.repeats - before.repeats;
    const lost = Math.max(0, CRASH - delivered);
    const duplicated = Math.max(0, delivered - CRASH);
    console.log(
      `crash test: ${CRASH} notifications, sender killed after ${atKill} deliveries: ` +
        `lost ${lost} (${((lost / CRASH) * 100).toFixed(1)} %), duplicated ${duplicated} (${((duplicated / CRASH) * 100).toFixed(1)} %); ` +
        `${repeats} re-sent after the kill and dropped by WeChat's client_msg_id check  (target 0 lost, 0 duplicated: ${lost === 0 && duplicated === 0 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await db.close();
    await database.stop();
    await listening.close();
  }
}
