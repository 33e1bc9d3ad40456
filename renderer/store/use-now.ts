import { useEffect, useState } from 'react';

/** Wall-clock time that re-renders every `intervalMs` while `running`; the clock is read at the edge, not in the logic. */
export function useNow(running: boolean, intervalMs = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs]);
  return now;
}
