import { findQueue, mayViewFigures, queueQuery, queuesFor } from '../staff-queues';
import type { StaffRole } from '../staff-case';

describe('queuesFor', () => {
  it.each<[StaffRole, string[]]>([
    ['center', ['intake', 'assign', 'due-soon', 'overdue', 'review', 'close', 'all']],
    ['department', ['handle', 'due-soon', 'overdue', 'review', 'all']],
    ['unit', ['handle', 'due-soon', 'overdue', 'all']],
    ['office', ['overdue', 'due-soon', 'review', 'flagged', 'handle', 'all']],
    ['admin', ['overdue', 'due-soon', 'all']],
  ])('when %s staff sign in, then their tabs are %j', (role, keys) => {
    expect(queuesFor(role).map((queue) => queue.key)).toEqual(keys);
  });

  it('when a role has queues, then each has a Chinese label and an empty-list sentence', () => {
    for (const queue of queuesFor('center')) {
      expect(queue.label).toMatch(/[\u4e00-\u9fa5]/);
      expect(queue.emptyText).toMatch(/。$/);
    }
  });
});

describe('queueQuery', () => {
  it.each([
    ['intake', 'status=received,needs_info&limit=50'],
    ['assign', 'status=accepted,returned&limit=50'],
    ['handle', 'status=assigned,handling,extended&limit=50'],
    ['due-soon', 'dueSoon=true&limit=50'],
    ['overdue', 'overdue=true&limit=50'],
    ['review', 'status=review_requested,reviewing&limit=50'],
    ['close', 'status=resolved,answered,rejected&limit=50'],
    ['flagged', 'flagged=true&limit=50'],
    ['all', 'limit=50'],
  ])('when the %s queue is listed, then GET /api/v1/cases?%s', (key, query) => {
    const queue = findQueue(key);
    if (!queue) throw new Error(`no queue ${key}`);
    expect(queueQuery(queue)).toBe(query);
  });

  it('when an unknown queue is asked for, then there is none', () => {
    expect(findQueue('nonsense')).toBeUndefined();
    expect(findQueue(undefined)).toBeUndefined();
  });
});

describe('mayViewFigures', () => {
  it.each<[StaffRole, boolean]>([
    ['office', true],
    ['admin', true],
    ['center', false],
    ['department', false],
    ['unit', false],
  ])('when %s staff sign in, then the figures link shows: %s', (role, shown) => {
    expect(mayViewFigures(role)).toBe(shown);
  });
});
