import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` (the card's countdown needs one-second ticks). */
export function useClock(intervalMs = 1000): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return nowMs;
}
