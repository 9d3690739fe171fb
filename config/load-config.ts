/**
 * Builds the one frozen AppConfig from the environment. Every problem is collected, so an
 * operator fixes them all in one go; main.ts prints them and exits non-zero.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_WECHAT_API_BASE, envSchema, WECHAT_CREDENTIAL_KEYS, type RawEnv } from './env-schema';

export interface WechatCredentials {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Set: connect to this MongoDB. Unset: start the embedded FerretDB under dataDir. */
  mongodbUri?: string;
  dataDir: string;
  /**
   * True when no WeChat credentials are configured: the server then uses generated credentials
   * (kept in DATA_DIR, read by `npm run chat`) and its own stand-in of WeChat's API.
   */
  sandbox: boolean;
  wechat: Readonly<WechatCredentials>;
  /** Which callback bodies are accepted: safe takes only encrypted ones, plaintext only plain ones. */
  wechatMessageMode: RawEnv['WECHAT_MESSAGE_MODE'];
  /** Undefined in sandbox mode unless WECHAT_API_BASE is set: main.ts starts the stand-in. */
  wechatApiBase: string | undefined;
  /** The Bearer token of the bot API (the Wechaty process); the bot API is off without it. */
  botApiToken: string | undefined;
  miniprogram: { appId: string; secret: string } | undefined;
  /** AES-256-GCM key for reporter identity at rest. */
  dataKey: Buffer;
  sessionSecret: string;
  /** The built H5 app (`npm run build:miniprogram`) that the server serves at `/`. */
  webRoot: string;
  logLevel: RawEnv['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
const SANDBOX_SECRETS_FILE = 'sandbox-secrets.json';

export interface SandboxSecrets {
  dataKey: string;
  sessionSecret: string;
  wechat: WechatCredentials;
  botApiToken: string;
}

const alphanumeric = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

function generateSandboxSecrets(): SandboxSecrets {
  return {
    dataKey: randomBytes(32).toString('base64'),
    sessionSecret: randomBytes(32).toString('base64url'),
    wechat: {
      appId: `wx${randomBytes(8).toString('hex')}`,
      appSecret: randomBytes(16).toString('hex'),
      token: alphanumeric(32),
      encodingAesKey: alphanumeric(43),
    },
    botApiToken: randomBytes(32).toString('base64url'),
  };
}

export function sandboxSecretsPath(dataDir: string): string {
  return path.join(dataDir, SANDBOX_SECRETS_FILE);
}

/**
 * Sandbox mode only: secrets are generated on first start and kept under DATA_DIR (0600); a file
 * from an older version gains the secrets it lacks and keeps the ones it has.
 */
function readOrCreateSandboxSecrets(dataDir: string): SandboxSecrets {
  const file = sandboxSecretsPath(dataDir);
  const generated = generateSandboxSecrets();
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SandboxSecrets>;
    const merged = { ...generated, ...stored };
    if (Object.keys(stored).length < Object.keys(generated).length) {
      fs.writeFileSync(file, JSON.stringify(merged, null, 2), { mode: 0o600 });
    }
    return merged;
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: 'wx' });
  return generated;
}

function pickPair<A extends string, B extends string>(
  env: Partial<Record<A | B, string>>,
  keys: [A, B],
  problems: string[],
): [string, string] | undefined {
  const [a, b] = [env[keys[0]], env[keys[1]]];
  if (a && b) return [a, b];
  if (a || b) problems.push(`${a ? keys[1] : keys[0]}: is required when ${a ? keys[0] : keys[1]} is set`);
  return undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<AppConfig> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];

  const given = WECHAT_CREDENTIAL_KEYS.filter((key) => raw[key]);
  const sandbox = given.length === 0;
  if (!sandbox && given.length < WECHAT_CREDENTIAL_KEYS.length) {
    for (const key of WECHAT_CREDENTIAL_KEYS.filter((k) => !raw[k])) {
      problems.push(`${key}: is required with the other WeChat credentials (${given.join(', ')} given)`);
    }
  }
  const miniprogramPair = pickPair(raw, ['MINIPROGRAM_APPID', 'MINIPROGRAM_SECRET'], problems);

  const dataDir = path.resolve(raw.DATA_DIR ?? path.join(PROJECT_ROOT, 'data'));
  let dataKey = raw.DATA_KEY;
  let sessionSecret = raw.SESSION_SECRET;
  if (!sandbox) {
    if (!dataKey) problems.push('DATA_KEY: is required with real WeChat credentials');
    if (!sessionSecret) problems.push('SESSION_SECRET: is required with real WeChat credentials');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const secrets = sandbox ? readOrCreateSandboxSecrets(dataDir) : undefined;
  dataKey ??= secrets?.dataKey;
  sessionSecret ??= secrets?.sessionSecret;
  const wechat: WechatCredentials = secrets
    ? secrets.wechat
    : {
        appId: raw.WECHAT_APPID!,
        appSecret: raw.WECHAT_APPSECRET!,
        token: raw.WECHAT_TOKEN!,
        encodingAesKey: raw.WECHAT_ENCODING_AES_KEY!,
      };

  return Object.freeze({
    port: raw.PORT,
    host: raw.HOST,
    mongodbUri: raw.MONGODB_URI,
    dataDir,
    sandbox,
    wechat: Object.freeze({ ...wechat }),
    wechatMessageMode: raw.WECHAT_MESSAGE_MODE,
    wechatApiBase: (raw.WECHAT_API_BASE ?? (sandbox ? undefined : DEFAULT_WECHAT_API_BASE))?.replace(
      /\/+$/,
      '',
    ),
    botApiToken: raw.BOT_API_TOKEN ?? (sandbox ? secrets?.botApiToken : undefined),
    miniprogram: miniprogramPair
      ? Object.freeze({ appId: miniprogramPair[0], secret: miniprogramPair[1] })
      : undefined,
    dataKey: Buffer.from(dataKey!, 'base64'),
    sessionSecret: sessionSecret!,
    webRoot: path.resolve(raw.WEB_ROOT ?? path.join(PROJECT_ROOT, 'miniprogram', 'dist-h5')),
    logLevel: raw.LOG_LEVEL,
  });
}
