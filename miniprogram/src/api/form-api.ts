/**
 * What the report form asks the server before a case is filed (server/citizens/citizen-form-routes.ts):
 * the subscription templates to ask for, a scanned signboard, the reporter's WeChat phone number,
 * and the grants the reporter accepted.
 */
import type { Signboard } from '../domain/signboard';
import { requestJson, requestJsonPublic } from './http-client';

export interface CitizenSettings {
  subscribeTemplateIds: string[];
  hotline: string;
}

export function getSettings(): Promise<CitizenSettings> {
  return requestJsonPublic<CitizenSettings>('GET', '/api/v1/citizen/settings');
}

export function getSignboard(id: string): Promise<Signboard> {
  return requestJsonPublic<Signboard>('GET', `/api/v1/citizen/signboards/${encodeURIComponent(id)}`);
}

/** The code from `<Button openType='getPhoneNumber'>` → the number for the phone field. */
export function getPhoneFromCode(code: string): Promise<{ phone: string; countryCode: string }> {
  return requestJson('POST', '/api/v1/citizen/phone', { code });
}

export function recordSubscriptions(templateIds: string[]): Promise<{ recorded: number }> {
  return requestJson('POST', '/api/v1/citizen/subscriptions', { templateIds });
}
