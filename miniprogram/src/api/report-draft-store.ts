/** The unsent report on this device (domain/report-draft.ts says what is kept and why). */
import Taro from '@tarojs/taro';
import { isWorthKeeping, readDraft, type StoredDraft } from '../domain/report-draft';
import type { ReportForm } from '../domain/report-form';

const DRAFT_KEY = 'report-draft';

export function loadDraft(): ReportForm | undefined {
  return readDraft(Taro.getStorageSync<unknown>(DRAFT_KEY), Date.now());
}

/** Storage can be full or refused; losing the draft then is better than breaking the form. */
export function saveDraft(form: ReportForm): void {
  try {
    if (!isWorthKeeping(form)) Taro.removeStorageSync(DRAFT_KEY);
    else Taro.setStorageSync(DRAFT_KEY, { savedAt: Date.now(), form } satisfies StoredDraft);
  } catch {
    // nothing to do: the form itself still holds what was typed
  }
}

export function clearDraft(): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY);
  } catch {
    // as above
  }
}
