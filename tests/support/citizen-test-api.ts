/**
 * The citizen API as the mini program meets it, for tests: the real app with real-looking
 * official-account and mini-program credentials (WeChat played by the stand-in, so code2Session
 * and the phone number work), and beside it a sandbox app (device-id login).
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createWechatApiStandin, type WechatApiStandin } from '../../server/sandbox/wechat-api-standin';
import { createTestApp } from './test-app';
import { alphanumeric } from './wechat-test-account';

const newAccount = () => ({
  appId: `wx${randomBytes(8).toString('hex')}`,
  appSecret: randomBytes(16).toString('hex'),
});

export interface CitizenTestApis {
  standin: WechatApiStandin;
  api: ReturnType<typeof request>;
  sandboxApi: ReturnType<typeof request>;
  /** Logs a new mini-program user in through the stand-in; returns the Authorization header value. */
  loginNewCitizen(options?: { withUnionid?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startCitizenTestApis(db: Connection): Promise<CitizenTestApis> {
  const [officialAccount, miniprogram] = [newAccount(), newAccount()];
  const standin = createWechatApiStandin({ ...officialAccount, miniprogram });
  const listening = await standin.listen();
  const api = request(
    createTestApp(db, {
      WECHAT_APPID: officialAccount.appId,
      WECHAT_APPSECRET: officialAccount.appSecret,
      WECHAT_TOKEN: alphanumeric(32),
      WECHAT_ENCODING_AES_KEY: alphanumeric(43),
      WECHAT_API_BASE: listening.baseUrl,
      MINIPROGRAM_APPID: miniprogram.appId,
      MINIPROGRAM_SECRET: miniprogram.appSecret,
      DATA_KEY: randomBytes(32).toString('base64'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    }).callback(),
  );

  async function loginNewCitizen({ withUnionid = false } = {}): Promise<string> {
    const code = alphanumeric(32);
    standin.addLoginCode(code, {
      openid: `o${alphanumeric(27)}`,
      ...(withUnionid ? { unionid: `u${alphanumeric(27)}` } : {}),
    });
    const response = await api.post('/api/v1/citizen/login').send({ code });
    expect(response.status).toBe(200);
    return `Bearer ${response.body.token as string}`;
  }

  return {
    standin,
    api,
    sandboxApi: request(createTestApp(db).callback()),
    loginNewCitizen,
    close: listening.close,
  };
}
