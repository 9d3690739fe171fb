import { loadSignboards } from './signboards';

describe('loadSignboards', () => {
  test('when the bundled file is loaded, then each signboard is found by its id', () => {
    const signboards = loadSignboards();
    expect(signboards.get('HZ-130522-0231')).toMatchObject({ river: '消水河', regionCode: '130522' });
  });

  test.each([
    [{ version: 1, signboards: [{ id: 'a b', river: 'x', county: 'y' }] }, 'signboards.0.id'],
    [{ version: 1, signboards: [{ id: 'A', river: 'x', county: 'y', latitude: 30 }] }, 'go together'],
    [
      {
        version: 1,
        signboards: [
          { id: 'A', river: 'x', county: 'y' },
          { id: 'A', river: 'z', county: 'y' },
        ],
      },
      'unique',
    ],
    [{ version: 1, signboards: [{ id: 'A', river: 'x', county: 'y', regionCode: '13' }] }, 'region code'],
  ])('when a signboard is invalid (%#), then start-up fails naming it', (raw, expected) => {
    expect(() => loadSignboards(raw)).toThrow(expected);
  });
});
