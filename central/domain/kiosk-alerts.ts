/**
 * What central tells an operator (and the kiosk itself) about a kiosk, derived
 * from its recent heartbeats and the time now: a pure function, so every
 * threshold can be tested at its edge. Each alert says since when the
 * condition holds, on central's clock.
 *
 * A device's `since` comes from the kiosk's clock; it is moved onto central's
 * by the heartbeat's own offset (receivedAt − sentAt), so a kiosk whose clock
 * is wrong does not raise or hide a device alert by it.
 */
import { DEVICE_ROLES, type HeartbeatBody, type KioskAlert } from '../api/heartbeat-wire.ts';

export const DEVICE_DOWN_AFTER_MS = 5 * 60 * 1000;
export const QUEUE_STALE_AFTER_SECONDS = 3600;
export const CLOCK_SKEW_LIMIT_SECONDS = 60;
export const CERTIFICATE_EXPIRY_WARNING_MS = 30 * 24 * 60 * 60 * 1000;
/** Missed intervals before a silent kiosk is reported (fleet view only: a kiosk answering a heartbeat is not silent). */
export const MISSED_HEARTBEATS = 3;

export interface HeartbeatSample {
  /** Central's clock, epoch ms. */
  readonly receivedAt: number;
  readonly body: HeartbeatBody;
}

const DOWN_STATES: ReadonlySet<string> = new Set(['not-ready', 'not-connected']);
const iso = (ms: number) => new Date(ms).toISOString();

/** The kiosk's clock minus central's, in seconds: its own estimate when it has one, else this heartbeat's. */
export function clockSkewSeconds(sample: HeartbeatSample): number {
  return sample.body.clockSkewSeconds ?? (Date.parse(sample.body.sentAt) - sample.receivedAt) / 1000;
}

/** When the trailing run of samples for which `holds` is true began (receivedAt of its first), or undefined when the latest does not hold. */
function runStart(samples: readonly HeartbeatSample[], holds: (sample: HeartbeatSample) => boolean): number | undefined {
  let start: number | undefined;
  for (let i = samples.length - 1; i >= 0 && holds(samples[i]!); i -= 1) start = samples[i]!.receivedAt;
  return start;
}

/**
 * Alerts for one kiosk. `samples` oldest first; none → no alerts (a kiosk
 * never heard from has nothing to say). `includeNoHeartbeat` is for the fleet
 * view and the admin page; a heartbeat answer never carries no_heartbeat.
 */
export function kioskAlerts(samples: readonly HeartbeatSample[], now: number, options: { includeNoHeartbeat?: boolean } = {}): KioskAlert[] {
  const latest = samples.at(-1);
  if (!latest) return [];
  const { body } = latest;
  const alerts: KioskAlert[] = [];

  for (const role of DEVICE_ROLES) {
    const down = (sample: HeartbeatSample) => DOWN_STATES.has(sample.body.devices[role].state);
    const seenDownSince = runStart(samples, down);
    if (seenDownSince === undefined) continue;
    const offset = latest.receivedAt - Date.parse(body.sentAt);
    const reportedSince = Date.parse(body.devices[role].since) + offset;
    const since = Math.min(seenDownSince, reportedSince);
    if (now - since > DEVICE_DOWN_AFTER_MS) alerts.push({ code: 'device_down', detail: role, since: iso(since) });
  }

  const oldest = body.outbox.oldestAgeSeconds;
  if (oldest !== null && oldest > QUEUE_STALE_AFTER_SECONDS)
    alerts.push({ code: 'queue_stale', detail: String(oldest), since: iso(latest.receivedAt - (oldest - QUEUE_STALE_AFTER_SECONDS) * 1000) });

  if (body.outbox.dead > 0)
    alerts.push({ code: 'dead_letters', detail: String(body.outbox.dead), since: iso(runStart(samples, (s) => s.body.outbox.dead > 0)!) });

  const skewed = (sample: HeartbeatSample) => Math.abs(clockSkewSeconds(sample)) > CLOCK_SKEW_LIMIT_SECONDS;
  if (skewed(latest)) alerts.push({ code: 'clock_skew', detail: String(Math.round(clockSkewSeconds(latest))), since: iso(runStart(samples, skewed)!) });

  const notAfter = Date.parse(body.certificateNotAfter);
  if (notAfter - now <= CERTIFICATE_EXPIRY_WARNING_MS)
    alerts.push({ code: 'certificate_expiring', detail: body.certificateNotAfter, since: iso(notAfter - CERTIFICATE_EXPIRY_WARNING_MS) });

  if (options.includeNoHeartbeat && now - latest.receivedAt > MISSED_HEARTBEATS * body.intervalSeconds * 1000)
    alerts.push({ code: 'no_heartbeat', detail: String(Math.floor((now - latest.receivedAt) / 1000)), since: iso(latest.receivedAt) });

  return alerts;
}
