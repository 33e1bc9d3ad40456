/**
 * The selftest's judgments and the device actions: pure functions over facts, thresholds at their edges,
 * read as kioskctl prints them (the maintenance layer's message keys in kioskctl's English).
 */
import { describe, expect, it } from 'vitest';
import { englishAdvice, englishLine } from '../../../electron/service/cli/maintenance-english.ts';
import { clockSkewSeconds } from '../../../electron/service/maintenance/central-probe.ts';
import * as devices from '../../../electron/service/maintenance/device-checks.ts';
import * as checks from '../../../electron/service/maintenance/selftest-checks.ts';
import type { OutboxStats } from '../../../electron/service/outbox/outbox.ts';

const clockCheck = (...args: Parameters<typeof checks.clockCheck>) => englishLine(checks.clockCheck(...args));
const certificateCheck = (...args: Parameters<typeof checks.certificateCheck>) => englishLine(checks.certificateCheck(...args));
const diskCheck = (...args: Parameters<typeof checks.diskCheck>) => englishLine(checks.diskCheck(...args));
const outboxCheck = (...args: Parameters<typeof checks.outboxCheck>) => englishLine(checks.outboxCheck(...args));
const ageText = (ms: number) => `${checks.age(ms).amount} ${checks.age(ms).unit}`;
const deviceAction = (...args: Parameters<typeof devices.deviceAction>) => {
  const { status, advice } = devices.deviceAction(...args);
  return { status, action: englishAdvice(advice) };
};

const DAY_MS = 86_400_000;

describe('clockCheck', () => {
  it.each([
    [0, 'pass'],
    [60, 'pass'],
    [-60, 'pass'],
    [61, 'warn'],
    [-300, 'warn'],
    [301, 'fail'],
    [-3600, 'fail'],
  ])('a skew of %i s is a %s', (skew, status) => {
    const line = clockCheck(skew, '2026-01-01T00:00:00.000Z');
    expect(line.status).toBe(status);
    if (status !== 'pass') expect(line.action).toContain('time sync');
  });

  it('says which way the clock is off', () => {
    expect(clockCheck(400, null).summary).toContain('behind central');
    expect(clockCheck(-400, null).summary).toContain('ahead of central');
  });

  it('warns when central sent no Date header', () => {
    expect(clockCheck(null, null).status).toBe('warn');
  });
});

describe('clockSkewSeconds', () => {
  const exchange = (date: string | undefined, sentAt: number, roundTripMs: number) => ({ headers: date === undefined ? {} : { date }, sentAt, roundTripMs });

  it('compares the Date header with the middle of the round trip, allowing for its truncation to the second', () => {
    const sentAt = Date.parse('2026-03-01T12:00:00.000Z');
    expect(clockSkewSeconds(exchange('Sun, 01 Mar 2026 12:00:00 GMT', sentAt, 400))).toBe(0);
    expect(clockSkewSeconds(exchange('Sun, 01 Mar 2026 12:05:00 GMT', sentAt, 400))).toBe(300);
    expect(clockSkewSeconds(exchange('Sun, 01 Mar 2026 11:58:00 GMT', sentAt, 400))).toBe(-120);
  });

  it('is null without a usable Date header', () => {
    expect(clockSkewSeconds(exchange(undefined, 0, 1))).toBeNull();
    expect(clockSkewSeconds(exchange('yesterday', 0, 1))).toBeNull();
  });
});

describe('certificateCheck', () => {
  const certificate = (daysLeft: number, kioskId = 'kiosk-01') => ({
    subject: `CN=${kioskId}, O=Synthetic`,
    serial: '0a',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    daysLeft,
  });

  it.each([
    [365, 'pass'],
    [30, 'pass'],
    [29, 'warn'],
    [7, 'warn'],
    [6, 'fail'],
    [-1, 'fail'],
  ])('%i days left is a %s', (days, status) => {
    expect(certificateCheck(certificate(days), 'kiosk-01').status).toBe(status);
  });

  it('fails a certificate for another kiosk id, and a kiosk without one, saying how to register', () => {
    expect(certificateCheck(certificate(300, 'kiosk-02'), 'kiosk-01')).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('kiosk-02'),
      action: expect.stringContaining('register'),
    });
    expect(certificateCheck(null, 'kiosk-01')).toMatchObject({ status: 'fail', action: expect.stringContaining('kioskctl register --token') });
  });
});

describe('diskCheck', () => {
  const limits = { minFreeBytes: 200 * 1024 * 1024, maxPendingRows: 10_000 };
  it('passes with room, fails low disk and a full queue with what to do', () => {
    expect(diskCheck({ ok: true, freeBytes: 5 * 1024 ** 3, pendingRows: 3 }, limits).status).toBe('pass');
    expect(diskCheck({ ok: false, reason: 'disk_low', freeBytes: 50 * 1024 * 1024, pendingRows: 3 }, limits)).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('50 MiB'),
      action: expect.stringContaining('never delete'),
    });
    expect(diskCheck({ ok: false, reason: 'queue_full', freeBytes: 5 * 1024 ** 3, pendingRows: 10_000 }, limits)).toMatchObject({
      status: 'fail',
      action: expect.stringContaining('queue retry'),
    });
  });
});

describe('outboxCheck', () => {
  const stats = (overrides: Partial<OutboxStats>): OutboxStats => ({
    pending: 0,
    dead: 0,
    inFlight: 0,
    oldestPendingAgeMs: null,
    byKind: { 'audit-events': { pending: 0, dead: 0 }, 'deferred-enrollment': { pending: 0, dead: 0 }, heartbeat: { pending: 0, dead: 0 } },
    deadRows: [],
    ...overrides,
  });

  it('passes an empty queue and a young one', () => {
    expect(outboxCheck(stats({}), 7)).toMatchObject({ status: 'pass', summary: 'the outbox is empty' });
    expect(outboxCheck(stats({ pending: 4, oldestPendingAgeMs: 90 * 60_000 }), 7)).toMatchObject({
      status: 'pass',
      summary: '4 rows pending, the oldest 1 h old',
    });
  });

  it('warns past half the maximum age and fails at it', () => {
    expect(outboxCheck(stats({ pending: 1, oldestPendingAgeMs: 3.5 * DAY_MS }), 7).status).toBe('warn');
    expect(outboxCheck(stats({ pending: 1, oldestPendingAgeMs: 7 * DAY_MS }), 7)).toMatchObject({ status: 'fail', summary: expect.stringContaining('7 days') });
  });

  it('fails on dead rows, listing their reasons', () => {
    const deadRow = (reason: string) => ({ id: 1, kind: 'audit-events' as const, stream: 'audit', reason, attempts: 3, createdAt: 0, deadAt: 1 });
    const line = outboxCheck(stats({ dead: 2, deadRows: [deadRow('expired'), deadRow('central.problem.invalid_input')] }), 7);
    expect(line).toMatchObject({
      status: 'fail',
      summary: '2 dead-letter rows (expired, central.problem.invalid_input)',
      action: expect.stringContaining('queue status'),
    });
  });
});

describe('ageText', () => {
  it.each([
    [0, '0 min'],
    [59 * 60_000, '59 min'],
    [3 * 3_600_000, '3 h'],
    [47 * 3_600_000, '47 h'],
    [3 * DAY_MS, '3 days'],
  ])('%i ms is %s', (ms, text) => {
    expect(ageText(ms)).toBe(text);
  });
});

describe('deviceAction', () => {
  const serial = { transport: 'serial' as const, path: '/dev/ttyUSB0' };
  it.each([
    ['fingerprint', serial, 'fingerprint.disconnected', 'EACCES', 'fail', /dialout/],
    ['cardReader', { transport: 'hid' as const, vendorId: 1, productId: 2 }, 'transport.open_failed', 'EACCES', 'fail', /udev rule/],
    ['fingerprint', serial, 'fingerprint.disconnected', 'EAGAIN', 'warn', /running kiosk service/],
    ['fingerprint', serial, 'fingerprint.disconnected', 'ENOENT', 'fail', /not plugged in/],
    ['fingerprint', serial, 'fingerprint.timeout', undefined, 'fail', /baud rate/],
    ['fingerprint', serial, 'fingerprint.protocol.bad_header', undefined, 'fail', /not a fingerprint reader/],
    ['printer', { transport: 'tcp' as const, host: '192.0.2.10', port: 9100 }, 'printer.unavailable', 'ECONNREFUSED', 'fail', /IP address/],
    ['printer', { transport: 'tcp' as const, host: '192.0.2.10', port: 9100 }, 'printer.cover_open', undefined, 'fail', /close the printer cover/],
    ['printer', { transport: 'file' as const, path: '/dev/usb/lp0' }, 'transport.open_failed', 'EACCES', 'fail', /lp group/],
  ] as const)('%s %s %s (%s) → %s', (role, assignment, code, os, status, action) => {
    expect(deviceAction(role, assignment, code, os)).toEqual({ status, action: expect.stringMatching(action) });
  });
});
