import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro, { useRouter } from '@tarojs/taro';
import StaffCasePage from '../case';

const request = Taro.request as jest.Mock;

const detail = (version: number, status = 'handling', statusLabel = '办理中') => ({
  id: 'c1',
  trackingNumber: 'SL20261123000001',
  category: 'river_lake',
  categoryName: '河湖突出问题',
  description: '淠河东河口镇段有人在河道里非法采砂。',
  place: { address: '安徽省六安市金安区东河口镇' },
  status,
  statusLabel,
  overdue: false,
  due: { kind: 'handle', at: '2026-12-21T15:59:59.999Z', remindAt: '2026-12-17T16:00:00.000Z' },
  workingDaysLeft: 2,
  reporter: { anonymous: false, name: '王*国', phone: '138****5678' },
  photos: [],
  mergedFrom: [],
  returnCount: 0,
  timeline: [],
  allowedActions: status === 'handling' ? ['progress', 'resolve'] : [],
  createdAt: '2026-11-23T02:00:00.000Z',
  version,
});

async function press(container: HTMLElement, id: string) {
  const button = await waitFor(() => {
    const found = container.querySelector<HTMLElement>(`#${id}`);
    if (!found) throw new Error(`no #${id} yet`);
    return found;
  });
  await act(async () => {
    button.click();
  });
}

beforeEach(() => {
  request.mockReset();
  Taro.setStorageSync('staff-token', 'staff-secret');
  Taro.setStorageSync('staff-profile', {
    id: 's1',
    username: 'd',
    displayName: '河湖司',
    role: 'department',
  });
  (useRouter as jest.Mock).mockReturnValue({ params: { id: 'c1' } });
});

it('when resolve is tapped twice and someone else changed the case, then one request goes, the 409 is explained and the case reloaded; the retry carries the new version', async () => {
  let version = 4;
  let refuse: (reply: unknown) => void = () => undefined;
  request.mockImplementation(({ method, data }: { method: string; data?: { version?: number } }) => {
    if (method === 'GET') return Promise.resolve({ statusCode: 200, data: detail(version) });
    if (data?.version === 4) return new Promise((resolve) => (refuse = resolve));
    return Promise.resolve({ statusCode: 200, data: detail(6, 'resolved', '已办结') });
  });
  const { container } = render(<StaffCasePage />);
  expect(await screen.findByText('还剩2个工作日（2026-12-21）')).toBeInTheDocument();

  await press(container, 'action-resolve');
  const textarea = await waitFor(() => {
    const found = container.querySelector<HTMLTextAreaElement>('#action-summary textarea');
    if (!found) throw new Error('no summary yet');
    return found;
  });
  act(() => {
    fireEvent.input(textarea, { target: { value: '已拆除采砂设备。' } });
  });
  await press(container, 'action-confirm');
  await press(container, 'action-confirm');
  const posts = () => request.mock.calls.filter(([options]) => options.method === 'POST');
  expect(posts()).toHaveLength(1);
  expect(posts()[0]?.[0]).toMatchObject({
    url: 'http://api.test/api/v1/cases/c1/actions/resolve',
    data: { summary: '已拆除采砂设备。', version: 4 },
  });

  version = 5; // someone else's progress note got in first
  await act(async () =>
    refuse({
      statusCode: 409,
      data: { error: { code: 'case-changed', message: '这个案件刚刚被其他人更新了，请刷新后再试。' } },
    }),
  );
  expect(
    await screen.findByText(
      '这个案件刚刚被其他人更新了，请刷新后再试。页面已更新为最新情况，请核对后再操作。',
    ),
  ).toBeInTheDocument();
  expect(request.mock.calls.filter(([options]) => options.method === 'GET')).toHaveLength(2);

  await press(container, 'action-confirm');
  expect(posts()[1]?.[0]).toMatchObject({ data: { summary: '已拆除采砂设备。', version: 5 } });
  expect(await screen.findByText('已办结。案件现在的状态：已办结。')).toBeInTheDocument();
  expect(container.querySelector('#action-confirm')).toBeNull();
  expect(await screen.findByText('您现在不需要对这个案件进行操作。')).toBeInTheDocument();
});
