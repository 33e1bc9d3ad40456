import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentWindowStart,
  decideUpdate,
  formatMaintenanceWindow,
  isInWindow,
  type MaintenanceWindow,
  nextWindowStart,
  parseMaintenanceWindow,
  type UpdateSituation,
} from '../../../electron/host/update-policy.ts';

// Chile (America/Santiago) in 2026: -03 until Saturday 4 April 24:00, when clocks go back to 23:00 (-04);
// -04 until Saturday 5 September 24:00, when they jump to Sunday 01:00 (-03). Checked against Node's tz data.
const SANTIAGO = 'America/Santiago';
const at = (iso: string) => new Date(iso);

function window(text: string): MaintenanceWindow {
  const parsed = parseMaintenanceWindow(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

const NIGHT = window('03:00-05:00');

function situation(overrides: Partial<UpdateSituation>): UpdateSituation {
  return {
    now: at('2026-06-10T08:00:00Z'), // 04:00 in Santiago (-04): inside NIGHT
    window: NIGHT,
    timeZone: SANTIAGO,
    sessionActive: false,
    lastTouchAt: null,
    quietMinutes: 10,
    stage: 'none',
    lastAttempt: null,
    retryMinutes: 30,
    ...overrides,
  };
}

describe('parseMaintenanceWindow', () => {
  it('reads HH:MM-HH:MM as minutes after midnight', () => {
    expect(parseMaintenanceWindow('03:00-05:00')).toEqual({ ok: true, value: { startMinute: 180, endMinute: 300 } });
    expect(parseMaintenanceWindow('23:30-01:15')).toEqual({ ok: true, value: { startMinute: 1410, endMinute: 75 } });
  });

  it.each(['3:00-05:00', '24:00-01:00', '03:60-04:00', '03:00-05:00 ', ' 03:00-05:00', '03:00 - 05:00', '03:00', '', '03:00-05:00-06:00', '０3:00-05:00'])(
    'refuses %j with a stable code',
    (text) => {
      const parsed = parseMaintenanceWindow(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatchObject({ name: 'UpdateWindowError', code: 'update.window_invalid' });
    },
  );

  it('refuses a window that starts when it ends', () => {
    const parsed = parseMaintenanceWindow('04:00-04:00');
    expect(parsed.ok ? null : parsed.error.reason).toBe('start and end are the same time');
  });

  it('gives back what it formats, for every pair of distinct minutes', () => {
    const minute = fc.integer({ min: 0, max: 1439 });
    fc.assert(
      fc.property(minute, minute, (startMinute, endMinute) => {
        fc.pre(startMinute !== endMinute);
        expect(parseMaintenanceWindow(formatMaintenanceWindow({ startMinute, endMinute }))).toEqual({ ok: true, value: { startMinute, endMinute } });
      }),
    );
  });

  it('never throws on any text, and accepts only the exact shape', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d\d:\d\d-\d\d:\d\d$/)), (text) => {
        const parsed = parseMaintenanceWindow(text);
        if (parsed.ok) expect(formatMaintenanceWindow(parsed.value)).toBe(text);
      }),
    );
  });
});

describe('isInWindow', () => {
  it('opens at the start minute and closes at the end minute (local wall clock)', () => {
    expect(isInWindow(at('2026-06-10T06:59:59Z'), NIGHT, SANTIAGO)).toBe(false); // 02:59:59 -04
    expect(isInWindow(at('2026-06-10T07:00:00Z'), NIGHT, SANTIAGO)).toBe(true); // 03:00
    expect(isInWindow(at('2026-06-10T08:59:59Z'), NIGHT, SANTIAGO)).toBe(true); // 04:59:59
    expect(isInWindow(at('2026-06-10T09:00:00Z'), NIGHT, SANTIAGO)).toBe(false); // 05:00
  });

  it('crosses midnight', () => {
    const late = window('23:30-01:30');
    expect(isInWindow(at('2026-06-11T03:29:00Z'), late, SANTIAGO)).toBe(false); // 23:29
    expect(isInWindow(at('2026-06-11T03:30:00Z'), late, SANTIAGO)).toBe(true); // 23:30
    expect(isInWindow(at('2026-06-11T04:00:00Z'), late, SANTIAGO)).toBe(true); // 00:00
    expect(isInWindow(at('2026-06-11T05:29:00Z'), late, SANTIAGO)).toBe(true); // 01:29
    expect(isInWindow(at('2026-06-11T05:30:00Z'), late, SANTIAGO)).toBe(false); // 01:30
  });

  it('follows the time zone, not UTC', () => {
    expect(isInWindow(at('2026-06-10T04:00:00Z'), NIGHT, 'UTC')).toBe(true);
    expect(isInWindow(at('2026-06-10T04:00:00Z'), NIGHT, SANTIAGO)).toBe(false); // 00:00 in Santiago
  });
});

describe('nextWindowStart and currentWindowStart', () => {
  it('is tomorrow’s opening once today’s has passed, and today’s before it', () => {
    expect(nextWindowStart(at('2026-06-10T16:00:00Z'), NIGHT, SANTIAGO)).toEqual(at('2026-06-11T07:00:00Z'));
    expect(nextWindowStart(at('2026-06-10T05:00:00Z'), NIGHT, SANTIAGO)).toEqual(at('2026-06-10T07:00:00Z'));
    // Inside a window the next opening is the following one.
    expect(nextWindowStart(at('2026-06-10T07:00:00Z'), NIGHT, SANTIAGO)).toEqual(at('2026-06-11T07:00:00Z'));
  });

  it('names the opening of the window an instant is in, across midnight too', () => {
    const late = window('23:30-01:30');
    expect(currentWindowStart(at('2026-06-11T05:00:00Z'), late, SANTIAGO)).toEqual(at('2026-06-11T03:30:00Z')); // 01:00 → 23:30 the day before
    expect(currentWindowStart(at('2026-06-11T06:00:00Z'), late, SANTIAGO)).toBeNull();
  });

  it('keeps the wall-clock opening across the April change (-03 to -04)', () => {
    expect(nextWindowStart(at('2026-04-04T12:00:00Z'), NIGHT, SANTIAGO)).toEqual(at('2026-04-05T07:00:00Z')); // 03:00 -04
    expect(nextWindowStart(at('2026-04-03T12:00:00Z'), NIGHT, SANTIAGO)).toEqual(at('2026-04-04T06:00:00Z')); // 03:00 -03
  });

  it('counts the repeated hour of the April change inside a window that spans it', () => {
    const late = window('23:30-00:30');
    expect(isInWindow(at('2026-04-05T02:45:00Z'), late, SANTIAGO)).toBe(true); // 23:45 -03, first pass
    expect(isInWindow(at('2026-04-05T03:45:00Z'), late, SANTIAGO)).toBe(true); // 23:45 -04, second pass
    expect(currentWindowStart(at('2026-04-05T04:15:00Z'), late, SANTIAGO)?.getTime()).toBeLessThanOrEqual(at('2026-04-05T03:30:00Z').getTime());
  });

  it('opens at the jump when the September change skips the opening time', () => {
    // Sunday 6 September: 00:00-00:59 does not exist; the clock reads 01:00 at 04:00Z.
    expect(nextWindowStart(at('2026-09-05T12:00:00Z'), window('00:30-02:00'), SANTIAGO)).toEqual(at('2026-09-06T04:00:00Z'));
  });

  it('has no window on a day the September change skips it whole', () => {
    expect(nextWindowStart(at('2026-09-05T12:00:00Z'), window('00:15-00:45'), SANTIAGO)).toEqual(at('2026-09-07T03:15:00Z')); // Monday 00:15 -03
  });

  it('always returns an opening that is in the window and later than the instant', () => {
    const zones = fc.constantFrom(SANTIAGO, 'UTC', 'Europe/Madrid', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe');
    const minute = fc.integer({ min: 0, max: 1439 });
    const instant = fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(zones, minute, minute, instant, (zone, startMinute, endMinute, now) => {
        fc.pre(startMinute !== endMinute);
        const win = { startMinute, endMinute };
        const next = nextWindowStart(now, win, zone);
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(2 * 86_400_000);
        expect(isInWindow(next, win, zone)).toBe(true);
        // Just before an opening the window is closed (that is what makes it an opening).
        expect(isInWindow(new Date(next.getTime() - 60_000), win, zone)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decideUpdate', () => {
  it('waits for the window outside it, whatever the update’s stage', () => {
    for (const stage of ['none', 'available', 'downloaded'] as const) {
      expect(decideUpdate(situation({ now: at('2026-06-10T16:00:00Z'), stage }))).toEqual({
        kind: 'wait',
        until: at('2026-06-11T07:00:00Z'),
        reason: 'outside-window',
      });
    }
  });

  it('checks once the window opens, and not again in the same window after a check that worked', () => {
    expect(decideUpdate(situation({ now: at('2026-06-10T07:00:00Z') }))).toEqual({ kind: 'check' });
    expect(decideUpdate(situation({ lastAttempt: { at: at('2026-06-10T07:05:00Z'), ok: true } }))).toEqual({
      kind: 'wait',
      until: at('2026-06-11T07:00:00Z'),
      reason: 'checked-this-window',
    });
    // A check in yesterday's window does not count for today's.
    expect(decideUpdate(situation({ lastAttempt: { at: at('2026-06-09T07:05:00Z'), ok: true } }))).toEqual({ kind: 'check' });
  });

  it('retries a failed check after the retry interval, within the window', () => {
    const failed = { at: at('2026-06-10T07:50:00Z'), ok: false };
    expect(decideUpdate(situation({ now: at('2026-06-10T08:00:00Z'), lastAttempt: failed }))).toEqual({
      kind: 'wait',
      until: at('2026-06-10T08:20:00Z'),
      reason: 'retry-later',
    });
    expect(decideUpdate(situation({ now: at('2026-06-10T08:20:00Z'), lastAttempt: failed }))).toEqual({ kind: 'check' });
  });

  it('puts a retry that would fall after the window’s end off to the next window', () => {
    const failed = { at: at('2026-06-10T08:45:00Z'), ok: false }; // 04:45; retry at 05:15 is past 05:00
    expect(decideUpdate(situation({ now: at('2026-06-10T08:50:00Z'), lastAttempt: failed, stage: 'available' }))).toEqual({
      kind: 'wait',
      until: at('2026-06-11T07:00:00Z'),
      reason: 'retry-later',
    });
  });

  it('downloads a verified update in the window, even while someone uses the kiosk', () => {
    expect(decideUpdate(situation({ stage: 'available', sessionActive: true, lastTouchAt: at('2026-06-10T07:59:00Z') }))).toEqual({ kind: 'download' });
  });

  it('installs a downloaded update when nobody has touched the screen for the quiet minutes', () => {
    expect(decideUpdate(situation({ stage: 'downloaded' }))).toEqual({ kind: 'install' });
    expect(decideUpdate(situation({ stage: 'downloaded', lastTouchAt: at('2026-06-10T07:50:00Z') }))).toEqual({ kind: 'install' });
  });

  it('tries a failed install again only after the retry interval', () => {
    const failed = { at: at('2026-06-10T07:40:00Z'), ok: false };
    expect(decideUpdate(situation({ stage: 'downloaded', lastAttempt: failed }))).toEqual({
      kind: 'wait',
      until: at('2026-06-10T08:10:00Z'),
      reason: 'retry-later',
    });
    expect(decideUpdate(situation({ now: at('2026-06-10T08:10:00Z'), stage: 'downloaded', lastAttempt: failed }))).toEqual({ kind: 'install' });
  });

  it('never installs during a session', () => {
    expect(decideUpdate(situation({ stage: 'downloaded', sessionActive: true }))).toEqual({
      kind: 'wait',
      until: at('2026-06-10T08:10:00Z'),
      reason: 'in-use',
    });
  });

  it('waits out the quiet minutes after a touch', () => {
    expect(decideUpdate(situation({ stage: 'downloaded', lastTouchAt: at('2026-06-10T07:55:00Z') }))).toEqual({
      kind: 'wait',
      until: at('2026-06-10T08:05:00Z'),
      reason: 'in-use',
    });
  });

  it('does not install after the window when a session was active at its end', () => {
    const nearEnd = at('2026-06-10T08:58:00Z'); // 04:58
    expect(decideUpdate(situation({ now: nearEnd, stage: 'downloaded', sessionActive: true }))).toEqual({
      kind: 'wait',
      until: at('2026-06-11T07:00:00Z'),
      reason: 'in-use',
    });
    // The session ends at 05:01: outside the window now, so still no install.
    expect(decideUpdate(situation({ now: at('2026-06-10T09:01:00Z'), stage: 'downloaded', lastTouchAt: nearEnd }))).toMatchObject({
      kind: 'wait',
      reason: 'outside-window',
    });
  });

  it('installs only inside the window, whatever else holds, for any moment of the year', () => {
    const instant = fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.boolean(), fc.option(fc.integer({ min: 0, max: 120 })), (now, sessionActive, touchedMinutesAgo) => {
        const lastTouchAt = touchedMinutesAgo === null ? null : new Date(now.getTime() - touchedMinutesAgo * 60_000);
        const decision = decideUpdate(situation({ now, sessionActive, lastTouchAt, stage: 'downloaded' }));
        const mayInstall = isInWindow(now, NIGHT, SANTIAGO) && !sessionActive && (touchedMinutesAgo === null || touchedMinutesAgo >= 10);
        expect(decision.kind === 'install').toBe(mayInstall);
        if (decision.kind === 'wait') expect(decision.until.getTime()).toBeGreaterThan(now.getTime());
      }),
      { numRuns: 500 },
    );
  });
});
