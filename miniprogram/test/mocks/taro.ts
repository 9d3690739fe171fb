/** @tarojs/taro for jest: the APIs as jest.fn()s and the page lifecycle hooks as effects. */
import { useEffect } from 'react';

const storage = new Map<string, unknown>();

const Taro = {
  request: jest.fn(),
  login: jest.fn(async () => ({ code: 'test-code' })),
  getStorageSync: jest.fn((key: string) => storage.get(key) ?? ''),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, value)),
  navigateTo: jest.fn(async () => undefined),
  redirectTo: jest.fn(async () => undefined),
  reLaunch: jest.fn(async () => undefined),
  makePhoneCall: jest.fn(async () => undefined),
  setClipboardData: jest.fn(async () => undefined),
  stopPullDownRefresh: jest.fn(),
  navigateBack: jest.fn(async () => undefined),
  chooseImage: jest.fn(),
  uploadFile: jest.fn(),
  getLocation: jest.fn(),
  chooseLocation: jest.fn(),
  requestSubscribeMessage: jest.fn(),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
  downloadFile: jest.fn(),
  previewImage: jest.fn(async () => undefined),
};

export const useRouter = jest.fn(() => ({ params: {} as Record<string, string | undefined> }));
export const useDidShow = (fn: () => void) => useEffect(fn, []);
export const usePullDownRefresh = jest.fn();

export default Taro;
