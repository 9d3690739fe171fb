import { act, fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { useRouter } from '@tarojs/taro';
import SurveyPage from '../survey';
import { deferred, ok, stubRequests, type StubReply } from '../../../test/request-stub';

const SURVEY_PATH = '/api/v1/citizen/cases/SL20261123000042/survey';

async function tap(container: HTMLElement, selector: string) {
  const element = await waitFor(() => {
    const found = container.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`no ${selector} yet`);
    return found;
  });
  await act(async () => {
    element.click();
  });
}

const problems = (container: HTMLElement) =>
  [...container.querySelectorAll('#survey-problems .error-text')].map((node) => node.textContent);

beforeEach(() => {
  (Taro.request as unknown as jest.Mock).mockReset();
  (Taro.redirectTo as unknown as jest.Mock).mockClear();
  Taro.setStorageSync('citizen-token', 'a'.repeat(43));
  (useRouter as jest.Mock).mockReturnValue({ params: { trackingNumber: 'SL20261123000042' } });
});

describe('SurveyPage', () => {
  it('when submitted before all three answers are given, then it names each missing one and sends nothing', async () => {
    const sent = stubRequests({});
    const { container } = render(<SurveyPage />);

    await tap(container, '#survey-submit');
    await waitFor(() =>
      expect(problems(container)).toEqual([
        '请选择您对办理结果是否满意。',
        '请选择问题是否已经解决。',
        '请点星星打分（1到5星）。',
      ]),
    );

    await tap(container, '#satisfaction-satisfied');
    await tap(container, '#solved-solved');
    await tap(container, '#survey-submit');
    await waitFor(() => expect(problems(container)).toEqual(['请点星星打分（1到5星）。']));
    expect(sent).toEqual([]);
  });

  it('when all answers are given and submit is tapped twice, then one answer is sent with the server’s values', async () => {
    const answer = deferred<StubReply>();
    const sent = stubRequests({ [`POST ${SURVEY_PATH}`]: () => answer.promise });
    const { container } = render(<SurveyPage />);

    await tap(container, '#satisfaction-very_satisfied');
    await tap(container, '#solved-partly');
    await tap(container, '#stars-4');
    const comment = await waitFor(() => {
      const found = container.querySelector<HTMLTextAreaElement>('#survey-comment textarea');
      if (!found) throw new Error('no comment box yet');
      return found;
    });
    act(() => {
      fireEvent.input(comment, { target: { value: ' 办得很快 ' } });
    });
    expect(container.querySelector('#satisfaction-very_satisfied')).toHaveClass('is-selected');
    expect(container.querySelector('#stars-4')).toHaveClass('is-on');
    expect(container.querySelector('#stars-5')).not.toHaveClass('is-on');

    await tap(container, '#survey-submit');
    await tap(container, '#survey-submit');
    await act(async () => answer.resolve(ok({ trackingNumber: 'SL20261123000042', offerReview: false })));

    await waitFor(() => expect(container.querySelector('#survey-thanks')).not.toBeNull());
    expect(sent).toEqual([
      {
        method: 'POST',
        path: SURVEY_PATH,
        body: { satisfaction: 'very_satisfied', solved: 'partly', stars: 4, comment: '办得很快' },
      },
    ]);
    expect(container.querySelector('#open-review')).toBeNull();
  });

  it('when the server offers a review, then the thanks page leads to the review page of the same case', async () => {
    stubRequests({ [`POST ${SURVEY_PATH}`]: ok({ trackingNumber: 'SL20261123000042', offerReview: true }) });
    const { container } = render(<SurveyPage />);
    await tap(container, '#satisfaction-dissatisfied');
    await tap(container, '#solved-unsolved');
    await tap(container, '#stars-1');
    await tap(container, '#survey-submit');

    await tap(container, '#open-review');
    expect(Taro.redirectTo).toHaveBeenCalledWith({
      url: '/pages/review/index?trackingNumber=SL20261123000042',
    });
  });

  it('when opened from the invitation link, then the answer goes to the token route without signing in', async () => {
    (useRouter as jest.Mock).mockReturnValue({ params: { token: 'T'.repeat(43) } });
    const sent = stubRequests({ [`POST /api/v1/surveys/${'T'.repeat(43)}`]: ok({ offerReview: false }) });
    const { container } = render(<SurveyPage />);
    await tap(container, '#satisfaction-basically_satisfied');
    await tap(container, '#solved-solved');
    await tap(container, '#stars-3');
    await tap(container, '#survey-submit');
    await waitFor(() => expect(container.querySelector('#survey-thanks')).not.toBeNull());
    expect(sent).toHaveLength(1);
  });

  it('when sending fails, then the message shows and the choices stay for another try', async () => {
    stubRequests({
      [`POST ${SURVEY_PATH}`]: {
        statusCode: 409,
        data: { error: { code: 'survey-closed', message: '回访已结束，感谢您的关注。' } },
      },
    });
    const { container } = render(<SurveyPage />);
    await tap(container, '#satisfaction-satisfied');
    await tap(container, '#solved-solved');
    await tap(container, '#stars-5');
    await tap(container, '#survey-submit');
    await waitFor(() => expect(problems(container)).toEqual(['回访已结束，感谢您的关注。']));
    expect(container.querySelector('#satisfaction-satisfied')).toHaveClass('is-selected');
  });
});
