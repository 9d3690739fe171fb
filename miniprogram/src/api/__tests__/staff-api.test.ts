import Taro from '@tarojs/taro';
import { ApiError } from '../http-client';
import { getCase, loginStaff, takeAction } from '../staff-api';
import { getStaffProfile, getStaffToken, STAFF_LOGIN_PAGE } from '../staff-auth';

const request = Taro.request as jest.Mock;
const staff = {
  id: 's1',
  username: 'demo-center',
  displayName: '中心',
  role: 'center',
  department: null,
  unit: null,
};

beforeEach(() => {
  request.mockReset();
  (Taro.reLaunch as jest.Mock).mockClear();
  Taro.removeStorageSync('staff-token');
  Taro.setStorageSync('citizen-token', 'citizen-secret');
});

async function signIn() {
  request.mockResolvedValueOnce({ statusCode: 200, data: { token: 'staff-secret', staff } });
  await loginStaff('demo-center', 'pass');
}

describe('the staff API', () => {
  it('when staff log in, then the token is kept under its own key and sent as Bearer, never the citizen one', async () => {
    await signIn();
    expect(getStaffToken()).toBe('staff-secret');
    expect(getStaffProfile()).toEqual(staff);
    expect(Taro.getStorageSync('citizen-token')).toBe('citizen-secret');

    request.mockResolvedValueOnce({ statusCode: 200, data: { id: 'c1' } });
    await getCase('c1');
    expect(request.mock.calls[1]?.[0]).toMatchObject({
      url: 'http://api.test/api/v1/cases/c1',
      method: 'GET',
      header: { authorization: 'Bearer staff-secret' },
    });
  });

  it('when the server refuses, then its message comes as an ApiError with code and status', async () => {
    await signIn();
    request.mockResolvedValueOnce({
      statusCode: 409,
      data: { error: { code: 'case-changed', message: '这个案件刚刚被其他人更新了，请刷新后再试。' } },
    });
    const error = await takeAction('c1', 'accept', { version: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'case-changed',
      status: 409,
      message: '这个案件刚刚被其他人更新了，请刷新后再试。',
    });
    expect(request.mock.calls[1]?.[0]).toMatchObject({ data: { version: 2 }, method: 'POST' });
  });

  it('when the session is over (401), then the token is forgotten and the login page opens', async () => {
    await signIn();
    request.mockResolvedValueOnce({
      statusCode: 401,
      data: { error: { code: 'unauthenticated', message: '登录已过期，请重新登录。' } },
    });
    await expect(getCase('c1')).rejects.toMatchObject({ status: 401, message: '登录已过期，请重新登录。' });
    expect(getStaffToken()).toBe('');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: STAFF_LOGIN_PAGE });
    expect(Taro.getStorageSync('citizen-token')).toBe('citizen-secret');
  });

  it('when the password is wrong, then the server message comes back and nothing is stored', async () => {
    request.mockResolvedValueOnce({
      statusCode: 401,
      data: { error: { code: 'invalid-credentials', message: '用户名或密码不正确，请重新输入。' } },
    });
    await expect(loginStaff('demo-center', 'wrong')).rejects.toMatchObject({
      message: '用户名或密码不正确，请重新输入。',
    });
    expect(getStaffToken()).toBe('');
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
