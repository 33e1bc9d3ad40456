/**
 * Garbage collection while the kiosk waits for the next citizen, never while
 * one is at it. A session allocates tens of MiB that die with it (the finger
 * image and its quality analysis, the device's buffers, TLS and HTTP
 * records); left to its own heuristics V8 lets the heap grow in steps of tens
 * of MiB before it collects the old generation, and glibc keeps the freed
 * backing stores of ArrayBuffers (test/bench/service-memory.bench.ts).
 *
 * Once the kiosk has stood idle for `restMs`, V8's last-resort collection
 * runs (the one V8 runs before giving up on memory: a full collection with
 * compaction, after which the pages it keeps pooled for reuse go back to
 * the system). It costs tens of ms, so it waits for a quiet kiosk, runs once
 * per idle stretch, and is skipped if a session has started by its time.
 * Work the service does while idle (the outbox delivering a session's audit
 * records or, after an outage, the enrollments it deferred: sealed bundles
 * of tens of KiB read, sent and answered) leaves garbage too: it starts the
 * rest again, so the collection comes `restMs` after the last of it.
 * While citizens follow one another without a pause, V8 keeps its own pace:
 * a full collection after every session added tens of ms of CPU to each
 * session (taken from whatever else runs on the machine), and the memory it
 * kept back is given back at the next rest anyway.
 *
 * `gc` is V8's, exposed by `--expose-gc`, which both hosts give the service
 * (electron/main/index.ts, electron/browser-host/server/service-link.ts);
 * without it nothing is collected here and V8 keeps its own pace.
 *
 * After the collection, `releaseFreeHeap` gives the C heap's free memory back
 * to the system (native-heap.ts): what V8's collection has just freed, with
 * what SQLite, OpenSSL and the outbox's bursts left behind in glibc's heap.
 */
import type { SessionStep } from '../contract/index.ts';

/** The options V8's exposed `gc` takes (its gc extension); plain `gc()` is a full, synchronous collection. */
export type ExposedGc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

export interface IdleCollectionOptions {
  readonly gc: ExposedGc | undefined;
  /** Runs after the collection (or alone, without `gc`): glibc's malloc_trim in the service. */
  readonly releaseFreeHeap?: () => unknown;
  /** How long the kiosk stays idle before the last-resort collection. */
  readonly restMs?: number;
  readonly setTimer?: (run: () => void, ms: number) => { unref?: () => unknown };
}

export const IDLE_REST_MS = 5000;

export interface IdleCollection {
  /** Each session snapshot's step. */
  stepSeen(step: SessionStep): void;
  /** Background work just ended (an outbox delivery recorded); while idle, the rest starts again from now. */
  workDone(): void;
}

/** Collects (and releases the free C heap) once the step has stayed `idle` for `restMs` after a session, or after background work done while idle. */
export function idleCollection(options: IdleCollectionOptions): IdleCollection {
  const { gc, releaseFreeHeap } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  let previous: SessionStep = 'idle';
  /** Rests begun so far (a session ended, work done while idle): a timer whose count has moved on belongs to a rest that is over. */
  let rests = 0;
  const restAgain = () => {
    if (gc === undefined && releaseFreeHeap === undefined) return;
    rests += 1;
    const rest = rests;
    setTimer(() => {
      if (previous !== 'idle' || rests !== rest) return;
      gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      releaseFreeHeap?.();
    }, options.restMs ?? IDLE_REST_MS).unref?.();
  };
  return {
    stepSeen(step) {
      const endedNow = step === 'idle' && previous !== 'idle';
      // A session that starts ends the rest: its timer finds the count moved on even if the session is over by then.
      if (step !== 'idle' && previous === 'idle') rests += 1;
      previous = step;
      if (endedNow) restAgain();
    },
    workDone() {
      if (previous === 'idle') restAgain();
    },
  };
}
