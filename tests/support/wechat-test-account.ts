/**
 * An official account for tests: real-looking credentials, the stand-in of WeChat's API servers
 * they are registered with, and the environment that points the platform at both. The platform
 * then runs as in production (no sandbox), with WeChat played by the stand-in and the simulator.
 */
import { randomBytes } from 'node:crypto';
import { createWechatApiStandin, type WechatApiStandin } from '../../server/sandbox/wechat-api-standin';
import type { CallbackMode, SimulatedAccount } from '../../scripts/chat/wechat-simulator';

/** Random letters and digits, as WeChat's tokens, keys and codes look. */
export const alphanumeric = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

export interface WechatTestAccount {
  account: SimulatedAccount;
  standin: WechatApiStandin;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startWechatTestAccount(mode: CallbackMode = 'safe'): Promise<WechatTestAccount> {
  const account: SimulatedAccount = {
    appId: `wx${randomBytes(8).toString('hex')}`,
    token: alphanumeric(32),
    aesKey: alphanumeric(43),
    ghId: `gh_${randomBytes(6).toString('hex')}`,
  };
  const appSecret = randomBytes(16).toString('hex');
  const standin = createWechatApiStandin({ appId: account.appId, appSecret });
  const listening = await standin.listen();
  return {
    account,
    standin,
    env: {
      WECHAT_APPID: account.appId,
      WECHAT_APPSECRET: appSecret,
      WECHAT_TOKEN: account.token,
      WECHAT_ENCODING_AES_KEY: account.aesKey,
      WECHAT_MESSAGE_MODE: mode,
      WECHAT_API_BASE: listening.baseUrl,
      DATA_KEY: randomBytes(32).toString('base64'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    },
    close: listening.close,
  };
}
