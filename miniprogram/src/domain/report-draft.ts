/**
 * A report the citizen has not sent yet, kept on their own phone: a lost signal or a closed app
 * must not cost an elderly reporter what they typed. Photos are not kept (their temporary files
 * do not outlive the app); the draft says so. Drafts older than a week are dropped.
 */
import { findCategory } from './categories';
import { EMPTY_FORM, type ReportForm } from './report-form';

export const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export interface StoredDraft {
  savedAt: number;
  form: ReportForm;
}

/** Worth keeping once something was typed; a bare category choice is not. */
export function isWorthKeeping(form: ReportForm): boolean {
  return form.description.trim() !== '' || form.address.trim() !== '' || form.phone.trim() !== '';
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 5000;

/** What storage holds, checked field by field: anything odd is dropped rather than trusted. */
export function readDraft(stored: unknown, now: number): ReportForm | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const { savedAt, form } = stored as Partial<StoredDraft>;
  if (typeof savedAt !== 'number' || now - savedAt > DRAFT_MAX_AGE_MS || !form) return undefined;
  if (!isText(form.description) || !isText(form.address) || !isText(form.phone)) return undefined;
  const category = findCategory(form.category)?.code ?? '';
  const point =
    form.point && Number.isFinite(form.point.latitude) && Number.isFinite(form.point.longitude)
      ? form.point
      : undefined;
  const draft: ReportForm = {
    ...EMPTY_FORM,
    category,
    description: form.description,
    address: form.address,
    anonymous: form.anonymous === true,
    phone: form.phone,
    ...(point ? { point } : {}),
    ...(isText(form.waterBody) ? { waterBody: form.waterBody } : {}),
    ...(isText(form.regionCode) ? { regionCode: form.regionCode } : {}),
  };
  return isWorthKeeping(draft) ? draft : undefined;
}
