/**
 * Runs a job pass every interval until stopped. Passes never overlap, a failed pass is logged and
 * retried next time, and stop() waits for the pass in flight so shutdown leaves nothing half done.
 */
import type { Logger } from 'pino';

export interface JobLoop {
  stop(): Promise<void>;
}

export function startJobLoop(
  name: string,
  intervalMs: number,
  pass: () => Promise<unknown>,
  logger: Logger,
): JobLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = () => {
    inFlight = pass()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error, job: name }, 'job pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
