/**
 * The kiosk service's connection to central, kept up for the life of the
 * service: registers (once; credentials are stored), builds the mTLS client,
 * fetches and keeps central's sealing key, hands the session its enrollment
 * calls, delivers outbox rows, and says when central answers again.
 *
 * Central may be down when the kiosk starts: the link then keeps trying in
 * the background with capped backoff, and meanwhile verifications end as
 * "central unavailable" (ChileAtiende can still defer, with the sealing key
 * stored from an earlier run). Nothing here logs a key, a token or a body.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Logger } from '../../../common/log.ts';
import type { OutboxKind, OutboxRow } from '../outbox/outbox.ts';
import { type CentralSealingKey, parseCentralSealingKey } from '../outbox/sealing.ts';
import { enrollmentCentral } from '../session/central-enrollment.ts';
import type { EnrollmentCentral } from '../session/session-ports.ts';
import type { CentralClient, SerializedChangePath } from './central-client.ts';
import { type DeliveryOutcome, deliveryOutcomeOfCall } from './central-errors.ts';
import type { HeartbeatAnswer, HeartbeatRequest } from './heartbeat-contract.ts';
import { writeAtomically } from './central-registration.ts';
import type { CentralLink } from './central-port.ts';
import { centralClientDir, centralClientFile } from './client-files.ts';
import { CentralError, loadCentralClient } from './index.ts';

export { SEALING_KEY_FILE } from './client-files.ts';

/** Where each outbox kind goes (central/openapi.yaml). */
const CENTRAL_PATHS: Readonly<Record<OutboxKind, SerializedChangePath>> = {
  'audit-events': '/v1/audit-events',
  'deferred-enrollment': '/v1/deferred-enrollments',
  heartbeat: '/v1/heartbeats',
};

/**
 * One outbox row, sent as stored to its kind's path with its own
 * Idempotency-Key, once: retries belong to the outbox worker, not the client.
 * Never rejects; the outcome is `deliveryOutcomeOf`'s (central-errors.ts).
 */
export function deliverOutboxRow(client: CentralClient, row: Pick<OutboxRow, 'kind' | 'body' | 'idempotencyKey'>): Promise<DeliveryOutcome> {
  return deliveryOutcomeOfCall(client.postSerialized(CENTRAL_PATHS[row.kind], row.body, { idempotencyKey: row.idempotencyKey, maxAttempts: 1 }));
}

/**
 * Audit records queued one behind the other, in one POST /v1/audit-events:
 * their events in order under one Idempotency-Key made from the rows' own
 * keys (the same run sent again is a replay; another run that repeats a
 * record is harmless, central keeps each event id once).
 */
export function deliverAuditRun(client: CentralClient, rows: readonly Pick<OutboxRow, 'kind' | 'body' | 'idempotencyKey'>[]): Promise<DeliveryOutcome> {
  if (rows.length === 0 || rows.some((r) => r.kind !== 'audit-events')) throw new RangeError('an audit run holds one or more audit-events rows only');
  if (rows.length === 1) return deliverOutboxRow(client, rows[0]!);
  let events: unknown[];
  try {
    events = rows.flatMap((r) => (JSON.parse(r.body) as { events: unknown[] }).events);
  } catch {
    // Not what auditMessage writes: the worker then sends each row alone, and central refuses the bad one by itself.
    return Promise.resolve({ type: 'permanent', reason: 'run_body_unreadable' });
  }
  const key = `audit-run-${createHash('sha256')
    .update(rows.map((r) => r.idempotencyKey).join('\n'))
    .digest('base64url')}`;
  return deliveryOutcomeOfCall(client.postSerialized(CENTRAL_PATHS['audit-events'], JSON.stringify({ events }), { idempotencyKey: key, maxAttempts: 1 }));
}

export interface CentralLinkOptions {
  readonly dataDir: string;
  readonly centralUrl: string;
  readonly caCertificatePem: string;
  readonly kioskId: string;
  readonly registrationToken?: string;
  /** The session's wait for one central call; the client's deadline stays just inside it. */
  readonly operationTimeoutMs: number;
  readonly log: Logger;
  /** Waits between connection attempts while central cannot be reached (default 2 s doubling to 60 s). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

/** A heartbeat asked for before the first connection succeeded. */
export class CentralNotConnected extends Error {
  readonly code = 'central.not_connected';
  constructor() {
    super('central is not connected yet');
    this.name = 'CentralNotConnected';
  }
}

export class KioskCentralLink implements CentralLink {
  readonly #options: CentralLinkOptions;
  #client: CentralClient | null = null;
  #credentials: { caPem: string; certificatePem: string } | null = null;
  #enrollment: EnrollmentCentral | null = null;
  #sealingKey: CentralSealingKey | null;
  #outage = false;
  #closed = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryMs: number;
  readonly #onlineListeners = new Set<() => void>();
  readonly #reachabilityListeners = new Set<() => void>();
  #connectFailed = false;
  #unreachable = false;
  readonly #ready: Promise<void>;
  /** The connection attempt under way, if any. */
  #attempt: Promise<void> | null = null;

  constructor(options: CentralLinkOptions) {
    this.#options = options;
    this.#retryMs = options.retryMinMs ?? 2_000;
    this.#sealingKey = readStoredKey(options.dataDir);
    this.#ready = this.#attemptConnection();
  }

  /** Resolves once the first connection attempt has ended (either way). */
  whenSettled(): Promise<void> {
    return this.#ready;
  }

  /**
   * Central's enrollment calls; null when the kiosk is not connected and not
   * connecting. While a connection attempt is under way (the first one just
   * after start, registration included, or a retry) the calls wait for it,
   * bounded by the operation timeout and the caller's signal, and then go
   * through or answer "unavailable": a citizen who reaches verification in
   * the kiosk's first seconds is verified, not turned away.
   */
  enrollment(): EnrollmentCentral | null {
    if (this.#enrollment !== null) return this.#enrollment;
    const attempt = this.#attempt;
    return attempt === null ? null : this.#afterAttempt(attempt);
  }

  #afterAttempt(attempt: Promise<void>): EnrollmentCentral {
    const settled = async (signal: AbortSignal): Promise<EnrollmentCentral | null> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#options.operationTimeoutMs);
        onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([attempt.catch(() => undefined), bound]);
      } finally {
        clearTimeout(timer);
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
      return signal.aborted ? null : this.#enrollment;
    };
    const unavailable = { kind: 'failed', failure: 'central_unavailable' } as const;
    return {
      verifyIdentity: async (request, options) => (await settled(options.signal))?.verifyIdentity(request, options) ?? { kind: 'unavailable' },
      enrolledFingers: async (request, options) => (await settled(options.signal))?.enrolledFingers(request, options) ?? null,
      issueActivationCode: async (request, options) => (await settled(options.signal))?.issueActivationCode(request, options) ?? unavailable,
      activateOneStep: async (request, options) => (await settled(options.signal))?.activateOneStep(request, options) ?? unavailable,
    };
  }

  sealingKey(): CentralSealingKey | null {
    return this.#sealingKey;
  }

  /** The outbox worker's `deliver`: one row through the client (`deliverOutboxRow`), or a retry while not connected. */
  async deliver(row: OutboxRow): Promise<DeliveryOutcome> {
    const client = this.#client;
    if (client === null) return { type: 'retry', reason: 'central.not_connected' };
    return deliverOutboxRow(client, row);
  }

  /** The outbox worker's `deliverRun`: audit rows queued together, in one request (`deliverAuditRun`). */
  async deliverRun(rows: readonly OutboxRow[]): Promise<DeliveryOutcome> {
    const client = this.#client;
    if (client === null) return { type: 'retry', reason: 'central.not_connected' };
    return deliverAuditRun(client, rows);
  }

  /** The CA the client trusts for central (directives are checked against it) and the kiosk's certificate; null until connected. */
  credentials(): { caPem: string; certificatePem: string } | null {
    return this.#credentials;
  }

  /** One heartbeat, once: a failed one is not retried (the next tick sends a new one). */
  async sendHeartbeat(body: HeartbeatRequest, idempotencyKey: string): Promise<HeartbeatAnswer> {
    const client = this.#client;
    if (client === null) throw new CentralNotConnected();
    return (await client.sendHeartbeat(body, { idempotencyKey, maxAttempts: 1 })).value;
  }

  onOnline(listener: () => void): () => void {
    this.#onlineListeners.add(listener);
    return () => this.#onlineListeners.delete(listener);
  }

  simulateOutage(on: boolean): void {
    this.#outage = on;
    this.#client?.simulateOutage(on);
    this.#reachabilityMayHaveChanged();
  }

  knownUnreachable(): boolean {
    if (this.#outage) return true;
    const client = this.#client;
    if (client === null) return this.#connectFailed;
    return client.connectivity.state === 'offline';
  }

  onReachabilityChange(listener: () => void): () => void {
    this.#reachabilityListeners.add(listener);
    return () => this.#reachabilityListeners.delete(listener);
  }

  #reachabilityMayHaveChanged(): void {
    const unreachable = this.knownUnreachable();
    if (unreachable === this.#unreachable) return;
    this.#unreachable = unreachable;
    for (const listener of [...this.#reachabilityListeners]) listener();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    await this.#ready.catch(() => undefined);
    await this.#client?.close();
  }

  #attemptConnection(): Promise<void> {
    const attempt = this.#connect().finally(() => {
      if (this.#attempt === attempt) this.#attempt = null;
    });
    this.#attempt = attempt;
    return attempt;
  }

  async #connect(): Promise<void> {
    const { log, kioskId, centralUrl } = this.#options;
    if (this.#closed) return;
    try {
      const { client, registration } = await loadCentralClient({
        dataDir: this.#options.dataDir,
        centralUrl,
        caCertificatePem: this.#options.caCertificatePem,
        kioskId,
        ...(this.#options.registrationToken !== undefined && { registrationToken: this.#options.registrationToken }),
        timeouts: { deadlineMs: Math.max(1_000, this.#options.operationTimeoutMs - 1_000) },
        logger: log,
      });
      if (this.#closed) {
        await client.close();
        return;
      }
      client.simulateOutage(this.#outage);
      if (registration.hpkePublicKey !== undefined) this.#keepKey(registration.hpkePublicKey);
      try {
        this.#keepKey(await client.hpkePublicKey());
      } catch (error) {
        // The stored key (if any) still works; the next start fetches again.
        log.log('warn', 'central.sealing_key_unavailable', { code: codeOf(error) });
      }
      const { ca, cert } = registration.tls;
      if (typeof ca === 'string' && typeof cert === 'string') this.#credentials = { caPem: ca, certificatePem: cert };
      this.#client = client;
      this.#enrollment = enrollmentCentral(client, { deadlineMs: Math.max(1_000, this.#options.operationTimeoutMs - 1_000) });
      client.connectivity.onChange((snapshot) => {
        this.#reachabilityMayHaveChanged();
        if (snapshot.state === 'online') this.#notifyOnline();
      });
      this.#connectFailed = false;
      this.#reachabilityMayHaveChanged();
      log.log('info', registration.registered ? 'central.registered' : 'central.connected', { kioskId });
      this.#notifyOnline();
    } catch (error) {
      log.log('warn', 'central.unavailable', { kioskId, code: codeOf(error), retryInMs: this.#retryMs });
      this.#connectFailed = true;
      this.#reachabilityMayHaveChanged();
      this.#scheduleRetry();
    }
  }

  #scheduleRetry(): void {
    if (this.#closed) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#options.retryMaxMs ?? 60_000, this.#retryMs * 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#attemptConnection();
    }, wait);
    this.#retryTimer.unref?.();
  }

  #keepKey(document: unknown): void {
    const key = parseCentralSealingKey(document);
    if (this.#sealingKey?.keyId === key.keyId) return;
    this.#sealingKey = key;
    storeKey(this.#options.dataDir, document);
  }

  #notifyOnline(): void {
    for (const listener of this.#onlineListeners) listener();
  }
}

function codeOf(error: unknown): string {
  if (error instanceof CentralError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}

function keyPath(dataDir: string): string {
  return centralClientFile(dataDir, 'sealingKey');
}

/** A public key: nothing secret, but a wrong one would seal data central cannot open, so it is checked on load. */
function readStoredKey(dataDir: string): CentralSealingKey | null {
  const path = keyPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    return parseCentralSealingKey(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

function storeKey(dataDir: string, document: unknown): void {
  mkdirSync(centralClientDir(dataDir), { recursive: true, mode: 0o700 });
  writeAtomically(keyPath(dataDir), JSON.stringify(document), 0o644);
}
