/**
 * Signing in: in WeChat, Taro.login's code goes to POST /login; elsewhere (H5, the sandbox) a
 * random device id kept in storage goes to POST /sandbox-login, so the same browser sees the same
 * cases. The token is kept in storage.
 */
import Taro from '@tarojs/taro';
import { requestJsonPublic } from './http-client';

const TOKEN_KEY = 'citizen-token';
const DEVICE_KEY = 'citizen-device-id';
const DEVICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

let pending: Promise<string> | null = null;

export async function getToken(): Promise<string> {
  const stored = Taro.getStorageSync<string>(TOKEN_KEY);
  return stored || login();
}

/** Logs in afresh; concurrent callers share one request. */
export function login(): Promise<string> {
  pending ??= loginOnce().finally(() => {
    pending = null;
  });
  return pending;
}

async function loginOnce(): Promise<string> {
  const { token } =
    process.env.TARO_ENV === 'weapp'
      ? await requestJsonPublic<{ token: string }>('POST', '/api/v1/citizen/login', {
          code: (await Taro.login()).code,
        })
      : await requestJsonPublic<{ token: string }>('POST', '/api/v1/citizen/sandbox-login', {
          deviceId: deviceId(),
        });
  Taro.setStorageSync(TOKEN_KEY, token);
  return token;
}

/** 32 characters from [A-Za-z0-9], within the server's 16–56 [A-Za-z0-9_-]. */
export function deviceId(): string {
  const stored = Taro.getStorageSync<string>(DEVICE_KEY);
  if (typeof stored === 'string' && /^[A-Za-z0-9_-]{16,56}$/.test(stored)) return stored;
  let id = 'h5';
  while (id.length < 32) id += DEVICE_CHARS[Math.floor(Math.random() * DEVICE_CHARS.length)];
  Taro.setStorageSync(DEVICE_KEY, id);
  return id;
}
