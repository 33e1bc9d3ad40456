/**
 * The fleet as central sees it: heartbeats in (with the answer a kiosk gets:
 * its alerts and, once an operator has ever set one, its signed directive),
 * the operator's out-of-service switch (audited), and the fleet view that the
 * CLI, the admin page and its JSON share.
 */
import { AuditLog } from '../domain/audit.ts';
import { kioskAlerts } from '../domain/kiosk-alerts.ts';
import type { DirectiveSigner } from '../pki/directive-signing.ts';
import type { CentralDatabase } from '../storage/database.ts';
import { type KioskDirectiveState, KioskHeartbeats } from '../storage/kiosk-heartbeats.ts';
import type { DEVICE_ROLES } from './heartbeat-wire.ts';
import { type HeartbeatAnswer, type HeartbeatBody, type HeartbeatDeviceState, type KioskAlert, type KioskServiceBody } from './heartbeat-wire.ts';

export interface FleetKiosk {
  readonly id: string;
  /** UTC ISO 8601; null for a kiosk with a directive but no heartbeat kept. */
  readonly lastSeen: string | null;
  readonly version: string | null;
  readonly mode: HeartbeatBody['mode'] | null;
  readonly devices: Readonly<Record<(typeof DEVICE_ROLES)[number], HeartbeatDeviceState | null>>;
  readonly queue: { readonly pending: number; readonly oldestAgeSeconds: number | null; readonly dead: number } | null;
  /** What the kiosk last said about itself. */
  readonly outOfService: boolean;
  /** What the operator asked for, if anyone ever did. */
  readonly directive: {
    readonly outOfService: boolean;
    readonly office: string | null;
    readonly reason: string | null;
    readonly setAt: string;
    readonly setBy: string;
  } | null;
  readonly alerts: readonly KioskAlert[];
}

export interface FleetView {
  readonly generatedAt: string;
  readonly kiosks: readonly FleetKiosk[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export class KioskFleet {
  readonly #store: KioskHeartbeats;
  readonly #audit: AuditLog;
  readonly #known;
  readonly #signer: DirectiveSigner | undefined;
  constructor(db: CentralDatabase, signer?: DirectiveSigner) {
    this.#store = new KioskHeartbeats(db);
    this.#audit = new AuditLog(db);
    this.#signer = signer;
    this.#known = db.prepare<[string, string, string], { known: number }>(
      `SELECT EXISTS (SELECT 1 FROM kiosk_certificates WHERE kiosk_id = ?) OR EXISTS (SELECT 1 FROM kiosk_heartbeats WHERE kiosk_id = ?)
         OR EXISTS (SELECT 1 FROM kiosk_directives WHERE kiosk_id = ?) AS known`,
    );
  }

  /**
   * Call inside the heartbeat's transaction. The directive, if any, is signed
   * for this heartbeat's key: the stored answer a retry replays carries the
   * same one, and no other heartbeat's answer can pass for it.
   */
  recordHeartbeat(kioskId: string, heartbeatKey: string, body: HeartbeatBody, now: number): HeartbeatAnswer {
    this.#store.record(kioskId, heartbeatKey, body, now);
    const alerts = kioskAlerts(this.#store.recent(kioskId), now);
    const state = this.#store.directive(kioskId);
    const directive =
      state && this.#signer
        ? this.#signer.sign({ kioskId, heartbeatKey, outOfService: state.outOfService, office: state.office, reason: state.reason, issuedAt: iso(now) })
        : null;
    return { receivedAt: iso(now), alerts, directive };
  }

  isKnown(kioskId: string): boolean {
    return this.#known.get(kioskId, kioskId, kioskId)?.known === 1;
  }

  /** Call inside a transaction: the directive and its audit row go together. */
  setService(kioskId: string, body: KioskServiceBody, operatorId: string, now: number): KioskDirectiveState {
    const state: KioskDirectiveState = {
      kioskId,
      outOfService: body.outOfService,
      office: body.outOfService ? (body.office ?? null) : null,
      reason: body.outOfService ? (body.reason ?? null) : null,
      setAt: now,
      setBy: operatorId,
    };
    this.#store.setDirective(state);
    this.#audit.record({ event: 'kiosk_service', outcome: 'ok', run: null, kioskId, detail: { outOfService: state.outOfService, operator: operatorId } }, now);
    return state;
  }

  view(now: number): FleetView {
    const kiosks = this.#store.kioskIds().map((id): FleetKiosk => {
      const samples = this.#store.recent(id);
      const latest = samples.at(-1)?.body;
      const state = this.#store.directive(id);
      return {
        id,
        lastSeen: samples.length > 0 ? iso(samples.at(-1)!.receivedAt) : null,
        version: latest?.version ?? null,
        mode: latest?.mode ?? null,
        devices: {
          fingerprint: latest?.devices.fingerprint.state ?? null,
          cardReader: latest?.devices.cardReader.state ?? null,
          printer: latest?.devices.printer.state ?? null,
        },
        queue: latest ? { pending: latest.outbox.pending, oldestAgeSeconds: latest.outbox.oldestAgeSeconds, dead: latest.outbox.dead } : null,
        outOfService: latest?.outOfService.active ?? false,
        directive: state ? { outOfService: state.outOfService, office: state.office, reason: state.reason, setAt: iso(state.setAt), setBy: state.setBy } : null,
        alerts: kioskAlerts(samples, now, { includeNoHeartbeat: true }),
      };
    });
    return { generatedAt: iso(now), kiosks };
  }
}
