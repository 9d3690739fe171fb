import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotConfigError, loadBotConfig } from './bot-config';

const TOKEN = 'bot-token-0123456789abcdef0123456789';
const PUPPET = { WECHATY_PUPPET: 'wechaty-puppet-wechat4u' };

function tempDataDir(secrets?: object): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-bot-config-'));
  if (secrets) fs.writeFileSync(path.join(dataDir, 'sandbox-secrets.json'), JSON.stringify(secrets));
  return dataDir;
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadBotConfig(env);
  } catch (error) {
    if (error instanceof BotConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a BotConfigError');
}

describe('loadBotConfig', () => {
  test('when only the puppet and the token are set, then the documented defaults apply', () => {
    const dataDir = tempDataDir();
    const config = loadBotConfig({ ...PUPPET, BOT_API_TOKEN: TOKEN, DATA_DIR: dataDir });
    expect(config).toEqual({
      serverUrl: 'http://127.0.0.1:3000',
      apiToken: TOKEN,
      apiTokenSource: 'BOT_API_TOKEN',
      puppet: { name: 'wechaty-puppet-wechat4u', token: undefined },
      dataDir,
      requestTimeoutMs: 15_000,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('when everything is set, then it is used, without the trailing slash of the URL', () => {
    const config = loadBotConfig({
      BOT_SERVER_URL: 'https://12314.example.org/',
      BOT_API_TOKEN: TOKEN,
      WECHATY_PUPPET: '@juzi/wechaty-puppet-service',
      WECHATY_PUPPET_TOKEN: 'puppet-token',
      DATA_DIR: tempDataDir(),
      BOT_REQUEST_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      serverUrl: 'https://12314.example.org',
      puppet: { name: '@juzi/wechaty-puppet-service', token: 'puppet-token' },
      requestTimeoutMs: 5000,
      logLevel: 'warn',
    });
  });

  test('when BOT_API_TOKEN is unset, then the token the sandbox server wrote is used', () => {
    const config = loadBotConfig({ ...PUPPET, DATA_DIR: tempDataDir({ botApiToken: TOKEN, dataKey: 'x' }) });
    expect(config.apiToken).toBe(TOKEN);
    expect(config.apiTokenSource).toBe('sandbox-secrets.json');
  });

  test('when BOT_API_TOKEN is set, then it wins over the sandbox file', () => {
    const other = 'o'.repeat(40);
    const config = loadBotConfig({
      ...PUPPET,
      BOT_API_TOKEN: other,
      DATA_DIR: tempDataDir({ botApiToken: TOKEN }),
    });
    expect(config.apiToken).toBe(other);
  });

  test.each<[string, NodeJS.ProcessEnv, object | undefined, string[]]>([
    ['no token and no sandbox file', PUPPET, undefined, ['BOT_API_TOKEN', 'start the server once']],
    [
      'no token and a sandbox file without one',
      PUPPET,
      { dataKey: 'x' },
      ['BOT_API_TOKEN', 'sandbox-secrets.json'],
    ],
    ['a malformed token in the sandbox file', PUPPET, { botApiToken: 'short' }, ['botApiToken in', '32-128']],
    ['a short token', { ...PUPPET, BOT_API_TOKEN: 'short' }, undefined, ['BOT_API_TOKEN', '32-128']],
    ['no puppet', { BOT_API_TOKEN: TOKEN }, undefined, ['WECHATY_PUPPET', 'is required', 'npm install']],
    [
      'a puppet that is no package name',
      { BOT_API_TOKEN: TOKEN, WECHATY_PUPPET: 'a b' },
      undefined,
      ['npm package'],
    ],
    [
      'an ftp server URL',
      { ...PUPPET, BOT_API_TOKEN: TOKEN, BOT_SERVER_URL: 'ftp://x' },
      undefined,
      ['BOT_SERVER_URL'],
    ],
    [
      'a 10 ms timeout',
      { ...PUPPET, BOT_API_TOKEN: TOKEN, BOT_REQUEST_TIMEOUT_MS: '10' },
      undefined,
      ['TIMEOUT_MS'],
    ],
    [
      'an unknown log level',
      { ...PUPPET, BOT_API_TOKEN: TOKEN, LOG_LEVEL: 'loud' },
      undefined,
      ['LOG_LEVEL'],
    ],
  ])('when %s, then the problem says %j', (_label, env, secrets, expected) => {
    const problems = problemsOf({ ...env, DATA_DIR: tempDataDir(secrets) }).join('\n');
    for (const text of expected) expect(problems).toContain(text);
  });

  test('when several keys are wrong, then every problem is listed at once', () => {
    const problems = problemsOf({ BOT_SERVER_URL: 'nope', DATA_DIR: tempDataDir() });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'BOT_SERVER_URL',
      'WECHATY_PUPPET',
      'BOT_API_TOKEN',
    ]);
  });
});
