/**
 * Pushes config/wechat-menu.json to the official account (wechat-protocol.md §5.7):
 *
 *   npm run wechat:menu
 *
 * The menu is checked first, every problem listed, so a typo costs nothing. Pushing needs the
 * real WECHAT_* credentials and this machine's IP in the account's whitelist. The access token
 * is shared through the database: without MONGODB_URI this starts the embedded database under
 * DATA_DIR, which only one process may use at a time, so stop the server or set MONGODB_URI.
 * WeChat clients pick up a new menu within about five minutes.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { MenuKey } from '../bot/dialog/dialog-types';
import { ConfigError, loadConfig } from '../config/load-config';
import { DatabaseUnavailableError, openDatabase } from '../server/db/database';
import { DatabaseSetupError } from '../server/db/ferretdb-installer';
import { findMenuProblems } from '../server/wechat/api/menu-validation';
import {
  createWechatApiClient,
  WechatApiError,
  WechatTransportError,
} from '../server/wechat/api/wechat-api-client';

const MENU_FILE = path.resolve(__dirname, '../config/wechat-menu.json');

/** Every menu key the dialog answers (a Record, so a new MenuKey cannot be forgotten here). */
const DIALOG_MENU_KEYS: Record<MenuKey, true> = { REPORT: true, QUERY: true, CONSULT: true, HELP: true };

class MenuScriptError extends Error {}

function readMenu(): { button: unknown[] } {
  let menu: unknown;
  try {
    menu = JSON.parse(fs.readFileSync(MENU_FILE, 'utf8'));
  } catch (error) {
    throw new MenuScriptError(`cannot read ${MENU_FILE}: ${(error as Error).message}`);
  }
  const problems = findMenuProblems(menu, Object.keys(DIALOG_MENU_KEYS));
  if (problems.length > 0) {
    throw new MenuScriptError(`${MENU_FILE} has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return menu as { button: unknown[] };
}

async function pushMenu(): Promise<string> {
  const menu = readMenu();
  const config = loadConfig();
  if (config.sandbox || !config.wechat || !config.wechatApiBase) {
    throw new MenuScriptError(
      'the menu is valid, but it can only be pushed to WeChat with real credentials: set WECHAT_APPID, ' +
        'WECHAT_APPSECRET, WECHAT_TOKEN and WECHAT_ENCODING_AES_KEY (sandbox mode has no official account).',
    );
  }
  // Logs go to stderr: stdout carries the one result line.
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const database = await openDatabase(config, logger);
  try {
    const client = createWechatApiClient({
      db: database.connection,
      appId: config.wechat.appId,
      appSecret: config.wechat.appSecret,
      apiBase: config.wechatApiBase,
      logger,
    });
    await client.createMenu(menu);
  } finally {
    await database.close();
  }
  const names = menu.button.map((button) => (button as { name: string }).name).join(', ');
  return `pushed the menu (${names}) to official account ${config.wechat.appId}`;
}

pushMenu().then(
  (line) => {
    console.log(line);
    process.exit(0);
  },
  (error: unknown) => {
    if (
      error instanceof MenuScriptError ||
      error instanceof WechatApiError ||
      error instanceof WechatTransportError ||
      error instanceof ConfigError ||
      error instanceof DatabaseSetupError ||
      error instanceof DatabaseUnavailableError
    ) {
      console.error(`wechat:menu: ${error.message}`);
    } else console.error('wechat:menu failed:', error);
    process.exit(1);
  },
);
