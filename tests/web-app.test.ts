/** The H5 app served at `/` by the real app: its files, its cache and security headers, nothing else. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestApp } from './support/test-app';

const INLINE_SCRIPT = 'document.documentElement.style.fontSize="20px";';
const INDEX_HTML = `<!doctype html><html><head><script>${INLINE_SCRIPT}</script><script defer src="./js/app.1a2b3c4d.js"></script></head><body><div id="app"></div></body></html>`;

function buildWebRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-web-'));
  fs.mkdirSync(path.join(root, 'js'));
  fs.writeFileSync(path.join(root, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(root, 'js', 'app.1a2b3c4d.js'), 'console.log("app");');
  // A file beside the build that must never be reachable through it.
  fs.writeFileSync(path.join(path.dirname(root), `${path.basename(root)}-secret.txt`), 'secret');
  return root;
}

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('web-app');
});
afterAll(async () => {
  await dropTestDatabase(db);
});

describe('the web app at /', () => {
  const webRoot = buildWebRoot();
  const server = () => createTestApp(db, { WEB_ROOT: webRoot }).callback();

  test('when / is opened, then the built index.html comes with a policy that allows only its own inline script', async () => {
    const response = await request(server()).get('/');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toBe(INDEX_HTML);
    expect(response.headers['cache-control']).toBe('no-cache');
    const hash = createHash('sha256').update(INLINE_SCRIPT).digest('base64');
    const policy = response.headers['content-security-policy'] as string;
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  test('when a hashed script is fetched, then it is cached for good and typed as JavaScript', async () => {
    const response = await request(server()).get('/js/app.1a2b3c4d.js');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/javascript');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  test('when a path climbs out of the build folder, then nothing outside it is served', async () => {
    const secret = `${path.basename(webRoot)}-secret.txt`;
    for (const attempt of [
      `/../${secret}`,
      `/%2e%2e/${secret}`,
      `/js/..%2f..%2f${secret}`,
      '/%00',
      '/%E0%A4%A',
    ]) {
      const response = await request(server()).get(attempt);
      expect(response.status).toBe(404);
      expect(response.text).not.toContain('secret');
    }
  });

  test('when an API path is unknown or the method is not GET, then the API answers, not the web app', async () => {
    const unknown = await request(server()).get('/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.type).not.toBe('text/html');
    expect((await request(server()).post('/').send({})).status).toBe(404);
    expect((await request(server()).get('/healthz')).body).toEqual({ status: 'ok', db: 'ok' });
  });

  test('when the app is not built, then / says so plainly instead of an empty 404', async () => {
    const missing = path.join(os.tmpdir(), 'mwr12314-web-not-built');
    const response = await request(createTestApp(db, { WEB_ROOT: missing }).callback()).get('/');
    expect(response.status).toBe(503);
    expect(response.text).toContain('npm run build:miniprogram');
    expect(response.text).toContain('请稍后再试');
  });
});
