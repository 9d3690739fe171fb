/** Runs its own FerretDB so it can stop it without disturbing the other test files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { startFerretDb, type EmbeddedDatabase } from '../server/db/embedded-ferretdb';
import { createTestApp } from './support/test-app';

let embedded: EmbeddedDatabase;
let connection: mongoose.Connection;

beforeAll(async () => {
  const binary = process.env.FERRETDB_BINARY;
  if (!binary) throw new Error('FERRETDB_BINARY is set by the global setup');
  embedded = await startFerretDb(binary, fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-down-')));
  connection = await mongoose
    .createConnection(`${embedded.uri}health`, { serverSelectionTimeoutMS: 2000 })
    .asPromise();
});
afterAll(async () => {
  await connection.close(true);
  await embedded.stop();
});

test('when the database stops, then /healthz answers 503 db down within about a second', async () => {
  const server = createTestApp(connection).callback();
  expect((await request(server).get('/healthz')).status).toBe(200);

  await embedded.stop();
  const started = Date.now();
  const response = await request(server).get('/healthz');
  expect(response.status).toBe(503);
  expect(response.body).toEqual({ status: 'degraded', db: 'down' });
  expect(Date.now() - started).toBeLessThan(2500);
});
