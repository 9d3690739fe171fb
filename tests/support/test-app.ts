/** Builds the real app on a test database, for tests that go through the HTTP API. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { loadDomainConfig } from '../../config/domain/domain-config';
import { loadConfig, type AppConfig } from '../../config/load-config';
import { createApp } from '../../server/app';
import { createComponents } from '../../server/components';

export const silentLogger = pino({ level: 'silent' });

export function testConfig(env: NodeJS.ProcessEnv = {}): Readonly<AppConfig> {
  return loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-app-')), ...env });
}

export const testDomain = loadDomainConfig();

/** The real app and its components on a test database; `now` lets a test move the clock. */
export function createTestPlatform(
  db: Connection,
  options: { env?: NodeJS.ProcessEnv; now?: () => Date; callbackReplyBudgetMs?: number } = {},
) {
  const deps = {
    config: testConfig(options.env),
    domain: testDomain,
    logger: silentLogger,
    db,
    now: options.now,
    callbackReplyBudgetMs: options.callbackReplyBudgetMs,
  };
  const components = createComponents(deps);
  return { app: createApp(deps, components), components, config: deps.config };
}

export function createTestApp(db: Connection, env: NodeJS.ProcessEnv = {}) {
  return createTestPlatform(db, { env }).app;
}
