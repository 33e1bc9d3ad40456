/** The alerts central derives from a kiosk's heartbeats, each at the edge of its threshold. */
import { describe, expect, it } from 'vitest';
import type { HeartbeatBody } from '../../../central/api/heartbeat-wire.ts';
import {
  CERTIFICATE_EXPIRY_WARNING_MS,
  CLOCK_SKEW_LIMIT_SECONDS,
  DEVICE_DOWN_AFTER_MS,
  type HeartbeatSample,
  kioskAlerts,
  QUEUE_STALE_AFTER_SECONDS,
} from '../../../central/domain/kiosk-alerts.ts';
import { heartbeatBody } from '../api/heartbeat-fixture.ts';

const T = Date.parse('2026-12-07T10:00:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sample = (receivedAt: number, overrides: Partial<HeartbeatBody> = {}): HeartbeatSample => ({ receivedAt, body: heartbeatBody(receivedAt, overrides) });
const codes = (samples: HeartbeatSample[], now: number, includeNoHeartbeat = false) => kioskAlerts(samples, now, { includeNoHeartbeat }).map((a) => a.code);

function withPrinter(at: number, state: 'ready' | 'busy' | 'not-ready' | 'not-connected', since: number): HeartbeatSample {
  const body = heartbeatBody(at);
  return { receivedAt: at, body: { ...body, devices: { ...body.devices, printer: { state, lastError: null, since: iso(since) } } } };
}

describe('kioskAlerts', () => {
  it('has nothing to say about a kiosk never heard from, or a healthy one', () => {
    expect(kioskAlerts([], T, { includeNoHeartbeat: true })).toEqual([]);
    expect(kioskAlerts([sample(T)], T, { includeNoHeartbeat: true })).toEqual([]);
  });

  describe('device_down', () => {
    it('fires only after more than five minutes down, by the kiosk’s own since', () => {
      const since = T - DEVICE_DOWN_AFTER_MS;
      expect(codes([withPrinter(T, 'not-connected', since)], T)).toEqual([]);
      expect(kioskAlerts([withPrinter(T, 'not-connected', since - 1)], T)).toEqual([{ code: 'device_down', detail: 'printer', since: iso(since - 1) }]);
      expect(codes([withPrinter(T, 'not-ready', since - 1)], T)).toEqual(['device_down']);
      expect(codes([withPrinter(T, 'busy', since - 1)], T)).toEqual([]);
    });

    it('counts a run of down heartbeats even when the state changed between not-ready and not-connected', () => {
      const samples = [withPrinter(T - 6 * MINUTE, 'not-ready', T - 6 * MINUTE), withPrinter(T, 'not-connected', T - MINUTE)];
      expect(kioskAlerts(samples, T)).toEqual([{ code: 'device_down', detail: 'printer', since: iso(T - 6 * MINUTE) }]);
      const recovered = [
        withPrinter(T - 6 * MINUTE, 'not-ready', T - 6 * MINUTE),
        withPrinter(T - 3 * MINUTE, 'ready', T - 3 * MINUTE),
        withPrinter(T, 'not-ready', T - MINUTE),
      ];
      expect(codes(recovered, T)).toEqual([]);
    });

    it('reads the kiosk’s since on central’s clock: a kiosk ten minutes fast does not raise it', () => {
      const fast = 10 * MINUTE;
      const body = heartbeatBody(T + fast);
      const down = {
        ...body,
        devices: { ...body.devices, fingerprint: { state: 'not-connected' as const, lastError: 'usb.gone', since: iso(T + fast - MINUTE) } },
      };
      expect(codes([{ receivedAt: T, body: down }], T)).toEqual(['clock_skew']);
      expect(codes([{ receivedAt: T, body: down }], T + 4 * MINUTE)).toEqual(['clock_skew']);
      expect(codes([{ receivedAt: T, body: down }], T + 4 * MINUTE + 1)).toEqual(['device_down', 'clock_skew']);
    });
  });

  it('queue_stale: an oldest queued item older than an hour', () => {
    expect(codes([sample(T, { outbox: { pending: 1, oldestAgeSeconds: QUEUE_STALE_AFTER_SECONDS, dead: 0 } })], T)).toEqual([]);
    expect(kioskAlerts([sample(T, { outbox: { pending: 1, oldestAgeSeconds: QUEUE_STALE_AFTER_SECONDS + 1, dead: 0 } })], T)).toEqual([
      { code: 'queue_stale', detail: '3601', since: iso(T - 1000) },
    ]);
  });

  it('dead_letters: any dead item, since the first heartbeat that reported one', () => {
    expect(codes([sample(T, { outbox: { pending: 0, oldestAgeSeconds: null, dead: 0 } })], T)).toEqual([]);
    const samples = [
      sample(T - 2 * MINUTE, { outbox: { pending: 0, oldestAgeSeconds: null, dead: 0 } }),
      sample(T - MINUTE, { outbox: { pending: 0, oldestAgeSeconds: null, dead: 1 } }),
      sample(T, { outbox: { pending: 0, oldestAgeSeconds: null, dead: 3 } }),
    ];
    expect(kioskAlerts(samples, T)).toEqual([{ code: 'dead_letters', detail: '3', since: iso(T - MINUTE) }]);
  });

  describe('clock_skew', () => {
    it('uses the kiosk’s estimate when it has one, at more than 60 s either way', () => {
      for (const skew of [CLOCK_SKEW_LIMIT_SECONDS, -CLOCK_SKEW_LIMIT_SECONDS, 0]) expect(codes([sample(T, { clockSkewSeconds: skew })], T)).toEqual([]);
      expect(kioskAlerts([sample(T, { clockSkewSeconds: 60.5 })], T)).toEqual([{ code: 'clock_skew', detail: '61', since: iso(T) }]);
      expect(codes([sample(T, { clockSkewSeconds: -61 })], T)).toEqual(['clock_skew']);
    });

    it('falls back to sentAt − receivedAt when the kiosk has no estimate', () => {
      const at = (sentAt: number): HeartbeatSample => ({ receivedAt: T, body: { ...heartbeatBody(T), sentAt: iso(sentAt) } });
      expect(codes([at(T + 60_000)], T)).toEqual([]);
      expect(codes([at(T + 60_001)], T)).toEqual(['clock_skew']);
      expect(codes([at(T - 60_001)], T)).toEqual(['clock_skew']);
    });
  });

  it('certificate_expiring: within 30 days, or already past', () => {
    const expiring = (notAfter: number) => sample(T, { certificateNotAfter: iso(notAfter) });
    expect(codes([expiring(T + CERTIFICATE_EXPIRY_WARNING_MS + 1)], T)).toEqual([]);
    expect(kioskAlerts([expiring(T + CERTIFICATE_EXPIRY_WARNING_MS)], T)).toEqual([
      { code: 'certificate_expiring', detail: iso(T + CERTIFICATE_EXPIRY_WARNING_MS), since: iso(T) },
    ]);
    expect(codes([expiring(T - 1)], T)).toEqual(['certificate_expiring']);
  });

  it('no_heartbeat: only when asked for, after more than three intervals of silence', () => {
    const last = sample(T, { intervalSeconds: 300 });
    expect(codes([last], T + 900_000, true)).toEqual([]);
    expect(kioskAlerts([last], T + 900_001, { includeNoHeartbeat: true })).toEqual([{ code: 'no_heartbeat', detail: '900', since: iso(T) }]);
    expect(codes([last], T + 900_001, false)).toEqual([]);
  });
});
