/**
 * `npm run chat` against `npm start`, both as a newcomer runs them: the sandbox server on its
 * embedded defaults, and the terminal chat signing and encrypting through the real callback.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type ServerProcess } from './support/server-process';

const PROJECT_ROOT = path.resolve(__dirname, '..');

function runChat(env: NodeJS.ProcessEnv, lines: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn('npm', ['run', 'chat', '--silent'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm run chat', () => {
  let server: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-chat-'));
    server = await startServer({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server.stop('SIGTERM');
  });

  test('when a newcomer files a report in the terminal, then it gets a tracking number and 查询 lists it', async () => {
    const env = { DATA_DIR: dataDir, CHAT_SERVER_URL: server.baseUrl };
    const first = await runChat(env, [
      '/follow',
      '举报',
      '1',
      '村东头河道里有人夜里挖沙，河岸都挖塌了',
      '/location 37.45,114.5 临城县东关村消水河桥',
      '跳过',
      '匿名',
      '确认',
    ]);
    expect(first.code).toBe(0);
    expect(first.output).toContain('欢迎关注');
    const trackingNumber = /SL\d{14}/.exec(first.output)?.[0];
    expect(trackingNumber).toBeDefined();

    // a second session keeps the same openid, so the reporter finds the earlier report
    const second = await runChat(env, ['查询', '/quit']);
    expect(second.output).toContain(trackingNumber);
  });

  test('when the server is not running, then the chat says how to start it', async () => {
    const result = await runChat({ DATA_DIR: dataDir, CHAT_SERVER_URL: 'http://127.0.0.1:9' }, ['举报']);
    expect(result.output).toContain('npm start');
  });
});
