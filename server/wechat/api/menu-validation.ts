/**
 * Checks an official-account menu against WeChat's menu/create limits (wechat-protocol.md §5.7)
 * before it is pushed, so that every problem is listed at once instead of one errcode at a time.
 */

export const MENU_LIMITS = {
  buttons: 3,
  subButtons: 5,
  topLevelNameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
} as const;

/** The field each leaf type needs besides its name (WeChat's menu types, §5.7). */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  click: ['key'],
  view: ['url'],
  scancode_push: ['key'],
  scancode_waitmsg: ['key'],
  pic_sysphoto: ['key'],
  pic_photo_or_album: ['key'],
  pic_weixin: ['key'],
  location_select: ['key'],
  media_id: ['media_id'],
  article_id: ['article_id'],
  article_view_limited: ['article_id'],
  view_limited: ['media_id'],
  miniprogram: ['appid', 'pagepath', 'url'],
};

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkName(button: Record<string, unknown>, where: string, maxBytes: number, problems: string[]) {
  const { name } = button;
  if (typeof name !== 'string' || name.trim() === '') {
    problems.push(`${where}.name: is required`);
  } else if (byteLength(name) > maxBytes) {
    problems.push(`${where}.name: "${name}" is ${byteLength(name)} bytes; the limit is ${maxBytes} bytes`);
  }
}

function checkLeaf(
  button: Record<string, unknown>,
  where: string,
  problems: string[],
  keys: Map<string, string>,
) {
  const { type } = button;
  const required = typeof type === 'string' ? REQUIRED_FIELDS[type] : undefined;
  if (!required) {
    problems.push(`${where}.type: must be one of ${Object.keys(REQUIRED_FIELDS).join(', ')}`);
    return;
  }
  for (const field of required) {
    if (typeof button[field] !== 'string' || button[field] === '') {
      problems.push(`${where}.${field}: is required for type ${type}`);
    }
  }
  if (typeof button.key === 'string') {
    if (byteLength(button.key) > MENU_LIMITS.keyBytes) {
      problems.push(`${where}.key: is longer than ${MENU_LIMITS.keyBytes} bytes`);
    }
    const earlier = keys.get(button.key);
    if (earlier) problems.push(`${where}.key: "${button.key}" is already used by ${earlier}`);
    else keys.set(button.key, where);
  }
  if (typeof button.url === 'string') {
    if (!/^https?:\/\/\S+$/.test(button.url)) problems.push(`${where}.url: must be an http(s) URL`);
    if (byteLength(button.url) > MENU_LIMITS.urlBytes) {
      problems.push(`${where}.url: is longer than ${MENU_LIMITS.urlBytes} bytes`);
    }
  }
}

function checkSubButtons(
  subButtons: unknown[],
  where: string,
  problems: string[],
  keys: Map<string, string>,
) {
  if (subButtons.length > MENU_LIMITS.subButtons) {
    problems.push(`${where}.sub_button: has ${subButtons.length} items; at most ${MENU_LIMITS.subButtons}`);
  }
  for (const [index, sub] of subButtons.entries()) {
    const subWhere = `${where}.sub_button[${index}]`;
    if (!isObject(sub)) {
      problems.push(`${subWhere}: must be an object`);
      continue;
    }
    checkName(sub, subWhere, MENU_LIMITS.subNameBytes, problems);
    if (sub.sub_button !== undefined) problems.push(`${subWhere}.sub_button: menus nest only one level`);
    checkLeaf(sub, subWhere, problems, keys);
  }
}

/**
 * Every problem with `menu`, each prefixed with where it is (`button[1].sub_button[0].name`);
 * an empty list means WeChat should take it. `requiredClickKeys` are event keys the dialog
 * handles, so a menu that drops one is caught here rather than by a reporter.
 */
export function findMenuProblems(menu: unknown, requiredClickKeys: readonly string[] = []): string[] {
  if (!isObject(menu) || !Array.isArray(menu.button)) return ['menu: must be an object with a "button" list'];
  const problems: string[] = [];
  const keys = new Map<string, string>();
  const buttons: unknown[] = menu.button;
  if (buttons.length < 1 || buttons.length > MENU_LIMITS.buttons) {
    problems.push(`button: has ${buttons.length} items; a menu has 1 to ${MENU_LIMITS.buttons}`);
  }
  for (const [index, button] of buttons.entries()) {
    const where = `button[${index}]`;
    if (!isObject(button)) {
      problems.push(`${where}: must be an object`);
      continue;
    }
    checkName(button, where, MENU_LIMITS.topLevelNameBytes, problems);
    const subButtons = button.sub_button;
    if (subButtons !== undefined && !Array.isArray(subButtons)) {
      problems.push(`${where}.sub_button: must be a list`);
    } else if (subButtons && subButtons.length > 0) {
      checkSubButtons(subButtons, where, problems, keys);
    } else {
      // menu/get shows leaves with "sub_button": [], so that shape counts as a leaf too.
      checkLeaf(button, where, problems, keys);
    }
  }
  for (const key of requiredClickKeys) {
    if (!keys.has(key)) problems.push(`menu: no button has the key "${key}"`);
  }
  return problems;
}
