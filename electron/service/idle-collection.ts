/**
 * A full garbage collection each time a session ends, while the kiosk waits
 * for the next citizen. A session allocates tens of MiB that die with it (the
 * finger image and its quality analysis, the device's buffers, TLS and HTTP
 * records); left to its own heuristics V8 lets the heap grow in steps of tens
 * of MiB before it collects the old generation, and glibc keeps the freed
 * backing stores of ArrayBuffers. Collected between citizens, the heap stays
 * near what is live (test/bench/service-memory.bench.ts).
 *
 * `gc` is V8's, exposed by `--expose-gc`, which both hosts give the service
 * (electron/main/index.ts, electron/browser-host/server/service-link.ts);
 * without it nothing is collected here and V8 keeps its own pace.
 */
import type { SessionStep } from '../contract/index.ts';

export interface IdleCollectionOptions {
  readonly gc: (() => void) | undefined;
  /** How long after the session's end: the last snapshot and the ledger's writes go out first. */
  readonly delayMs?: number;
  readonly setTimer?: (run: () => void, ms: number) => { unref?: () => unknown };
}

/** Feed it each snapshot's step; it collects once per session, after the step returns to `idle`. */
export function idleCollection(options: IdleCollectionOptions): (step: SessionStep) => void {
  const { gc } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  let previous: SessionStep = 'idle';
  let scheduled = false;
  return (step) => {
    const ended = step === 'idle' && previous !== 'idle';
    previous = step;
    if (!ended || gc === undefined || scheduled) return;
    scheduled = true;
    setTimer(() => {
      scheduled = false;
      gc();
    }, options.delayMs ?? 250).unref?.();
  };
}
