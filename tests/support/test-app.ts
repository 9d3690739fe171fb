/** Builds the real app on a test database, for tests that go through the HTTP API. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { loadDomainConfig } from '../../config/domain/domain-config';
import { loadConfig, type AppConfig } from '../../config/load-config';
import { createApp } from '../../server/app';
import { createCaseComponent } from '../../server/cases/case-component';
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

/**
 * The real app on a test database, its clock under the test's control, with the case component's
 * reporter-event hook (where the notification outbox hangs) replaced by the test's own recorder.
 */
export function createPlatformRecordingReporterEvents(
  db: Connection,
  now: () => Date,
  onReporterEvent: NonNullable<Parameters<typeof createCaseComponent>[0]['onReporterEvent']>,
) {
  const deps = { config: testConfig(), domain: testDomain, logger: silentLogger, db, now };
  const base = createComponents(deps);
  const cases = createCaseComponent({
    db,
    domain: testDomain,
    dataKey: deps.config.dataKey,
    logger: silentLogger,
    now,
    authenticate: base.staff.authenticate,
    requireRoles: base.staff.requireRoles,
    findKnowledgeAnswer: (entryId) => base.knowledge.useCases.findPublishedAnswer(entryId),
    onReporterEvent,
  });
  const components = { ...base, cases };
  return { server: createApp(deps, components).callback(), components };
}
