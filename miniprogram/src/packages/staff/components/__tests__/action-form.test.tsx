import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../../../api/http-client';
import type { StaffCaseDetail } from '../../../../domain/staff-case';
import ActionForm from '../action-form';

const detail = {
  id: 'c1',
  trackingNumber: 'SL20261123000001',
  status: 'handling',
  statusLabel: '办理中',
  version: 4,
  allowedActions: ['progress', 'resolve'],
  assignment: { department: 'riverlake' },
  intakeFindings: { suggestedAssignment: { department: 'riverlake', unit: 'anhui' } },
} as unknown as StaffCaseDetail;

async function type(container: HTMLElement, id: string, value: string) {
  const textarea = await waitFor(() => {
    const found = container.querySelector<HTMLTextAreaElement>(`#${id} textarea`);
    if (!found) throw new Error(`no textarea #${id} yet`);
    return found;
  });
  act(() => {
    fireEvent.input(textarea, { target: { value } });
  });
}

async function press(container: HTMLElement, id: string) {
  const button = container.querySelector<HTMLElement>(`#${id}`);
  if (!button) throw new Error(`no button #${id}`);
  await act(async () => {
    button.click();
  });
}

describe('ActionForm', () => {
  it('when confirmed empty, then it says what is missing and sends nothing', async () => {
    const onSubmit = jest.fn();
    const { container } = render(
      <ActionForm
        action='resolve'
        detail={detail}
        candidates={[]}
        onSubmit={onSubmit}
        onCancel={jest.fn()}
      />,
    );
    await press(container, 'action-confirm');
    expect(await screen.findByText('请填写办理结果。')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('when confirm is tapped twice and the server answers 409, then it is sent once with the version and the message shows', async () => {
    let refuse: (error: Error) => void = () => undefined;
    const onSubmit = jest.fn(() => new Promise<void>((_resolve, reject) => (refuse = reject)));
    const { container } = render(
      <ActionForm
        action='resolve'
        detail={detail}
        candidates={[]}
        onSubmit={onSubmit}
        onCancel={jest.fn()}
      />,
    );
    await type(container, 'action-summary', '已拆除采砂设备，河岸已恢复。');
    await press(container, 'action-confirm');
    await press(container, 'action-confirm');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({ summary: '已拆除采砂设备，河岸已恢复。', version: 4 });
    expect(await screen.findByText('正在提交，请稍候…')).toBeInTheDocument();

    await act(async () =>
      refuse(new ApiError('case-changed', 409, '这个案件刚刚被其他人更新了，请刷新后再试。')),
    );
    expect(await screen.findByText('这个案件刚刚被其他人更新了，请刷新后再试。')).toBeInTheDocument();
    await waitFor(() => expect(container.querySelector('#action-confirm')).toHaveTextContent('确认办结'));
  });

  it('when assigning, then the suggested department and unit are already chosen', async () => {
    const onSubmit = jest.fn(async () => undefined);
    const { container } = render(
      <ActionForm action='assign' detail={detail} candidates={[]} onSubmit={onSubmit} onCancel={jest.fn()} />,
    );
    await waitFor(() =>
      expect(container.querySelector('#action-department')).toHaveTextContent('河湖管理司'),
    );
    expect(container.querySelector('#action-unit')).toHaveTextContent('安徽省水利厅');
    await press(container, 'action-confirm');
    expect(onSubmit).toHaveBeenCalledWith({ department: 'riverlake', unit: 'anhui', version: 4 });
    // The label comes back once sending is over; waiting for it keeps late renders inside the test.
    await waitFor(() => expect(container.querySelector('#action-confirm')).toHaveTextContent('确认分办'));
  });
});
