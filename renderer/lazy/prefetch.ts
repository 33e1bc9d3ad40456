import { useEffect, useState } from 'react';

/**
 * Calls `work` once the first frame has been painted: a requestAnimationFrame
 * callback runs just before a frame is painted, and a task posted from it
 * runs after. The returned function cancels a call not yet made.
 */
export function afterFirstPaint(work: () => void): () => void {
  let cancelled = false;
  const frame = requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (!cancelled) work();
    };
    channel.port2.postMessage(null);
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
  };
}

/** Resolves when the main thread is idle, or after `timeoutMs` at the latest (a busy kiosk still gets its chunks). */
function idle(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}

/**
 * After the first paint, imports each chunk in turn, each when the main
 * thread is idle: the first screen is not slowed by code it does not need,
 * and by the time a citizen taps, the next screens are loaded (a kiosk's
 * cache is warm; here they are also compiled and evaluated).
 */
export function prefetchAfterFirstPaint(loads: ReadonlyArray<() => Promise<unknown>>, idleTimeoutMs = 1000): () => void {
  let stopped = false;
  const cancel = afterFirstPaint(() => {
    void (async () => {
      for (const load of loads) {
        await idle(idleTimeoutMs);
        if (stopped) return;
        // retryImport's loads never reject; a plain one that does must not stop the others.
        await load().catch(() => undefined);
      }
    })();
  });
  return () => {
    stopped = true;
    cancel();
  };
}

/** False until the first frame has been painted; for parts that must not delay it. */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => afterFirstPaint(() => setPainted(true)), []);
  return painted;
}
