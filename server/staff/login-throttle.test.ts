import { createLoginThrottle } from './login-throttle';

const start = new Date('2025-03-03T09:00:00Z');
const later = (ms: number) => new Date(start.getTime() + ms);

describe('the per-address login throttle', () => {
  test('when an address reaches the limit of failures, then it is blocked until the window ends', () => {
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 2; i += 1) throttle.recordFailure('10.0.0.1', start);
    expect(throttle.isBlocked('10.0.0.1', start)).toBe(false);
    throttle.recordFailure('10.0.0.1', later(1000));
    expect(throttle.isBlocked('10.0.0.1', later(1000))).toBe(true);
    expect(throttle.isBlocked('10.0.0.2', later(1000))).toBe(false);
    expect(throttle.isBlocked('10.0.0.1', later(60_000))).toBe(false);
  });

  test('when a new window starts, then failures count from zero again', () => {
    const throttle = createLoginThrottle({ maxFailures: 2, windowMs: 60_000 });
    throttle.recordFailure('10.0.0.1', start);
    throttle.recordFailure('10.0.0.1', later(61_000));
    expect(throttle.isBlocked('10.0.0.1', later(61_000))).toBe(false);
  });
});
