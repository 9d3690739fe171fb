/**
 * One send at a time: while a submit is under way a second tap does nothing (no double
 * submission, however fast an elderly finger taps twice). `busy()` reads the live state for the
 * checks a tap makes before it sends; `sending` is the same state for rendering.
 */
import { useCallback, useRef, useState } from 'react';

export function useSendOnce() {
  const inFlight = useRef(false);
  const [sending, setSending] = useState(false);
  const busy = useCallback(() => inFlight.current, []);
  const run = useCallback(async (send: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSending(true);
    try {
      await send();
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }, []);
  return { sending, busy, run };
}
