/** A valid heartbeat body (wire contract) for a kiosk at `at`, with everything healthy unless overridden. */
import type { HeartbeatBody } from '../../../central/api/heartbeat-wire.ts';

export function heartbeatBody(at: number, overrides: Partial<HeartbeatBody> = {}): HeartbeatBody {
  const iso = new Date(at).toISOString();
  const device = { state: 'ready' as const, lastError: null, since: iso };
  return {
    sentAt: iso,
    version: '0.9.0',
    mode: 'civil-digital',
    intervalSeconds: 300,
    uptimeSeconds: 1234,
    devices: { fingerprint: device, cardReader: device, printer: device },
    outbox: { pending: 0, oldestAgeSeconds: null, dead: 0 },
    disk: { freeBytes: 10_000_000_000, totalBytes: 64_000_000_000 },
    clockSkewSeconds: null,
    certificateNotAfter: new Date(at + 365 * 24 * 3600 * 1000).toISOString(),
    sessions: { completed: 3, cancelled: 1 },
    technicianLockouts: 0,
    outOfService: { active: false, reasons: [] },
    ...overrides,
  };
}
