import { describe, expect, it } from 'vitest';
import { IDLE_WARNING_MS, idleWarning } from '../../renderer/store/idle-warning.ts';

const DEADLINE = '2026-01-15T17:32:00.000Z';
const deadlineMs = Date.parse(DEADLINE);
const at = (msBefore: number) => deadlineMs - msBefore;

describe('idle warning', () => {
  it('warns in the last 30 s, leaving more than the 20 s guidance asks for to respond', () => {
    expect(IDLE_WARNING_MS).toBe(30_000);
    expect(idleWarning({ nowMs: at(30_001), idleDeadline: DEADLINE, busy: false })).toEqual({ show: false });
    expect(idleWarning({ nowMs: at(30_000), idleDeadline: DEADLINE, busy: false })).toEqual({ show: true, secondsLeft: 30 });
  });

  it('counts whole seconds down, rounding up so the last second reads 1', () => {
    expect(idleWarning({ nowMs: at(12_400), idleDeadline: DEADLINE, busy: false })).toEqual({ show: true, secondsLeft: 13 });
    expect(idleWarning({ nowMs: at(1), idleDeadline: DEADLINE, busy: false })).toEqual({ show: true, secondsLeft: 1 });
  });

  it('keeps showing 0 once the deadline has passed, until the service wipes the session', () => {
    expect(idleWarning({ nowMs: at(-2_000), idleDeadline: DEADLINE, busy: false })).toEqual({ show: true, secondsLeft: 0 });
  });

  it('never warns while the service is working for the citizen', () => {
    expect(idleWarning({ nowMs: at(5_000), idleDeadline: DEADLINE, busy: true })).toEqual({ show: false });
  });

  it('never warns without a session', () => {
    expect(idleWarning({ nowMs: at(5_000), idleDeadline: null, busy: false })).toEqual({ show: false });
  });

  it('disappears when the deadline is postponed', () => {
    const later = new Date(deadlineMs + 120_000).toISOString();
    expect(idleWarning({ nowMs: at(5_000), idleDeadline: later, busy: false })).toEqual({ show: false });
  });

  it('with a short idle timeout, warns only in the second half of it, so "Continuar" leaves time without the warning', () => {
    const deadline = new Date(1_000_000 + 15_000).toISOString();
    expect(idleWarning({ nowMs: 1_000_000, idleDeadline: deadline, busy: false, spanMs: 15_000 })).toEqual({ show: false });
    expect(idleWarning({ nowMs: 1_000_000 + 7_000, idleDeadline: deadline, busy: false, spanMs: 15_000 })).toEqual({ show: false });
    expect(idleWarning({ nowMs: 1_000_000 + 8_000, idleDeadline: deadline, busy: false, spanMs: 15_000 })).toEqual({ show: true, secondsLeft: 7 });
    // A long timeout keeps the full 30 s warning.
    const later = new Date(1_000_000 + 120_000).toISOString();
    expect(idleWarning({ nowMs: 1_000_000 + 90_000, idleDeadline: later, busy: false, spanMs: 120_000 })).toEqual({ show: true, secondsLeft: 30 });
  });

  it('takes a shorter warning window when told', () => {
    expect(idleWarning({ nowMs: at(15_000), idleDeadline: DEADLINE, busy: false, warnWithinMs: 10_000 })).toEqual({ show: false });
  });
});
