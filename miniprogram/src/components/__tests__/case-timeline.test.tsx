import { render, screen } from '@testing-library/react';
import CaseTimeline from '../case-timeline';

describe('CaseTimeline', () => {
  it('when a case has steps, then each shows its words and its China time in order', async () => {
    const { container } = render(
      <CaseTimeline
        events={[
          { type: 'received', at: '2026-11-20T01:05:00.000Z' },
          { type: 'assign', at: '2026-11-21T08:30:00.000Z' },
          { type: 'resolve', at: '2026-11-23T16:00:00.000Z', note: '已拆除违建并恢复河道。' },
        ]}
      />,
    );
    expect(await screen.findByText('已收到您的举报')).toBeInTheDocument();
    expect(screen.getByText('2026-11-20 09:05')).toBeInTheDocument();
    expect(screen.getByText('已转交承办单位')).toBeInTheDocument();
    expect(screen.getByText('2026-11-21 16:30')).toBeInTheDocument();
    expect(screen.getByText('已拆除违建并恢复河道。')).toBeInTheDocument();
    expect(screen.getByText('2026-11-24 00:00')).toBeInTheDocument();
    const titles = [...container.querySelectorAll('.case-timeline__title')].map((el) => el.textContent);
    expect(titles).toEqual(['已收到您的举报', '已转交承办单位', '已办结']);
    expect(container.querySelectorAll('.is-latest')).toHaveLength(1);
  });

  it('when a step type is new to the app, then it still shows as progress', async () => {
    render(<CaseTimeline events={[{ type: 'something-new', at: '2026-11-20T01:05:00.000Z' }]} />);
    expect(await screen.findByText('办理进展')).toBeInTheDocument();
  });

  it('when there are no steps, then it says so', async () => {
    render(<CaseTimeline events={[]} />);
    expect(await screen.findByText('暂时还没有办理记录。')).toBeInTheDocument();
  });
});
