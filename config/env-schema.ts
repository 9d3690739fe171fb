/**
 * The environment variables the platform reads, with their defaults. Every key is validated here
 * and only here; the rest of the code receives the frozen AppConfig built by load-config.ts.
 */
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com';

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  MONGODB_URI: optionalText.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
      .optional(),
  ),
  DATA_DIR: optionalText,
  WECHAT_APPID: optionalText.pipe(
    z
      .string()
      .regex(/^wx[0-9a-zA-Z]{14,30}$/, 'must be the official account AppID (starts with "wx")')
      .optional(),
  ),
  WECHAT_APPSECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-zA-Z]{16,64}$/, 'must be the AppSecret from the official-account console')
      .optional(),
  ),
  WECHAT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3-32 letters or digits, as set in the console')
      .optional(),
  ),
  WECHAT_ENCODING_AES_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'must be exactly 43 letters or digits (EncodingAESKey)')
      .optional(),
  ),
  /** 消息加解密方式 as set in the console: 明文 plaintext, 兼容 compatible, 安全 safe. */
  WECHAT_MESSAGE_MODE: z.enum(['plaintext', 'compatible', 'safe']).default('safe'),
  // Unset in sandbox mode: the server runs its own stand-in of WeChat's API (server/sandbox/).
  WECHAT_API_BASE: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  MINIPROGRAM_APPID: optionalText.pipe(
    z
      .string()
      .regex(/^wx[0-9a-zA-Z]{14,30}$/, 'must be the mini-program AppID (starts with "wx")')
      .optional(),
  ),
  MINIPROGRAM_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-zA-Z]{16,64}$/, 'must be the mini-program AppSecret')
      .optional(),
  ),
  DATA_KEY: optionalText.pipe(
    z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), {
        message: 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
      })
      .optional(),
  ),
  BOT_API_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32-128 letters, digits, "-" or "_"')
      .optional(),
  ),
  SESSION_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** The built H5 web app served at `/` (default: miniprogram/dist-h5). */
  WEB_ROOT: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawEnv = z.infer<typeof envSchema>;

/** The four official-account credentials: all of them, or none (sandbox mode). */
export const WECHAT_CREDENTIAL_KEYS = [
  'WECHAT_APPID',
  'WECHAT_APPSECRET',
  'WECHAT_TOKEN',
  'WECHAT_ENCODING_AES_KEY',
] as const;
