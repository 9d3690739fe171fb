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
