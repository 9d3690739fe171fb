import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const test = globalThis.__TEST_DATABASE__;
  if (!test) return;
  await test.db.stop();
  fs.rmSync(test.dataDir, { recursive: true, force: true });
}
