/**
 * The kiosk's heartbeat, put together: what goes in the body (devices with
 * their history, outbox, disk, certificate expiry, unacknowledged counts,
 * out-of-service state), where it is sent (the central link), how a
 * directive is checked (against the CA the kiosk trusts for central) and
 * kept (the kiosk database, so it survives a restart).
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { statfsSync } from 'node:fs';
import type { Logger } from '../../../common/log.ts';
import type { Schedule } from '../../../common/timers.ts';
import type { DeviceStatusReport, KioskMode, KioskReadiness } from '../../contract/index.ts';
import type { DirectivePayload, HeartbeatAnswer, HeartbeatRequest } from '../central/heartbeat-contract.ts';
import type { KioskDatabase } from '../db/database.ts';
import type { OutboxStats } from '../outbox/outbox.ts';
import { verifyDirective } from './directive-verifier.ts';
import { DeviceHistory } from './device-history.ts';
import { HeartbeatSender, type HeartbeatStatus } from './heartbeat-sender.ts';
import { HeartbeatStore } from './heartbeat-store.ts';

/** The heartbeat's way to central (the central link implements it). */
export interface HeartbeatCentral {
  /** The client's TLS trust and certificate (PEM), or null while the kiosk is not connected. */
  credentials(): { readonly caPem: string; readonly certificatePem: string } | null;
  sendHeartbeat(body: HeartbeatRequest, idempotencyKey: string): Promise<HeartbeatAnswer>;
}

/** A coded failure before anything is sent. */
export class HeartbeatNotSent extends Error {
  readonly code: 'heartbeat.central_not_connected' | 'heartbeat.certificate_unreadable';
  constructor(code: HeartbeatNotSent['code']) {
    super(code);
    this.name = 'HeartbeatNotSent';
    this.code = code;
  }
}

export interface KioskHeartbeatDeps {
  readonly db: KioskDatabase;
  readonly central: HeartbeatCentral;
  readonly kioskId: string;
  readonly version: string;
  readonly mode: KioskMode;
  readonly intervalSeconds: number;
  readonly dataDir: string;
  readonly now: () => number;
  readonly schedule: Schedule;
  readonly log: Logger;
  readonly outboxStats: () => OutboxStats;
  /** The current readiness (its out-of-service reasons go in the body). */
  readonly readiness: () => KioskReadiness;
  readonly onDirective: (directive: DirectivePayload) => void;
  readonly onStatus?: (status: HeartbeatStatus) => void;
  readonly newKey?: () => string;
  readonly firstDelayMs?: number;
}

export interface KioskHeartbeat {
  readonly sender: HeartbeatSender;
  readonly store: HeartbeatStore;
  observeDevices(report: DeviceStatusReport): void;
}

export function createKioskHeartbeat(deps: KioskHeartbeatDeps): KioskHeartbeat {
  const startedAtMs = deps.now();
  const history = new DeviceHistory(startedAtMs);
  const store = new HeartbeatStore(deps.db);
  const sender = new HeartbeatSender({
    intervalSeconds: deps.intervalSeconds,
    ...(deps.firstDelayMs !== undefined && { firstDelayMs: deps.firstDelayMs }),
    schedule: deps.schedule,
    now: deps.now,
    newKey: deps.newKey ?? randomUUID,
    log: deps.log,
    build: ({ nowMs, clockSkewSeconds }) => {
      const credentials = deps.central.credentials();
      if (credentials === null) throw new HeartbeatNotSent('heartbeat.central_not_connected');
      const counts = store.pending(nowMs);
      const outbox = deps.outboxStats();
      const reasons = deps.readiness().outOfService.reasons;
      const body: HeartbeatRequest = {
        sentAt: new Date(nowMs).toISOString(),
        version: deps.version,
        mode: deps.mode,
        intervalSeconds: deps.intervalSeconds,
        uptimeSeconds: Math.max(0, Math.floor((nowMs - startedAtMs) / 1000)),
        devices: history.wire(),
        outbox: {
          pending: outbox.pending,
          oldestAgeSeconds: outbox.oldestPendingAgeMs === null ? null : Math.max(0, Math.floor(outbox.oldestPendingAgeMs / 1000)),
          dead: outbox.dead,
        },
        disk: diskSpace(deps.dataDir),
        clockSkewSeconds,
        certificateNotAfter: certificateNotAfter(credentials.certificatePem),
        sessions: counts.sessions,
        technicianLockouts: counts.technicianLockouts,
        outOfService: { active: reasons.length > 0, reasons: [...reasons] },
      };
      return { body, counts };
    },
    send: (body, key) => deps.central.sendHeartbeat(body, key),
    acknowledge: (counts, nowMs) => store.acknowledge(counts, nowMs),
    verify: (directive, heartbeatKey) => {
      const credentials = deps.central.credentials();
      if (credentials === null) return { ok: false, code: 'directive.certificate_untrusted' };
      return verifyDirective(directive, { trustedCaPem: credentials.caPem, kioskId: deps.kioskId, heartbeatKey, nowMs: deps.now() });
    },
    onDirective: (directive) => {
      store.keepDirective(directive, deps.now());
      deps.onDirective(directive);
    },
    ...(deps.onStatus !== undefined && { onStatus: deps.onStatus }),
  });
  return { sender, store, observeDevices: (report) => history.observe(report, deps.now()) };
}

/** Free and total bytes of the data directory's filesystem; zeros when it cannot be read (central then sees a full disk). */
export function diskSpace(dataDir: string): { freeBytes: number; totalBytes: number } {
  try {
    const stats = statfsSync(dataDir);
    const freeBytes = Number(stats.bavail) * Number(stats.bsize);
    const totalBytes = Number(stats.blocks) * Number(stats.bsize);
    return { freeBytes: Number.isSafeInteger(freeBytes) ? freeBytes : 0, totalBytes: Number.isSafeInteger(totalBytes) ? totalBytes : 0 };
  } catch {
    return { freeBytes: 0, totalBytes: 0 };
  }
}

function certificateNotAfter(pem: string): string {
  try {
    return new X509Certificate(pem).validToDate.toISOString();
  } catch {
    throw new HeartbeatNotSent('heartbeat.certificate_unreadable');
  }
}
