import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, runNpmStart, startServer } from './support/server-process';

const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-proc-'));

describe('npm start', () => {
  test('when started on the embedded defaults, then it is healthy, and SIGTERM stops it and its database', async () => {
    const server = await startServer({ DATA_DIR: tempDataDir() });
    expect(server.output()).toContain('sandbox mode');
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });

    const ferretPid = Number(/embedded FerretDB \(pid (\d+)\)/.exec(server.output())?.[1]);
    expect(isProcessAlive(ferretPid)).toBe(true);
    const started = Date.now();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isProcessAlive(ferretPid)).toBe(false);
  });

  test('when a case is written through the server, then it is still there after SIGTERM and a second start', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ DATA_DIR: dataDir });
    const login = /sandbox demo login: center (\S+) \/ (\S+)"/.exec(first.output());
    expect(login).not.toBeNull();
    const credentials = { username: login![1], password: login![2] };
    const signIn = async (baseUrl: string) => {
      const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(credentials),
      });
      expect(response.status).toBe(200);
      return { Authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
    };
    const created = await fetch(`${first.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await signIn(first.baseUrl)) },
      body: JSON.stringify({
        category: 'rural_water',
        description: '村里自来水已经停了三天，老人孩子没水喝。',
      }),
    });
    expect(created.status).toBe(201);
    const { trackingNumber } = (await created.json()) as { trackingNumber: string };
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startServer({ DATA_DIR: dataDir });
    const again = await fetch(`${second.baseUrl}/api/v1/cases/${trackingNumber}`, {
      headers: await signIn(second.baseUrl),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      trackingNumber,
      description: '村里自来水已经停了三天，老人孩子没水喝。',
    });
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  test('when SIGINT arrives, then it exits 0 too', async () => {
    const server = await startServer({ DATA_DIR: tempDataDir() });
    expect(await server.stop('SIGINT')).toBe(0);
  });

  test('when the AES key is malformed, then it exits non-zero naming that key', async () => {
    const run = runNpmStart({ DATA_DIR: tempDataDir(), WECHAT_ENCODING_AES_KEY: 'short' });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toContain('WECHAT_ENCODING_AES_KEY');
    expect(run.output()).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  test('when MONGODB_URI points at a closed port, then it exits with a clear message', async () => {
    const run = runNpmStart({ DATA_DIR: tempDataDir(), MONGODB_URI: 'mongodb://127.0.0.1:9/mwr12314' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Cannot reach the database at mongodb://127.0.0.1:9/mwr12314');
    expect(run.output()).not.toMatch(/\n\s+at /);
  });
});
