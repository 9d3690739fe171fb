/**
 * The staff session on this device: the token from POST /api/v1/auth/login and who signed in,
 * kept in Taro storage under keys of their own, so a citizen session on the same phone or
 * browser is never mixed up with it.
 */
import Taro from '@tarojs/taro';
import type { StaffProfile } from '../domain/staff-case';

const TOKEN_KEY = 'staff-token';
const PROFILE_KEY = 'staff-profile';

export const STAFF_LOGIN_PAGE = '/packages/staff/pages/login/index';
export const STAFF_QUEUE_PAGE = '/packages/staff/pages/queue/index';

export function getStaffToken(): string {
  const token = Taro.getStorageSync<string>(TOKEN_KEY);
  return typeof token === 'string' ? token : '';
}

export function getStaffProfile(): StaffProfile | null {
  const profile = Taro.getStorageSync<StaffProfile | ''>(PROFILE_KEY);
  return profile && typeof profile === 'object' ? profile : null;
}

export function saveStaffSession(token: string, staff: StaffProfile): void {
  Taro.setStorageSync(TOKEN_KEY, token);
  Taro.setStorageSync(PROFILE_KEY, staff);
}

export function clearStaffSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(PROFILE_KEY);
}

let redirecting = false;

/** Back to the login page, once even when several requests find the session gone together. */
export function goToStaffLogin(): void {
  if (redirecting) return;
  redirecting = true;
  void Taro.reLaunch({ url: STAFF_LOGIN_PAGE }).finally(() => {
    redirecting = false;
  });
}
