import type { ByteTransport, TransportCloseReason } from '../../../drivers/transport/byte-transport.ts';

/** Generous bound on waits; it stops a hang, it does not measure speed. */
export const BOUND_MS = 10_000;

/** Resolves with the first `count` bytes the transport delivers. */
export function receive(transport: ByteTransport, count: number, timeoutMs = BOUND_MS): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const received = new Uint8Array(count);
    let filled = 0;
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`received ${filled} of ${count} bytes within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = transport.onData((chunk) => {
      const take = Math.min(chunk.length, count - filled);
      received.set(chunk.subarray(0, take), filled);
      filled += take;
      if (filled === count) {
        clearTimeout(timer);
        stop();
        resolve(received);
      }
    });
  });
}

export function nextClose(transport: ByteTransport, timeoutMs = BOUND_MS): Promise<TransportCloseReason> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no close within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = transport.onClose((reason) => {
      clearTimeout(timer);
      stop();
      resolve(reason);
    });
  });
}

/** Deterministic non-trivial bytes (every value 0–255 occurs, including 0x11/0x13 and 0xEF 0x01). */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
