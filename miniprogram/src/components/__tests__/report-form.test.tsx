import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ReportForm from '../report-form';
import type { CaseSubmission } from '../../domain/report-form';

function textareaOf(container: HTMLElement): HTMLTextAreaElement {
  const textarea = container.querySelector<HTMLTextAreaElement>('#description textarea');
  if (!textarea) throw new Error('no textarea yet');
  return textarea;
}

async function typeDescription(container: HTMLElement, value: string) {
  const textarea = await waitFor(() => textareaOf(container));
  act(() => {
    fireEvent.input(textarea, { target: { value } });
  });
}

async function pressSubmit(container: HTMLElement) {
  const button = container.querySelector<HTMLElement>('#submit');
  if (!button) throw new Error('no submit button');
  await act(async () => {
    button.click();
  });
}

beforeEach(() => Taro.removeStorageSync('report-draft'));

describe('ReportForm', () => {
  it('when submitted empty, then it names the missing category and description and sends nothing', async () => {
    const onSubmit = jest.fn();
    const { container } = render(<ReportForm onSubmit={onSubmit} />);
    await pressSubmit(container);
    expect(await screen.findByText('请选择问题类别。')).toBeInTheDocument();
    expect(screen.getByText('请描述您要反映的问题。')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('when the description is typed, then the counter follows it', async () => {
    const { container } = render(<ReportForm initialCategory='rural_water' onSubmit={jest.fn()} />);
    await typeDescription(container, '村里停水');
    await waitFor(() => expect(container.querySelector('#description-count')).toHaveTextContent('4/2000字'));
    expect(container.querySelector('#description-count')).toHaveClass('is-bad');
    await typeDescription(container, '村里停水三天了');
    await waitFor(() => expect(container.querySelector('#description-count')).toHaveTextContent('7/2000字'));
    expect(container.querySelector('#description-count')).not.toHaveClass('is-bad');
  });

  it('when a valid form is submitted twice quickly, then one case is sent with the typed values', async () => {
    let finish: () => void = () => undefined;
    const onSubmit = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { container } = render(<ReportForm initialCategory='rural_water' onSubmit={onSubmit} />);
    await typeDescription(container, '村里停水三天了');
    await pressSubmit(container);
    await pressSubmit(container);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]).toEqual([
      {
        category: 'rural_water',
        description: '村里停水三天了',
        place: {},
        reporter: { anonymous: false },
      } satisfies CaseSubmission,
    ]);
    expect(await screen.findByText('正在提交，请稍候…')).toBeInTheDocument();
    await act(async () => finish());
    // Let the button's own rendering settle before the test unmounts it.
    await waitFor(() => expect(container.querySelector('#submit')).toHaveTextContent(/^提交$/));
  });

  it('when the submit fails, then the message shows and the description is kept', async () => {
    const onSubmit = jest.fn(async () => {
      throw new Error('网络不太通畅，请稍后再试。您填写的内容已保留。');
    });
    const { container } = render(<ReportForm initialCategory='soil' onSubmit={onSubmit} />);
    await typeDescription(container, '工地把土倒进河里了');
    await pressSubmit(container);
    expect(await screen.findByText('网络不太通畅，请稍后再试。您填写的内容已保留。')).toBeInTheDocument();
    expect(textareaOf(container).value).toBe('工地把土倒进河里了');
    await waitFor(() => expect(container.querySelector('#submit')).toHaveTextContent('提交'));
  });
  it('when the form is left with text and opened again, then the text comes back with a notice; 清空 starts afresh', async () => {
    const first = render(<ReportForm initialCategory='river_lake' onSubmit={jest.fn()} />);
    await typeDescription(first.container, '河道里有人挖沙，河岸塌了');
    first.unmount();

    const again = render(<ReportForm onSubmit={jest.fn()} />);
    await waitFor(() => expect(textareaOf(again.container).value).toBe('河道里有人挖沙，河岸塌了'));
    expect(again.container.querySelector('#draft-restored')).toHaveTextContent('照片需要重新添加');
    expect(again.container.querySelector('.report-form__picker')).toHaveTextContent('河湖突出问题');

    await act(async () => again.container.querySelector<HTMLElement>('#draft-discard')!.click());
    await waitFor(() => expect(textareaOf(again.container).value).toBe(''));
    expect(again.container.querySelector('#draft-restored')).toBeNull();
    again.unmount();
    expect(render(<ReportForm onSubmit={jest.fn()} />).container.querySelector('#draft-restored')).toBeNull();
  });

  it('when the report is sent, then no draft is left for next time', async () => {
    const first = render(<ReportForm initialCategory='rural_water' onSubmit={async () => undefined} />);
    await typeDescription(first.container, '村里已经停水三天了，请帮忙解决');
    await pressSubmit(first.container);
    first.unmount();

    const next = render(<ReportForm onSubmit={jest.fn()} />);
    await waitFor(() => expect(textareaOf(next.container).value).toBe(''));
    expect(next.container.querySelector('#draft-restored')).toBeNull();
  });
});
