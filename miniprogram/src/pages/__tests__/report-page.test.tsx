import { act, fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { useRouter } from '@tarojs/taro';
import ReportPage from '../report';
import { ok, stubRequests } from '../../../test/request-stub';

const SIGNBOARD = {
  id: 'HZ-130522-0231',
  river: '消水河',
  county: '临城县',
  regionCode: '130522',
  latitude: 37.44,
  longitude: 114.51,
};
const SETTINGS = ok({ subscribeTemplateIds: ['tmpl-progress'], hotline: '12314' });
const FILED = ok({ trackingNumber: 'SL20261123000042', status: 'received' }, 201);

const openWith = (params: Record<string, string>) =>
  (useRouter as jest.Mock).mockReturnValue({ params: { category: 'river_lake', ...params } });

async function find<T extends Element>(container: HTMLElement, selector: string): Promise<T> {
  return waitFor(() => {
    const found = container.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector} yet`);
    return found;
  });
}

async function typeDescription(container: HTMLElement, value: string) {
  const textarea = await find<HTMLTextAreaElement>(container, '#description textarea');
  act(() => {
    fireEvent.input(textarea, { target: { value } });
  });
}

async function submit(container: HTMLElement) {
  const button = await find<HTMLElement>(container, '#submit');
  await act(async () => {
    button.click();
  });
}

const ORIGINAL_ENV = process.env.TARO_ENV;

beforeEach(() => {
  (Taro.request as unknown as jest.Mock).mockReset();
  (Taro.requestSubscribeMessage as unknown as jest.Mock).mockReset();
  (Taro.redirectTo as unknown as jest.Mock).mockClear();
  Taro.setStorageSync('citizen-token', 'a'.repeat(43));
  // Each test starts with a fresh form, not the draft an earlier test left on the "phone".
  Taro.removeStorageSync('report-draft');
});
afterEach(() => {
  process.env.TARO_ENV = ORIGINAL_ENV;
});

describe('report page opened from a signboard QR code', () => {
  it('when the scene names a known signboard, then its river and place fill the form and go with the report', async () => {
    const sent = stubRequests({
      'GET /api/v1/citizen/settings': SETTINGS,
      [`GET /api/v1/citizen/signboards/${SIGNBOARD.id}`]: ok(SIGNBOARD),
      'POST /api/v1/citizen/cases': FILED,
    });
    // WeChat hands the scene over URL-encoded.
    openWith({ scene: encodeURIComponent(SIGNBOARD.id).replace(/-/g, '%2D') });
    const { container } = render(<ReportPage />);

    await waitFor(() => expect(container.querySelector('#signboard-info')).toHaveTextContent('临城县消水河'));
    const address = await find<HTMLInputElement>(container, '#address input');
    await waitFor(() => expect(address.value).toBe('临城县消水河（河湖长公示牌HZ-130522-0231附近）'));
    expect(container.querySelector('#place-point')).toHaveTextContent('北纬37.4400');

    await typeDescription(container, '河边有人倒建筑垃圾');
    await submit(container);

    await waitFor(() => expect(sent.filter((call) => call.path === '/api/v1/citizen/cases')).toHaveLength(1));
    expect(sent.find((call) => call.path === '/api/v1/citizen/cases')?.body).toEqual({
      category: 'river_lake',
      description: '河边有人倒建筑垃圾',
      place: {
        address: '临城县消水河（河湖长公示牌HZ-130522-0231附近）',
        latitude: 37.44,
        longitude: 114.51,
        waterBody: '消水河',
        regionCode: '130522',
      },
      reporter: { anonymous: false },
    });
    expect(Taro.redirectTo).toHaveBeenCalledWith({
      url: '/pages/submitted/index?trackingNumber=SL20261123000042',
    });
  });

  it('when the signboard is unknown, then the server’s message asks to type the place and the form still works', async () => {
    stubRequests({
      'GET /api/v1/citizen/settings': SETTINGS,
      'GET /api/v1/citizen/signboards/HZ-999999-0000': {
        statusCode: 404,
        data: {
          error: {
            code: 'signboard-not-found',
            message: '没有找到这块公示牌的信息，请直接填写问题所在的地点。',
          },
        },
      },
    });
    openWith({ scene: 'HZ-999999-0000' });
    const { container } = render(<ReportPage />);

    await waitFor(() =>
      expect(container).toHaveTextContent('没有找到这块公示牌的信息，请直接填写问题所在的地点。'),
    );
    expect(container.querySelector('#signboard-info')).toBeNull();
    expect((await find<HTMLInputElement>(container, '#address input')).value).toBe('');
  });

  it('when the scene is not a signboard id, then no request is made for it', async () => {
    const sent = stubRequests({ 'GET /api/v1/citizen/settings': SETTINGS });
    openWith({ scene: encodeURIComponent('<b>x</b>') });
    const { container } = render(<ReportPage />);
    await waitFor(() => expect(container).toHaveTextContent('没能读出公示牌上的地点'));
    expect(sent.some((call) => call.path.includes('signboards'))).toBe(false);
  });
});

describe('subscription grants before the submit', () => {
  it('when in WeChat the reporter accepts, then the grant is recorded before the case is sent', async () => {
    process.env.TARO_ENV = 'weapp';
    (Taro.requestSubscribeMessage as unknown as jest.Mock).mockResolvedValue({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-progress': 'accept',
    });
    const sent = stubRequests({
      'GET /api/v1/citizen/settings': SETTINGS,
      'POST /api/v1/citizen/subscriptions': ok({ recorded: 1 }),
      'POST /api/v1/citizen/cases': FILED,
    });
    openWith({});
    const { container } = render(<ReportPage />);
    await waitFor(() => expect(sent.some((call) => call.path === '/api/v1/citizen/settings')).toBe(true));
    await typeDescription(container, '村里停水三天了');
    await submit(container);

    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled());
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tmpl-progress'] });
    expect(sent.filter((call) => call.method === 'POST').map((call) => [call.path, call.body])).toEqual([
      ['/api/v1/citizen/subscriptions', { templateIds: ['tmpl-progress'] }],
      ['/api/v1/citizen/cases', expect.objectContaining({ description: '村里停水三天了' })],
    ]);
  });

  it('when the dialog fails, then the case is sent all the same and no grant is recorded', async () => {
    process.env.TARO_ENV = 'weapp';
    (Taro.requestSubscribeMessage as unknown as jest.Mock).mockRejectedValue({
      errMsg: 'fail',
      errCode: 20004,
    });
    const sent = stubRequests({
      'GET /api/v1/citizen/settings': SETTINGS,
      'POST /api/v1/citizen/cases': FILED,
    });
    openWith({});
    const { container } = render(<ReportPage />);
    await waitFor(() => expect(sent.some((call) => call.path === '/api/v1/citizen/settings')).toBe(true));
    await typeDescription(container, '村里停水三天了');
    await submit(container);

    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled());
    expect(sent.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual([
      '/api/v1/citizen/cases',
    ]);
  });

  it('when in H5, then no dialog is asked for', async () => {
    process.env.TARO_ENV = 'h5';
    const sent = stubRequests({
      'GET /api/v1/citizen/settings': SETTINGS,
      'POST /api/v1/citizen/cases': FILED,
    });
    openWith({});
    const { container } = render(<ReportPage />);
    await typeDescription(container, '村里停水三天了');
    await submit(container);
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled());
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(sent.some((call) => call.path === '/api/v1/citizen/subscriptions')).toBe(false);
  });
});
