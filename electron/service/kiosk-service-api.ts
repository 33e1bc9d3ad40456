/**
 * The kiosk service as its hosts see it (process-entry.ts, the browser
 * host's service link): commands in, events out. Its one implementation is
 * the composition root, kiosk-service.ts, which only the process entry
 * imports.
 */
import type { EventName, EventPayload, Result } from '../contract/index.ts';

export type ServiceEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void;

export interface KioskService {
  /** Validates and runs one command; never throws. */
  handle(command: unknown, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: ServiceEventListener): () => void;
  /** Stops the session timer and releases every device. */
  close(): Promise<void>;
}
