import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const REAL_WECHAT = {
  WECHAT_APPID: 'wxba5fad812f8e6fb9',
  WECHAT_APPSECRET: '0123456789abcdef0123456789abcdef',
  WECHAT_TOKEN: 'AAAAA',
  WECHAT_ENCODING_AES_KEY: 'A'.repeat(43),
};
const DATA_KEY = Buffer.alloc(32, 7).toString('base64');
const SESSION_SECRET = 's'.repeat(32);

function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-config-'));
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('when nothing is set, then it starts in sandbox mode on the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: tempDataDir() });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', sandbox: true, logLevel: 'info' });
    // generated credentials, so the callback and `npm run chat` work without WeChat
    expect(config.wechat.appId).toMatch(/^wx[0-9a-f]{16}$/);
    expect(config.wechat.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(config.wechat.encodingAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(config.botApiToken!.length).toBeGreaterThanOrEqual(32);
    expect(config.wechatApiBase).toBeUndefined();
    expect(config.dataKey).toHaveLength(32);
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('when the sandbox starts twice on one data dir, then the generated secrets are kept', () => {
    const dataDir = tempDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.dataKey.equals(first.dataKey)).toBe(true);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.wechat).toEqual(first.wechat);
    expect(second.botApiToken).toBe(first.botApiToken);
    const mode = fs.statSync(path.join(dataDir, 'sandbox-secrets.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  test('when all WeChat credentials and secrets are given, then sandbox is off', () => {
    const config = loadConfig({ ...REAL_WECHAT, DATA_KEY, SESSION_SECRET, DATA_DIR: tempDataDir() });
    expect(config.sandbox).toBe(false);
    expect(config.wechat).toEqual({
      appId: REAL_WECHAT.WECHAT_APPID,
      appSecret: REAL_WECHAT.WECHAT_APPSECRET,
      token: 'AAAAA',
      encodingAesKey: 'A'.repeat(43),
    });
    expect(config.wechatApiBase).toBe('https://api.weixin.qq.com');
    // no bot API unless its token is configured
    expect(config.botApiToken).toBeUndefined();
  });

  test.each([
    [{ WECHAT_ENCODING_AES_KEY: 'short' }, 'WECHAT_ENCODING_AES_KEY'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://localhost/x' }, 'MONGODB_URI'],
    [{ DATA_KEY: 'c2hvcnQ=' }, 'DATA_KEY'],
    [{ SESSION_SECRET: 'too-short' }, 'SESSION_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ WECHAT_API_BASE: 'not a url' }, 'WECHAT_API_BASE'],
    [{ BOT_API_TOKEN: 'short' }, 'BOT_API_TOKEN'],
    [{ MINIPROGRAM_APPID: 'wx1234567890abcdef' }, 'MINIPROGRAM_SECRET'],
  ])('when %j, then the problem names %s', (env, key) => {
    expect(problemsOf({ DATA_DIR: tempDataDir(), ...env }).join('\n')).toContain(key);
  });

  test('when several keys are wrong, then every one is listed', () => {
    const problems = problemsOf({ PORT: 'x', WECHAT_ENCODING_AES_KEY: 'short', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
  });

  test('when only some WeChat credentials are set, then each missing one is named', () => {
    const problems = problemsOf({ WECHAT_APPID: REAL_WECHAT.WECHAT_APPID, DATA_DIR: tempDataDir() });
    expect(problems.join('\n')).toMatch(/WECHAT_APPSECRET[\s\S]*WECHAT_TOKEN[\s\S]*WECHAT_ENCODING_AES_KEY/);
  });

  test('when real credentials come without DATA_KEY and SESSION_SECRET, then both are required', () => {
    const problems = problemsOf({ ...REAL_WECHAT, DATA_DIR: tempDataDir() });
    expect(problems).toEqual([
      'DATA_KEY: is required with real WeChat credentials',
      'SESSION_SECRET: is required with real WeChat credentials',
    ]);
  });
});
