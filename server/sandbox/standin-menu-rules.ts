/**
 * The stand-in's copy of WeChat's menu/create limits (wechat-protocol.md §5.7). Deliberately
 * separate from server/wechat/api/menu-validation.ts: the stand-in plays WeChat, and a bug in
 * our own validator must not be echoed by the server it is tested against.
 */
const INVALID_BUTTON_NAME_SIZE = 40018;

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

function hasValidName(button: unknown, maxBytes: number): boolean {
  if (typeof button !== 'object' || button === null) return false;
  const { name } = button as { name?: unknown };
  return typeof name === 'string' && name !== '' && byteLength(name) <= maxBytes;
}

/** The errcode WeChat answers for this menu, or undefined when it takes it. */
export function findStandinMenuErrors(body: Record<string, unknown>): number | undefined {
  const buttons = body.button;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return INVALID_BUTTON_NAME_SIZE;
  for (const button of buttons) {
    if (!hasValidName(button, 16)) return INVALID_BUTTON_NAME_SIZE;
    const subButtons = (button as { sub_button?: unknown }).sub_button;
    // menu/get returns leaves with "sub_button": [], and menu/create takes that shape back.
    if (subButtons === undefined || (Array.isArray(subButtons) && subButtons.length === 0)) continue;
    if (!Array.isArray(subButtons) || subButtons.length > 5) return INVALID_BUTTON_NAME_SIZE;
    if (!subButtons.every((sub) => hasValidName(sub, 60))) return INVALID_BUTTON_NAME_SIZE;
  }
  return undefined;
}
