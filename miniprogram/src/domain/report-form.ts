/**
 * The report form as plain data and its checks. Mirrors the server's rules (intake-use-cases,
 * description-rules, identity-crypto): the server still checks; this only spares a round trip and
 * gives the same plain words before the citizen presses submit.
 */
import { findCategory, type CategoryCode } from './categories';

export const DESCRIPTION_MIN_CHARS = 5;
export const DESCRIPTION_MAX_CHARS = 2000;
export const ADDRESS_MAX_CHARS = 200;
const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>/i;

/** Where a point on the map came from: the phone's location, a point picked on the map, a signboard. */
export type PointSource = 'device' | 'picked' | 'signboard';

export interface ReportForm {
  category: CategoryCode | '';
  description: string;
  address: string;
  anonymous: boolean;
  phone: string;
  point?: { latitude: number; longitude: number; source: PointSource };
  /** From a signboard: the river or lake, and the county's region code. */
  waterBody?: string;
  regionCode?: string;
}

export type ReportField = 'category' | 'description' | 'address' | 'phone';
export type FormErrors = Partial<Record<ReportField, string>>;

/** The body of POST /api/v1/citizen/cases. */
export interface CaseSubmission {
  category: CategoryCode;
  description: string;
  place: { address?: string; latitude?: number; longitude?: number; waterBody?: string; regionCode?: string };
  /** Ids from POST /api/v1/citizen/photos; left out when there are none. */
  photos?: string[];
  reporter: { anonymous: boolean; phone?: string };
}

export const EMPTY_FORM: ReportForm = {
  category: '',
  description: '',
  address: '',
  anonymous: false,
  phone: '',
};

/** Characters as a person counts them (an emoji is one), like the server's string length for CJK. */
export function countChars(text: string): number {
  return [...text.trim()].length;
}

/** Digits only; +86/0086/86 dropped and a landline's trunk 0 restored, as the server does. */
export function normalisePhone(value: string): string {
  const trimmed = value.trim();
  let digits = trimmed.replace(/\D/g, '');
  let international = false;
  if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  } else if (trimmed.startsWith('+86')) {
    digits = digits.slice(2);
    international = true;
  } else if (digits.length === 13 && digits.startsWith('861')) {
    digits = digits.slice(2);
  }
  if (international && !digits.startsWith('1') && !digits.startsWith('0')) digits = `0${digits}`;
  return digits;
}

/** A mainland mobile number or a landline with its area code. */
export function isAcceptedPhone(value: string): boolean {
  const digits = normalisePhone(value);
  return /^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits);
}

export function validateReportForm(form: ReportForm): FormErrors {
  const errors: FormErrors = {};
  if (!findCategory(form.category)) errors.category = '请选择问题类别。';

  const chars = countChars(form.description);
  if (chars === 0) errors.description = '请描述您要反映的问题。';
  else if (chars < DESCRIPTION_MIN_CHARS)
    errors.description = `请把问题说得具体一些（至少${DESCRIPTION_MIN_CHARS}个字）。`;
  else if (chars > DESCRIPTION_MAX_CHARS)
    errors.description = `问题描述太长了，请控制在${DESCRIPTION_MAX_CHARS}个字以内。`;
  else if (HTML_TAG.test(form.description)) errors.description = '问题描述里不能包含网页代码。';

  if (countChars(form.address) > ADDRESS_MAX_CHARS)
    errors.address = `地址太长了，请控制在${ADDRESS_MAX_CHARS}个字以内。`;
  else if (HTML_TAG.test(form.address)) errors.address = '地址里不能包含网页代码。';

  if (!form.anonymous && form.phone.trim() && !isAcceptedPhone(form.phone))
    errors.phone = '电话号码格式不对，请填写手机号或带区号的座机号。';
  return errors;
}

export function hasErrors(errors: FormErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** The request body; an anonymous report carries no phone even if one was typed before. */
export function toSubmission(form: ReportForm, photoIds: string[] = []): CaseSubmission {
  if (!form.category) throw new Error('toSubmission needs a validated form');
  const address = form.address.trim();
  const phone = form.phone.trim();
  const { point, waterBody, regionCode } = form;
  return {
    category: form.category,
    description: form.description.trim(),
    place: {
      ...(address ? { address } : {}),
      ...(point ? { latitude: point.latitude, longitude: point.longitude } : {}),
      ...(waterBody ? { waterBody } : {}),
      ...(regionCode ? { regionCode } : {}),
    },
    ...(photoIds.length > 0 ? { photos: photoIds } : {}),
    reporter: form.anonymous ? { anonymous: true } : { anonymous: false, ...(phone ? { phone } : {}) },
  };
}
