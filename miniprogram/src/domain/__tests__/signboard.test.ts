import { EMPTY_FORM } from '../report-form';
import { applySignboard, readSceneId } from '../signboard';

const board = {
  id: 'HZ-130522-0231',
  river: '消水河',
  county: '临城县',
  regionCode: '130522',
  latitude: 37.44,
  longitude: 114.51,
};

describe('readSceneId', () => {
  it.each([
    ['a plain id', 'HZ-130522-0231', 'HZ-130522-0231'],
    ['an id URL-encoded by WeChat', 'HZ%2D130522%2D0231', 'HZ-130522-0231'],
    ['nothing', undefined, undefined],
    ['broken percent-encoding', 'HZ%E0%A4%A', undefined],
    ['markup', encodeURIComponent('<b>1</b>'), undefined],
    ['65 characters', 'A'.repeat(65), undefined],
  ])('when the scene is %s, then %s', (_case, scene, expected) => {
    expect(readSceneId(scene)).toBe(expected);
  });
});

describe('applySignboard', () => {
  it('when the form is empty, then the address, river, region and point come from the signboard', () => {
    expect(applySignboard({ ...EMPTY_FORM }, board)).toMatchObject({
      address: '临城县消水河（河湖长公示牌HZ-130522-0231附近）',
      waterBody: '消水河',
      regionCode: '130522',
      point: { latitude: 37.44, longitude: 114.51, source: 'signboard' },
    });
  });

  it('when the reporter already typed an address and used their location, then both stay', () => {
    const point = { latitude: 37.5, longitude: 114.6, source: 'device' as const };
    const filled = applySignboard({ ...EMPTY_FORM, address: '村东桥下', point }, board);
    expect(filled.address).toBe('村东桥下');
    expect(filled.point).toEqual(point);
    expect(filled.waterBody).toBe('消水河');
  });
});
