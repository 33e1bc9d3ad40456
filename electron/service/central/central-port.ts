/**
 * The kiosk's connection to the central API as the service uses it
 * (central-link.ts builds the real one; tests pass their own): the
 * enrollment calls, the key to seal queued data to, outbox delivery, and
 * word when central is back.
 */
import type { DeliveryOutcome } from '../outbox/delivery-worker.ts';
import type { OutboxRow } from '../outbox/outbox.ts';
import type { CentralSealingKey } from '../outbox/sealing.ts';
import type { EnrollmentCentral } from '../session/session-ports.ts';
import type { HeartbeatAnswer, HeartbeatRequest } from './heartbeat-contract.ts';

export interface CentralLink {
  enrollment(): EnrollmentCentral | null;
  sealingKey(): CentralSealingKey | null;
  deliver(row: OutboxRow): Promise<DeliveryOutcome>;
  /** Audit rows queued one behind the other, in one delivery; absent: each row goes alone. */
  deliverRun?(rows: readonly OutboxRow[]): Promise<DeliveryOutcome>;
  /** Listener for "central answered again"; returns the unsubscribe. */
  onOnline(listener: () => void): () => void;
  /**
   * True when the kiosk already knows central cannot be reached: the last
   * call or connection attempt failed to reach it, or the outage is
   * simulated. Not knowing yet (no call made) is not "unreachable".
   */
  knownUnreachable(): boolean;
  /** Listener for every change of `knownUnreachable()`; returns the unsubscribe. */
  onReachabilityChange(listener: () => void): () => void;
  /** Heartbeats (heartbeat/): the CA trusted for central and the kiosk's certificate, null until connected; absent: no heartbeats. */
  credentials?(): { readonly caPem: string; readonly certificatePem: string } | null;
  /** One POST /v1/heartbeats, not retried. */
  sendHeartbeat?(body: HeartbeatRequest, idempotencyKey: string): Promise<HeartbeatAnswer>;
  /** Dev panel: make every call fail as if the network were down. */
  simulateOutage?(on: boolean): void;
  close(): Promise<void>;
}
