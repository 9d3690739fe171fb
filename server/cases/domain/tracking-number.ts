/** Public tracking numbers: SL + YYYYMMDD (Asia/Shanghai) + a 6-digit daily sequence. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const TRACKING_NUMBER = /^SL\d{8}\d{6}$/;

export function formatShanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

export function formatTrackingNumber(now: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`daily sequence out of range: ${sequence}`);
  }
  return `SL${formatShanghaiDate(now)}${String(sequence).padStart(6, '0')}`;
}

/** SL and at least the eight digits of a day: what staff type to find a case by its number. */
const TRACKING_NUMBER_START = /^sl\d{8,14}$/i;
const TRACKING_NUMBER_LENGTH = 'SL'.length + 8 + 6;

/** The tracking numbers that start with `text` (a whole number, or a day's), or undefined. */
export function trackingNumbersStartingWith(text: string): { from: string; to: string } | undefined {
  if (!TRACKING_NUMBER_START.test(text)) return undefined;
  const prefix = text.toUpperCase();
  return { from: prefix, to: prefix.padEnd(TRACKING_NUMBER_LENGTH, '9') };
}
