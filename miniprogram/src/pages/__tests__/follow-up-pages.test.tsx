import { act, fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { useRouter } from '@tarojs/taro';
import CasePage from '../case';
import KnowledgePage from '../knowledge';
import SupplementPage from '../supplement';
import { ok, stubRequests } from '../../../test/request-stub';

const NUMBER = 'SL20261123000042';
const CASE_PATH = `/api/v1/citizen/cases/${NUMBER}`;

const aCase = (patch: Record<string, unknown>) => ({
  trackingNumber: NUMBER,
  category: 'river_lake',
  categoryName: '河湖突出问题',
  description: '河边有人倒建筑垃圾',
  place: {},
  status: 'received',
  statusLabel: '待受理',
  timeline: [{ type: 'received', at: '2026-11-23T01:00:00.000Z' }],
  createdAt: '2026-11-23T01:00:00.000Z',
  ...patch,
});

async function find<T extends Element>(container: HTMLElement, selector: string): Promise<T> {
  return waitFor(() => {
    const found = container.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector} yet`);
    return found;
  });
}

async function tap(container: HTMLElement, selector: string) {
  const element = await find<HTMLElement>(container, selector);
  await act(async () => {
    element.click();
  });
}

beforeEach(() => {
  (Taro.request as unknown as jest.Mock).mockReset();
  (Taro.navigateTo as unknown as jest.Mock).mockClear();
  Taro.setStorageSync('citizen-token', 'a'.repeat(43));
  (useRouter as jest.Mock).mockReturnValue({ params: { trackingNumber: NUMBER } });
});

describe('case page next steps', () => {
  it('when staff asked for more information, then their question shows with a button to the supplement page', async () => {
    stubRequests({
      [`GET ${CASE_PATH}`]: ok(
        aCase({
          status: 'needs_info',
          statusLabel: '待补充',
          timeline: [{ type: 'request-info', at: '2026-11-23T02:00:00.000Z', note: '请说明具体在哪个村' }],
        }),
      ),
    });
    const { container } = render(<CasePage />);
    await tap(container, '#open-supplement');
    expect(container).toHaveTextContent('工作人员请您补充：请说明具体在哪个村');
    expect(container.querySelector('#open-survey')).toBeNull();
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/supplement/index?trackingNumber=${NUMBER}` });
  });

  it('when the survey is open, then a button leads to it; once answered, the answer shows instead', async () => {
    stubRequests({ [`GET ${CASE_PATH}`]: ok(aCase({ status: 'resolved', survey: { state: 'reminded' } })) });
    const open = render(<CasePage />);
    await tap(open.container, '#open-survey');
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/survey/index?trackingNumber=${NUMBER}` });
    open.unmount();

    stubRequests({
      [`GET ${CASE_PATH}`]: ok(
        aCase({ status: 'resolved', survey: { state: 'answered', answer: { satisfactionLabel: '满意' } } }),
      ),
    });
    const answered = render(<CasePage />);
    await waitFor(() => expect(answered.container).toHaveTextContent('您的评价满意'));
    expect(answered.container.querySelector('#open-survey')).toBeNull();
  });
});

describe('supplement page', () => {
  it('when a resolved report has no review under way, then a review can be asked from the case; a consultation offers none', async () => {
    stubRequests({ [`GET ${CASE_PATH}`]: ok(aCase({ status: 'resolved', statusLabel: '已办结' })) });
    const resolved = render(<CasePage />);
    await tap(resolved.container, '#open-review');
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/review/index?trackingNumber=${NUMBER}` });
    resolved.unmount();

    stubRequests({
      [`GET ${CASE_PATH}`]: ok(aCase({ category: 'consult', status: 'answered', statusLabel: '已答复' })),
    });
    const consultation = render(<CasePage />);
    await find(consultation.container, '.case-summary__number');
    expect(consultation.container.querySelector('#open-review')).toBeNull();
    consultation.unmount();

    stubRequests({ [`GET ${CASE_PATH}`]: ok(aCase({ status: 'reviewing', statusLabel: '复查中' })) });
    const inReview = render(<CasePage />);
    await find(inReview.container, '.case-summary__number');
    expect(inReview.container.querySelector('#open-review')).toBeNull();
  });

  it('when the note is sent and fails once, then the text stays; the second try sends it once', async () => {
    let calls = 0;
    const sent = stubRequests({
      [`GET ${CASE_PATH}`]: ok(aCase({ status: 'needs_info' })),
      [`POST ${CASE_PATH}/supplement`]: () =>
        ++calls === 1
          ? { statusCode: 503, data: { error: { code: 'busy', message: '服务器忙，请稍后再试。' } } }
          : ok({ trackingNumber: NUMBER }),
    });
    const { container } = render(<SupplementPage />);
    const box = await find<HTMLTextAreaElement>(container, '#supplement-note textarea');
    act(() => {
      fireEvent.input(box, { target: { value: '在张庄村东头的桥下' } });
    });

    await tap(container, '#supplement-submit');
    await waitFor(() => expect(container).toHaveTextContent('服务器忙，请稍后再试。'));
    expect(box.value).toBe('在张庄村东头的桥下');

    await tap(container, '#supplement-submit');
    await find(container, '#supplement-done');
    expect(sent.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { note: '在张庄村东头的桥下' },
      { note: '在张庄村东头的桥下' },
    ]);
  });
});

describe('knowledge page', () => {
  it('when a question is searched, then the answers show; with none, a way to ask us stays at hand', async () => {
    stubRequests({
      'GET /api/v1/citizen/knowledge?q=%E6%89%93%E4%BA%95&limit=10': ok({
        items: [
          { id: 'k1', question: '打井要办什么手续？', answer: '需要向县级水行政主管部门申请取水许可。' },
        ],
      }),
      'GET /api/v1/citizen/knowledge?q=%E5%A4%96%E6%98%9F&limit=10': ok({ items: [] }),
    });
    const { container } = render(<KnowledgePage />);
    const input = await find<HTMLInputElement>(container, '#knowledge-query input');

    act(() => {
      fireEvent.input(input, { target: { value: '打井' } });
    });
    await tap(container, '#knowledge-search');
    await waitFor(() => expect(container.querySelectorAll('.knowledge-item')).toHaveLength(1));
    expect(container.querySelector('.knowledge-item')).toHaveTextContent(
      '需要向县级水行政主管部门申请取水许可。',
    );

    act(() => {
      fireEvent.input(input, { target: { value: '外星' } });
    });
    await tap(container, '#knowledge-search');
    await find(container, '#knowledge-empty');
    await tap(container, '#knowledge-consult');
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/report/index?category=consult' });
  });
});
