import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { ServiceConfigSchema } from '../../../electron/service/config/service-config.ts';
import { technicianPinProblem as pinProblem } from '../../../electron/contract/index.ts';
import { hashPin, PIN_HASH_PARAMETERS, verifyPin } from '../../../electron/service/maintenance/pin-hash.ts';
import { DEFAULT_LOCKOUT_MS, PinGuard } from '../../../electron/service/maintenance/pin-guard.ts';
import { removeTempDirs, tempDataDir } from './support.ts';

afterAll(removeTempDirs);

describe('the technician PIN hash', () => {
  it('is an Argon2id PHC string with the OWASP parameters (19 MiB, t=2, p=1), accepted by the configuration schema', async () => {
    const hashed = await hashPin('480159');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(PIN_HASH_PARAMETERS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(hashed).not.toContain('480159');
    expect(ServiceConfigSchema.shape.technicianPinHash.safeParse(hashed).success).toBe(true);
  });

  it('verifies the right PIN only, with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPin('480159'), hashPin('480159')]);
    expect(a).not.toBe(b);
    expect(await verifyPin(a, '480159')).toBe(true);
    expect(await verifyPin(b, '480159')).toBe(true);
    expect(await verifyPin(a, '480158')).toBe(false);
    expect(await verifyPin(a, '4801590')).toBe(false);
    expect(await verifyPin(a, '')).toBe(false);
  });

  it('answers false, never throws, for a hash it cannot read', async () => {
    expect(await verifyPin('not a hash', '480159')).toBe(false);
    expect(await verifyPin('$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', '480159')).toBe(false);
  });

  it.each([
    ['12345', 'technician.pin_format'],
    ['1234567890123', 'technician.pin_format'],
    ['12a456', 'technician.pin_format'],
    ['', 'technician.pin_format'],
    ['000000', 'technician.pin_weak'],
    ['123456', 'technician.pin_weak'],
    ['987654', 'technician.pin_weak'],
    ['890123', 'technician.pin_weak'],
    ['654321', 'technician.pin_weak'],
    ['121212', 'technician.pin_weak'],
    ['123123', 'technician.pin_weak'],
    ['48014801', 'technician.pin_weak'],
    ['480159480159', 'technician.pin_weak'],
    ['480159', null],
    ['135792468013', null],
  ])('judges %j as %s', (pin, problem) => {
    expect(pinProblem(pin)).toBe(problem);
  });

  it('accepts any 6–12 digit PIN that is not one digit repeated, a plain run or a block repeated', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 12 }), (digits) => {
        const pin = digits.join('');
        const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
        const repeated = /^(\d+)\1+$/.test(pin);
        const trivial = repeated || (steps.size === 1 && (steps.has(1) || steps.has(9)));
        expect(pinProblem(pin)).toBe(trivial ? 'technician.pin_weak' : null);
      }),
    );
  });
});

describe('the PIN guard', () => {
  const NOW = Date.parse('2026-03-02T12:00:00Z');

  function wrong(guard: PinGuard, now: number) {
    const start = guard.begin(now);
    if (!start.ok) return start;
    return guard.failed(now);
  }

  it('locks after five wrong PINs in a row, for 15 minutes, and says until when', () => {
    const db = openKioskDatabase(kioskDatabasePath(tempDataDir()));
    const guard = new PinGuard(db);
    expect(guard.state(NOW)).toEqual({ failures: 0, lockedUntil: null, attemptsLeft: 5 });
    for (let i = 1; i <= 4; i++) {
      expect(wrong(guard, NOW + i)).toEqual({ lockedUntil: null });
      expect(guard.state(NOW + i).attemptsLeft).toBe(5 - i);
    }
    expect(wrong(guard, NOW + 5)).toEqual({ lockedUntil: NOW + 5 + DEFAULT_LOCKOUT_MS });
    expect(DEFAULT_LOCKOUT_MS).toBe(15 * 60_000);
    expect(guard.state(NOW + 6)).toMatchObject({ lockedUntil: NOW + 5 + DEFAULT_LOCKOUT_MS, attemptsLeft: 0 });
    // While locked no attempt is even made.
    expect(guard.begin(NOW + 60_000)).toEqual({ ok: false, lockedUntil: NOW + 5 + DEFAULT_LOCKOUT_MS });
    db.close();
  });

  it('keeps the count and the lock in the database: reopening it (a restart) changes nothing', () => {
    const dataDir = tempDataDir();
    let db = openKioskDatabase(kioskDatabasePath(dataDir));
    let guard = new PinGuard(db);
    wrong(guard, NOW);
    wrong(guard, NOW);
    db.close();
    db = openKioskDatabase(kioskDatabasePath(dataDir));
    guard = new PinGuard(db);
    expect(guard.state(NOW).attemptsLeft).toBe(3);
    for (let i = 0; i < 3; i++) wrong(guard, NOW);
    db.close();
    db = openKioskDatabase(kioskDatabasePath(dataDir));
    guard = new PinGuard(db);
    expect(guard.begin(NOW + 14 * 60_000)).toEqual({ ok: false, lockedUntil: NOW + DEFAULT_LOCKOUT_MS });
    db.close();
  });

  it('counts an attempt before the PIN is checked, so a check cut short still spends it', () => {
    const dataDir = tempDataDir();
    let db = openKioskDatabase(kioskDatabasePath(dataDir));
    expect(new PinGuard(db).begin(NOW)).toEqual({ ok: true });
    db.close(); // the process died while Argon2 was still running
    db = openKioskDatabase(kioskDatabasePath(dataDir));
    expect(new PinGuard(db).state(NOW).attemptsLeft).toBe(4);
    db.close();
  });

  it('gives a fresh set of attempts once the lock has run out, and a right PIN resets the count', () => {
    const db = openKioskDatabase(kioskDatabasePath(tempDataDir()));
    const guard = new PinGuard(db, { lockoutMs: 1000 });
    for (let i = 0; i < 5; i++) wrong(guard, NOW);
    expect(guard.state(NOW + 999).lockedUntil).toBe(NOW + 1000);
    expect(guard.state(NOW + 1000)).toEqual({ failures: 0, lockedUntil: null, attemptsLeft: 5 });
    wrong(guard, NOW + 1000);
    expect(guard.state(NOW + 1000).attemptsLeft).toBe(4);
    expect(guard.begin(NOW + 1001)).toEqual({ ok: true });
    guard.succeeded(NOW + 1001);
    expect(guard.state(NOW + 1001).attemptsLeft).toBe(5);
    db.close();
  });
});
