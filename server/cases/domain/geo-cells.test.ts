import { geoCellOf, geoCellsTouching } from './geo-cells';

test.each([
  [{ latitude: 33.4621, longitude: 117.431 }, '3346:11743'],
  [{ latitude: 33.46, longitude: 117.43 }, '3346:11743'], // on a cell's edge: that cell
  [{ latitude: -0.005, longitude: -0.015 }, '-1:-2'],
  [{ latitude: 33.4621 }, undefined],
  [{}, undefined],
])('the cell of %o is %s', (place, cell) => {
  expect(geoCellOf(place)).toBe(cell);
});

test('a 1 km box around a report touches its own cell and the neighbouring ones', () => {
  const cells = geoCellsTouching({ minLat: 33.453, maxLat: 33.471, minLng: 117.42, maxLng: 117.442 });
  expect(cells).toEqual([
    '3345:11742',
    '3345:11743',
    '3345:11744',
    '3346:11742',
    '3346:11743',
    '3346:11744',
    '3347:11742',
    '3347:11743',
    '3347:11744',
  ]);
  // Every point inside the box lies in one of them.
  for (const [latitude, longitude] of [
    [33.453, 117.42],
    [33.471, 117.442],
    [33.46, 117.43],
  ] as const) {
    expect(cells).toContain(geoCellOf({ latitude, longitude }));
  }
});

test('a box too wide to list (near a pole) gives no cells rather than thousands', () => {
  expect(geoCellsTouching({ minLat: 89.99, maxLat: 90, minLng: -180, maxLng: 180 })).toEqual([]);
});
