/**
 * A per-address brake on password guessing, in memory: the account lock stops guessing one
 * account; this stops one address from trying many accounts. In memory is enough for one
 * process; behind a reverse proxy every caller shares the proxy's address unless app.proxy is
 * set, so the limit is generous.
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { maxFailures: 30, windowMs: 15 * 60 * 1000 };

/** Beyond this many addresses, finished windows are dropped so memory stays bounded. */
const PRUNE_ABOVE = 10_000;

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export function createLoginThrottle(options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {
  const windows = new Map<string, { startedAt: number; failures: number }>();

  function readWindow(address: string, now: Date) {
    const window = windows.get(address);
    if (!window || now.getTime() - window.startedAt >= options.windowMs) return undefined;
    return window;
  }

  function pruneFinishedWindows(now: Date): void {
    for (const [address, window] of windows) {
      if (now.getTime() - window.startedAt >= options.windowMs) windows.delete(address);
    }
  }

  return {
    isBlocked(address: string, now: Date): boolean {
      return (readWindow(address, now)?.failures ?? 0) >= options.maxFailures;
    },
    recordFailure(address: string, now: Date): void {
      const window = readWindow(address, now);
      if (window) {
        window.failures += 1;
        return;
      }
      if (windows.size >= PRUNE_ABOVE) pruneFinishedWindows(now);
      windows.set(address, { startedAt: now.getTime(), failures: 1 });
    },
  };
}
