/**
 * The configuration of the Wechaty process (`npm run bot`), validated once at start-up. Every
 * problem is collected, so an operator fixes them all in one go; main.ts prints them and exits 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface BotConfig {
  /** Base URL of the platform server, without a trailing slash. */
  serverUrl: string;
  apiToken: string;
  /** Where apiToken came from, for the start-up log line (never the token itself). */
  apiTokenSource: 'BOT_API_TOKEN' | 'sandbox-secrets.json';
  puppet: { name: string; token: string | undefined };
  /** Wechaty keeps its login session here, so a restart need not scan the QR code again. */
  dataDir: string;
  requestTimeoutMs: number;
  logLevel: z.infer<typeof botEnvSchema>['LOG_LEVEL'];
}

export class BotConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid bot configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const SANDBOX_SECRETS_FILE = 'sandbox-secrets.json';
/** Same rule as the server's BOT_API_TOKEN, so a token one side accepts the other accepts too. */
const API_TOKEN = /^[A-Za-z0-9_-]{32,128}$/;
const API_TOKEN_RULE = 'must be 32-128 letters, digits, "-" or "_"';
const NPM_PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const botEnvSchema = z.object({
  BOT_SERVER_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://127.0.0.1:3000')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  BOT_API_TOKEN: optionalText.pipe(z.string().regex(API_TOKEN, API_TOKEN_RULE).optional()),
  WECHATY_PUPPET: optionalText.pipe(
    z
      .string({
        error:
          'is required: the npm name of the puppet to run on, installed with npm install ' +
          '(e.g. wechaty-puppet-wechat4u for a personal account, wechaty-puppet-service for a WeCom puppet service)',
      })
      .regex(NPM_PACKAGE_NAME, 'must be an npm package name such as wechaty-puppet-wechat4u'),
  ),
  WECHATY_PUPPET_TOKEN: optionalText,
  DATA_DIR: optionalText,
  BOT_REQUEST_TIMEOUT_MS: optionalText.pipe(
    z.coerce.number<string | undefined>().int().min(1000).max(120_000).default(15_000),
  ),
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

/** The token the server generated in sandbox mode; undefined when there is none to read. */
function readSandboxBotToken(dataDir: string): string | undefined {
  try {
    const secrets: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, SANDBOX_SECRETS_FILE), 'utf8'));
    const parsed = z.object({ botApiToken: z.string() }).safeParse(secrets);
    return parsed.success ? parsed.data.botApiToken : undefined;
  } catch {
    return undefined;
  }
}

export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): Readonly<BotConfig> {
  const parsed = botEnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  // Checked even when other keys are invalid, so the operator sees every problem at once.
  const dataDir = path.resolve(env.DATA_DIR?.trim() || path.join(PROJECT_ROOT, 'data'));
  const givenToken = env.BOT_API_TOKEN?.trim();
  const sandboxToken = givenToken ? undefined : readSandboxBotToken(dataDir);
  const secretsFile = path.join(dataDir, SANDBOX_SECRETS_FILE);
  if (!givenToken && !sandboxToken) {
    problems.push(
      `BOT_API_TOKEN: is required (the server's BOT_API_TOKEN); without it the bot reads botApiToken ` +
        `from ${secretsFile}, which the server writes in sandbox mode, but there is none: start the server once first`,
    );
  } else if (sandboxToken && !API_TOKEN.test(sandboxToken)) {
    problems.push(`botApiToken in ${secretsFile}: ${API_TOKEN_RULE}`);
  }
  if (!parsed.success || problems.length > 0) throw new BotConfigError(problems);

  const raw = parsed.data;
  return Object.freeze({
    serverUrl: raw.BOT_SERVER_URL,
    apiToken: raw.BOT_API_TOKEN ?? sandboxToken!,
    apiTokenSource: raw.BOT_API_TOKEN ? 'BOT_API_TOKEN' : 'sandbox-secrets.json',
    puppet: Object.freeze({ name: raw.WECHATY_PUPPET, token: raw.WECHATY_PUPPET_TOKEN }),
    dataDir,
    requestTimeoutMs: raw.BOT_REQUEST_TIMEOUT_MS,
    logLevel: raw.LOG_LEVEL,
  });
}
