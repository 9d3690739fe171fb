import { act, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import IndexPage from '../index';

describe('the home page', () => {
  it('when opened, then it shows the 8 report categories, what 12314 does not take, and the hotline to tap', async () => {
    const { container } = render(<IndexPage />);
    await waitFor(() => expect(container.querySelectorAll('.category-tile')).toHaveLength(8));
    const notAccepted = container.querySelector('#not-accepted')!;
    expect(notAccepted.textContent).toContain('水污染问题');
    expect(notAccepted.textContent).toContain('12369');

    const hotline = container.querySelector<HTMLElement>('.home__hotline')!;
    expect(hotline.textContent).toContain('12314');
    act(() => hotline.click());
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12314' });
  });
});
