/** Small text helpers shared by the dialog steps and the result renderers. */

/** A reply should fit one phone screen; many reporters are elderly and read slowly. */
export const REPLY_LIMIT = 300;

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Fills {name} placeholders; the loader has already checked that only known names occur. */
export function fillText(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Cuts at max code points (never inside a surrogate pair) and marks the cut. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function beijingParts(at: Date) {
  const shifted = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
  };
}

/** "11月23日": Beijing time whatever the server's zone. */
export function formatBeijingDay(at: Date): string {
  return beijingParts(at).day;
}

/** "11月23日 10:15" */
export function formatBeijingTime(at: Date): string {
  const { day, time } = beijingParts(at);
  return `${day} ${time}`;
}

/** Joins the non-empty parts of one reply with line breaks. */
export function joinLines(...parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => !!part).join('\n');
}
