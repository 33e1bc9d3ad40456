/**
 * `kioskctl technician set-pin`: the only way a kiosk gets its first
 * technician PIN. Run as a process on a real kiosk database (the way a
 * technician runs it over SSH), and in-process with a stand-in terminal for
 * the typed-twice path.
 */
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { technicianSetPinCommand } from '../../../electron/service/cli/technician-commands.ts';
import { kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { PinGuard } from '../../../electron/service/maintenance/pin-guard.ts';
import { verifyPin } from '../../../electron/service/maintenance/pin-hash.ts';
import { BOUND_MS, auditEvents, cliError, json, kioskctl, removeTempDirs, storedState, tempDir } from './cli-support.ts';

afterAll(removeTempDirs);

const PIN = '480159';

function storedHash(dataDir: string): string | undefined {
  if (!existsSync(kioskDatabasePath(dataDir))) return undefined;
  const document = storedState(dataDir).document;
  return document === null ? undefined : (JSON.parse(document) as { technicianPinHash?: string }).technicianPinHash;
}

describe('kioskctl technician set-pin', { timeout: 6 * BOUND_MS }, () => {
  it('provisions the first PIN from stdin: only its Argon2id hash is stored, the action is recorded, the PIN is never printed', async () => {
    const dataDir = tempDir();
    const set = await kioskctl(['technician', 'set-pin', '--pin-stdin', '--data-dir', dataDir], { stdin: `${PIN}\n` });
    expect(set.code, set.stderr).toBe(0);
    expect(json(set.stdout)).toMatchObject({ dataDir, pinSet: true, replaced: false, lockedUntil: null });
    expect(await verifyPin(storedHash(dataDir)!, PIN)).toBe(true);
    expect(auditEvents(dataDir)).toEqual([
      expect.objectContaining({ type: 'technician.pin_set', outcome: 'ok', detail: expect.objectContaining({ via: 'kioskctl' }) }),
    ]);
    expect(set.stdout + set.stderr + JSON.stringify(storedState(dataDir).outbox)).not.toContain(PIN);

    const again = await kioskctl(['technician', 'set-pin', '--pin-stdin', '--data-dir', dataDir], { stdin: '582063\n' });
    expect(json(again.stdout)).toMatchObject({ pinSet: true, replaced: true });
    expect(await verifyPin(storedHash(dataDir)!, '582063')).toBe(true);
    expect(auditEvents(dataDir).map((e) => e.type)).toEqual(['technician.pin_set', 'technician.pin_changed']);
  });

  it('refuses a weak or malformed PIN (exit 2) and stores nothing', async () => {
    const dataDir = tempDir();
    for (const [pin, code] of [
      ['111111', 'technician.pin_weak'],
      ['123456', 'technician.pin_weak'],
      ['121212', 'technician.pin_weak'],
      ['12345', 'technician.pin_format'],
      ['', 'technician.pin_format'],
    ] as const) {
      const run = await kioskctl(['technician', 'set-pin', '--pin-stdin', '--data-dir', dataDir], { stdin: `${pin}\n` });
      expect(run.code, pin).toBe(2);
      expect(cliError(run).code).toBe(code);
    }
    expect(storedHash(dataDir)).toBeUndefined();
  });

  it('wants a terminal or --pin-stdin, never the PIN as an argument', async () => {
    const dataDir = tempDir();
    const run = await kioskctl(['technician', 'set-pin', '--data-dir', dataDir], { stdin: `${PIN}\n` });
    expect(run.code).toBe(2);
    expect(cliError(run).message).toMatch(/--pin-stdin/);
    expect((await kioskctl(['technician', 'set-pin', PIN, '--data-dir', dataDir])).code).toBe(2);
    expect(storedHash(dataDir)).toBeUndefined();
  });

  it('leaves a running lockout as it is when the hash is cleared with config set and a PIN set again', async () => {
    const dataDir = tempDir();
    expect((await kioskctl(['technician', 'set-pin', '--pin-stdin', '--data-dir', dataDir], { stdin: `${PIN}\n` })).code).toBe(0);
    const db = openKioskDatabase(kioskDatabasePath(dataDir));
    const guard = new PinGuard(db);
    for (let i = 0; i < 5; i++) {
      guard.begin(Date.now());
      guard.failed(Date.now());
    }
    const { lockedUntil } = guard.state(Date.now());
    expect(lockedUntil).not.toBeNull();
    db.close();

    expect((await kioskctl(['config', 'set', 'technicianPinHash', 'null', '--data-dir', dataDir])).code).toBe(0);
    expect(storedHash(dataDir)).toBeUndefined();
    const set = await kioskctl(['technician', 'set-pin', '--pin-stdin', '--data-dir', dataDir], { stdin: '582063\n' });
    expect(json(set.stdout)).toMatchObject({ pinSet: true, lockedUntil: new Date(lockedUntil!).toISOString() });

    const after = openKioskDatabase(kioskDatabasePath(dataDir));
    expect(new PinGuard(after).state(Date.now()).lockedUntil).toBe(lockedUntil);
    after.close();
  });
});

describe('kioskctl technician set-pin on a terminal', () => {
  /** A stand-in for a TTY: raw mode is recorded, keystrokes are written by the test. */
  function terminal() {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[] });
    Object.assign(stdin, { setRawMode: (on: boolean) => stdin.rawModes.push(on) });
    let shown = '';
    const prompts = new PassThrough();
    prompts.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    return { stdin, prompts, shown: () => shown };
  }

  const io = (t: ReturnType<typeof terminal>) => ({ stdin: t.stdin, prompts: t.prompts, emit: () => {}, stopped: new Promise<void>(() => {}), env: {} });

  it('asks twice without echo and stores the PIN', async () => {
    const dataDir = tempDir();
    const t = terminal();
    const result = technicianSetPinCommand.run(['--data-dir', dataDir], io(t));
    t.stdin.write(`${PIN}\r`);
    await expect.poll(() => t.shown()).toContain('again');
    t.stdin.write(`${PIN}\r`);
    expect(await result).toMatchObject({ pinSet: true, replaced: false });
    expect(t.shown()).not.toContain(PIN);
    expect(t.stdin.rawModes).toEqual([true, false, true, false]);
    expect(await verifyPin(storedHash(dataDir)!, PIN)).toBe(true);
  });

  it('refuses a weak PIN at the first entry, before asking for it again', async () => {
    const dataDir = tempDir();
    const t = terminal();
    const result = technicianSetPinCommand.run(['--data-dir', dataDir], io(t));
    t.stdin.write('654321\r');
    await expect(result).rejects.toMatchObject({ code: 'technician.pin_weak' });
    expect(t.shown()).not.toContain('again');
    expect(t.stdin.rawModes).toEqual([true, false]);
  });

  it('refuses two different PINs, and stores nothing', async () => {
    const dataDir = tempDir();
    const t = terminal();
    const result = technicianSetPinCommand.run(['--data-dir', dataDir], io(t));
    t.stdin.write(`${PIN}\r`);
    await expect.poll(() => t.shown()).toContain('again');
    t.stdin.write('480158\r');
    await expect(result).rejects.toMatchObject({ code: 'technician.pin_mismatch' });
  });
});
