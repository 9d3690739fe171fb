import { channelsFor, isInsideCustomerWindow, nextAttemptAt, permanentReason } from './delivery-policy';

describe('delivery policy', () => {
  test.each([
    [{ hasOfficialAccountOpenid: true, hasMiniprogramOpenid: true }, ['template', 'subscribe', 'customer']],
    [{ hasOfficialAccountOpenid: true, hasMiniprogramOpenid: false }, ['template', 'customer']],
    [{ hasOfficialAccountOpenid: false, hasMiniprogramOpenid: true }, ['subscribe']],
    [{ hasOfficialAccountOpenid: false, hasMiniprogramOpenid: false }, []],
  ])('when the reporter is reachable as %j, then the channels are %j', (reach, channels) => {
    expect(channelsFor(reach)).toEqual(channels);
  });

  test('when the last message is 47 or 49 hours old, then the customer-service window is open or closed', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    expect(isInsideCustomerWindow(hoursAgo(47), now)).toBe(true);
    expect(isInsideCustomerWindow(hoursAgo(49), now)).toBe(false);
    expect(isInsideCustomerWindow(undefined, now)).toBe(false);
  });

  test('when WeChat refuses for good or for now, then only the lasting refusals have a reason', () => {
    expect(permanentReason(43004)).toContain('not following');
    expect(permanentReason(43101)).toContain('subscription');
    expect(permanentReason(-1)).toBeUndefined();
    expect(permanentReason(45009)).toBeUndefined();
    expect(permanentReason(undefined)).toBeUndefined();
  });

  test('when attempts fail, then the wait doubles from 5 s up to 30 minutes', () => {
    const now = new Date(0);
    expect([1, 2, 3, 20].map((attempts) => nextAttemptAt(attempts, now).getTime())).toEqual([
      5_000, 10_000, 20_000, 1_800_000,
    ]);
  });
});
