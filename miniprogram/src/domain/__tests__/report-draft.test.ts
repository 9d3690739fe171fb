import { DRAFT_MAX_AGE_MS, readDraft } from '../report-draft';
import { EMPTY_FORM } from '../report-form';

const NOW = Date.UTC(2026, 10, 23, 8);
const stored = (form: Record<string, unknown>, savedAt = NOW - 60_000) => ({
  savedAt,
  form: { ...EMPTY_FORM, ...form },
});

describe('readDraft', () => {
  it.each([
    ['nothing stored', ''],
    ['a string', 'report'],
    ['no time', { form: { ...EMPTY_FORM, description: '停水' } }],
    ['older than a week', stored({ description: '停水' }, NOW - DRAFT_MAX_AGE_MS - 1)],
    ['a number for the description', stored({ description: 42 })],
    ['only a category', stored({ category: 'soil' })],
  ])('when storage holds %s, then there is no draft', (_name, value) => {
    expect(readDraft(value, NOW)).toBeUndefined();
  });

  it('when a draft is read, then an unknown category and a broken point are dropped, the text kept', () => {
    const draft = readDraft(
      stored({ category: 'nope', description: '河道里有人挖沙', point: { latitude: 'x', longitude: 1 } }),
      NOW,
    );
    expect(draft).toEqual({ ...EMPTY_FORM, category: '', description: '河道里有人挖沙' });
  });
});
