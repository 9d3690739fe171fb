/**
 * The platform as the callback bench talks to it, in its own process (as in production, the load
 * comes from elsewhere): a fresh embedded FerretDB, the real app with test credentials in safe
 * mode, and the WeChat API stand-in. Prints one JSON line with the URL and account, then serves
 * until stdin closes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { loadDomainConfig } from '../config/domain/domain-config';
import { loadConfig } from '../config/load-config';
import { createApp } from '../server/app';
import { createComponents } from '../server/components';
import { createWechatApiStandin } from '../server/sandbox/wechat-api-standin';
import { openBenchDatabase } from './bench-database';

const alphanumeric = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

async function main(): Promise<void> {
  const dataDir = path.resolve(__dirname, '..', 'data', 'bench', 'callback');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const account = {
    appId: `wx${randomBytes(8).toString('hex')}`,
    token: alphanumeric(32),
    aesKey: alphanumeric(43),
  };
  const appSecret = randomBytes(16).toString('hex');
  const standin = await createWechatApiStandin({ appId: account.appId, appSecret }).listen();
  const database = await openBenchDatabase('callback', path.join(dataDir, 'db'));
  const db = await mongoose.createConnection(database.uri, { maxPoolSize: 20 }).asPromise();
  const config = loadConfig({
    DATA_DIR: dataDir,
    WECHAT_APPID: account.appId,
    WECHAT_APPSECRET: appSecret,
    WECHAT_TOKEN: account.token,
    WECHAT_ENCODING_AES_KEY: account.aesKey,
    WECHAT_MESSAGE_MODE: 'safe',
    WECHAT_API_BASE: standin.baseUrl,
    DATA_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
  });
  const deps = {
    config,
    domain: loadDomainConfig(),
    logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }, pino.destination(2)),
    db,
  };
  const components = createComponents(deps);
  await Promise.all(db.modelNames().map((name) => db.model(name).init()));
  const server = createApp(deps, components).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}`, ...account }));

  process.stdin.resume();
  process.stdin.once('end', () => {
    server.close();
    void db.close().then(async () => {
      await database.stop();
      await standin.close();
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
