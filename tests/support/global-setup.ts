/** One embedded FerretDB for the whole test run; test files each use their own database on it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary } from '../../server/db/ferretdb-installer';
import { startFerretDb, type EmbeddedDatabase } from '../../server/db/embedded-ferretdb';

declare global {
  var __TEST_DATABASE__: { db: EmbeddedDatabase; dataDir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return; // a real MongoDB given by the caller
  const binary = await ensureFerretDbBinary((message) => console.log(message));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-test-db-'));
  // Every document the tests read is decoded twice, by our one-pass decoder and upstream's, and a
  // difference fails the query (tools/ferretdb-overlay/internal/handler/sjson/mwr_fast_unmarshal.go).
  process.env.MWR_SJSON_CHECK = '1';
  const db = await startFerretDb(binary, dataDir);
  globalThis.__TEST_DATABASE__ = { db, dataDir };
  process.env.TEST_MONGODB_URI = db.uri;
  process.env.FERRETDB_BINARY = binary;
}
