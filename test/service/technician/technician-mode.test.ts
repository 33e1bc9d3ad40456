/**
 * Technician mode through the service's one handler table, as the renderer
 * reaches it: the gate (no citizen session, PIN, lockout, inactivity), the
 * audit trail, and configuration changes that are validated and atomic.
 * Time is a manual clock: nothing here waits for a lockout or a deadline.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../electron/contract/index.ts';
import { KioskConfigStore } from '../../../electron/service/config/kiosk-config.ts';
import { provisionPin, removeTempDirs, startTestKiosk, tempDataDir, type TestKiosk } from './support.ts';

afterAll(removeTempDirs);

const PIN = '480159';
type Status = {
  state: string;
  attemptsLeft: number;
  lockedUntil: string | null;
  lockoutSecondsLeft: number | null;
  expiresAt: string | null;
  restartPending: boolean;
};

async function status(kiosk: TestKiosk): Promise<Status> {
  const result = await kiosk.call<Status>('technician.status');
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.value!;
}

/** The PIN provisioned as `kioskctl technician set-pin` does; technician mode stays closed until it is entered. */
async function provisioned(kiosk: TestKiosk): Promise<void> {
  await provisionPin(kiosk, PIN);
  expect(await status(kiosk)).toMatchObject({ state: 'pin' });
}

const GATED = COMMAND_NAMES.filter((name) => name.startsWith('technician.') && !['technician.status', 'technician.enter', 'technician.exit'].includes(name));

describe('entering technician mode', () => {
  it('keeps a kiosk without a PIN closed: the touch screen cannot choose the first PIN, only kioskctl provisions it', async () => {
    const kiosk = startTestKiosk();
    expect(await status(kiosk)).toMatchObject({ state: 'setup', attemptsLeft: 5, lockedUntil: null, expiresAt: null });
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'technician.pin_not_set' } });
    // What the first PIN came through before: a command anyone at the screen could send. It is gone.
    const claimed = await kiosk.service.handle('technician.setPin', { pin: PIN, confirmation: PIN });
    expect(claimed).toMatchObject({ ok: false });
    expect(kiosk.storedDocument().technicianPinHash).toBeUndefined();
    expect(await status(kiosk)).toMatchObject({ state: 'setup' });
    for (const name of GATED)
      expect(await kiosk.call(name, name === 'technician.changePin' ? { currentPin: '', pin: PIN, confirmation: PIN } : undefined), name).toMatchObject({
        ok: false,
      });
    expect(kiosk.audit()).toEqual([]);

    await provisionPin(kiosk, PIN);
    expect(kiosk.storedDocument().technicianPinHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await status(kiosk)).toMatchObject({ state: 'pin', attemptsLeft: 5 });
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({
      ok: true,
      value: { state: 'active', expiresAt: new Date(kiosk.time.now() + 5 * 60_000).toISOString() },
    });
    expect(kiosk.audit().map((r) => r.type)).toEqual(['technician.pin_set', 'technician.entered']);
    expect(kiosk.audit()[0]).toMatchObject({ outcome: 'ok', detail: { via: 'kioskctl', pinHash: '[set]' } });
    const everything = JSON.stringify(kiosk.audit()) + kiosk.logLines.join('');
    expect(everything).not.toContain(PIN);
    expect(everything).not.toContain(kiosk.storedDocument().technicianPinHash as string);
    await kiosk.close();
  });

  it('refuses every command but the way in until the PIN is given, and opens with the right PIN', async () => {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    for (const name of GATED) {
      const payload =
        name === 'technician.assignDevice'
          ? { role: 'printer', assignment: 'none' }
          : name === 'technician.probeDevice'
            ? { role: 'printer' }
            : name === 'technician.register'
              ? { token: 'x' }
              : name === 'technician.retryQueue'
                ? { includeDead: false }
                : name === 'technician.exportDiagnostics'
                  ? { directory: '/tmp' }
                  : name === 'technician.updateSetup'
                    ? {}
                    : name === 'technician.changePin'
                      ? { currentPin: PIN, pin: '582063', confirmation: '582063' }
                      : undefined;
      expect(await kiosk.call(name, payload), name).toMatchObject({ ok: false, error: { code: 'technician.not_active' } });
    }
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: true, value: { state: 'active', attemptsLeft: 5 } });
    expect(await kiosk.call('technician.config')).toMatchObject({ ok: true, value: { kioskId: 'dev-kiosk-01' } });
    expect(JSON.stringify(await kiosk.call('technician.config'))).not.toContain('argon2');
    await kiosk.close();
  });

  it('is never reachable during a citizen session, and no citizen session starts while it is open', async () => {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    expect(await kiosk.call('session.start', { language: 'es-CL' })).toMatchObject({ ok: true, value: { step: 'welcome' } });
    for (const name of ['technician.status', 'technician.enter', 'technician.exit']) {
      const payload = name === 'technician.enter' ? { pin: PIN } : undefined;
      expect(await kiosk.call(name, payload), name).toMatchObject({ ok: false, error: { code: 'technician.session_active' } });
    }
    // The refused PIN was not even checked: no attempt was spent.
    expect(await kiosk.call('session.cancel')).toMatchObject({ ok: true, value: { step: 'idle' } });
    expect(await status(kiosk)).toMatchObject({ state: 'pin', attemptsLeft: 5 });

    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: true });
    expect(await kiosk.call('session.start', { language: 'es-CL' })).toMatchObject({ ok: false, error: { code: 'technician.mode_active' } });
    await kiosk.call('technician.exit');
    expect(await kiosk.call('session.start', { language: 'es-CL' })).toMatchObject({ ok: true, value: { step: 'welcome' } });
    await kiosk.close();
  });

  it('locks for 15 minutes after 5 wrong PINs, with the time left; a restart does not reset it; then the right PIN works', async () => {
    const dataDir = tempDataDir();
    let kiosk = startTestKiosk({ dataDir });
    await provisioned(kiosk);
    for (let left = 4; left >= 1; left--) {
      expect(await kiosk.call('technician.enter', { pin: '000001' })).toMatchObject({ ok: false, error: { code: 'technician.pin_wrong' } });
      expect(await status(kiosk)).toMatchObject({ state: 'pin', attemptsLeft: left });
    }
    expect(await kiosk.call('technician.enter', { pin: '000001' })).toMatchObject({ ok: false, error: { code: 'technician.locked' } });
    const locked = await status(kiosk);
    expect(locked).toMatchObject({
      state: 'locked',
      attemptsLeft: 0,
      lockoutSecondsLeft: 900,
      lockedUntil: new Date(kiosk.time.now() + 900_000).toISOString(),
    });
    expect(kiosk.events.filter((e) => e.event === 'technician.status').at(-1)?.payload).toMatchObject({ state: 'locked' });
    // The right PIN does not open a locked kiosk.
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'technician.locked' } });
    const types = kiosk.audit().map((r) => r.type);
    expect(types.filter((t) => t === 'technician.pin_failed')).toHaveLength(5);
    expect(types).toContain('technician.locked_out');
    expect(kiosk.audit().find((r) => r.type === 'technician.locked_out')).toMatchObject({ outcome: 'technician.locked', detail: { minutes: 15 } });

    // Restart: a new service on the same database, the same moment.
    const time = kiosk.time;
    await kiosk.close();
    time.advance(10 * 60_000);
    kiosk = startTestKiosk({ dataDir, time });
    expect(await status(kiosk)).toMatchObject({ state: 'locked', lockoutSecondsLeft: 300 });
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'technician.locked' } });

    time.advance(5 * 60_000);
    expect(await status(kiosk)).toMatchObject({ state: 'pin', attemptsLeft: 5, lockedUntil: null });
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: true, value: { state: 'active' } });
    await kiosk.close();
  });

  it('closes by itself after 5 minutes without activity (the service enforces it), and each command postpones that', async () => {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    await kiosk.call('technician.enter', { pin: PIN });
    kiosk.time.advance(4 * 60_000);
    expect(await kiosk.call('technician.activity')).toMatchObject({ ok: true, value: { state: 'active' } });
    kiosk.time.advance(4 * 60_000);
    expect(await kiosk.call('technician.queue')).toMatchObject({ ok: true });
    kiosk.time.advance(5 * 60_000 - 1);
    expect(await status(kiosk)).toMatchObject({ state: 'active' });
    kiosk.time.advance(1);
    // The timer fired: the screen was told, and the record says why.
    expect(kiosk.events.filter((e) => e.event === 'technician.status').at(-1)?.payload).toMatchObject({ state: 'pin' });
    expect(await kiosk.call('technician.queue')).toMatchObject({ ok: false, error: { code: 'technician.not_active' } });
    await expect.poll(() => kiosk.audit().at(-1)).toMatchObject({ type: 'technician.exited', detail: { reason: 'inactivity' } });
    expect(kiosk.exits).toEqual([]);
    await kiosk.close();
  });

  it('records every entry and exit in the audit trail with its UTC time', async () => {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    await kiosk.call('technician.enter', { pin: PIN });
    await kiosk.call('technician.exit');
    const records = kiosk.audit();
    expect(records.map((r) => r.type)).toEqual(['technician.pin_set', 'technician.entered', 'technician.exited']);
    for (const record of records) expect(record.at).toBe(new Date(kiosk.time.now()).toISOString());
    expect(records.map((r) => r.detail?.via)).toEqual(['kioskctl', 'touch-screen', 'touch-screen']);
    expect(records.at(-1)).toMatchObject({ detail: { reason: 'exit', restart: false } });
    await kiosk.close();
  });
});

describe('the PIN lock, apart from the PIN hash', () => {
  it('does not lift a running lock when the PIN hash is cleared (config set technicianPinHash null) and a PIN set again', async () => {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    for (let i = 0; i < 5; i++) await kiosk.call('technician.enter', { pin: '000001' });
    expect(await status(kiosk)).toMatchObject({ state: 'locked', lockoutSecondsLeft: 900 });

    // What `kioskctl config set technicianPinHash null` writes.
    new KioskConfigStore(kiosk.db, { dataDir: kiosk.dataDir }).update({ technicianPinHash: null }, new Date(kiosk.time.now()));
    expect(await status(kiosk)).toMatchObject({ state: 'setup' });
    // The screen cannot choose a PIN now either; the old way round the lock is gone.
    expect(await kiosk.service.handle('technician.setPin', { pin: '582063', confirmation: '582063' })).toMatchObject({ ok: false });
    await provisionPin(kiosk, '582063');
    kiosk.time.advance(60_000);
    expect(await status(kiosk)).toMatchObject({ state: 'locked', lockoutSecondsLeft: 840 });
    expect(await kiosk.call('technician.enter', { pin: '582063' })).toMatchObject({ ok: false, error: { code: 'technician.locked' } });

    kiosk.time.advance(14 * 60_000);
    expect(await kiosk.call('technician.enter', { pin: '582063' })).toMatchObject({ ok: true, value: { state: 'active' } });
    await kiosk.close();
  });
});

describe('changing the PIN in technician mode', () => {
  const NEW_PIN = '582063';

  async function open(): Promise<TestKiosk> {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: true });
    return kiosk;
  }

  it('takes the PIN in use and the new one twice; from then on only the new one opens, and the change is recorded', async () => {
    const kiosk = await open();
    const before = kiosk.storedDocument().technicianPinHash;
    expect(await kiosk.call('technician.changePin', { currentPin: PIN, pin: NEW_PIN, confirmation: NEW_PIN })).toMatchObject({
      ok: true,
      value: { state: 'active' },
    });
    expect(kiosk.storedDocument().technicianPinHash).not.toBe(before);
    await kiosk.call('technician.exit');
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'technician.pin_wrong' } });
    expect(await kiosk.call('technician.enter', { pin: NEW_PIN })).toMatchObject({ ok: true, value: { state: 'active' } });
    expect(kiosk.audit().find((r) => r.type === 'technician.pin_changed')).toMatchObject({ outcome: 'ok', detail: { via: 'touch-screen', pinHash: '[set]' } });
    const everything = JSON.stringify(kiosk.audit()) + kiosk.logLines.join('');
    for (const secret of [PIN, NEW_PIN, kiosk.storedDocument().technicianPinHash as string]) expect(everything).not.toContain(secret);
    await kiosk.close();
  });

  it('refuses a weak or mistyped new PIN without spending an attempt, and keeps the PIN in use', async () => {
    const kiosk = await open();
    const before = kiosk.storedDocument().technicianPinHash;
    for (const [pin, confirmation, code] of [
      ['12345', '12345', 'technician.pin_format'],
      ['654321', '654321', 'technician.pin_weak'],
      ['121212', '121212', 'technician.pin_weak'],
      [NEW_PIN, '582064', 'technician.pin_mismatch'],
    ] as const) {
      expect(await kiosk.call('technician.changePin', { currentPin: '000001', pin, confirmation }), pin).toMatchObject({ ok: false, error: { code } });
    }
    expect(await status(kiosk)).toMatchObject({ state: 'active', attemptsLeft: 5 });
    expect(kiosk.storedDocument().technicianPinHash).toBe(before);
    await kiosk.close();
  });

  it('counts a wrong PIN in use towards the lock, and at the lock closes technician mode', async () => {
    const kiosk = await open();
    for (let left = 4; left >= 1; left--) {
      expect(await kiosk.call('technician.changePin', { currentPin: '000001', pin: NEW_PIN, confirmation: NEW_PIN })).toMatchObject({
        ok: false,
        error: { code: 'technician.pin_wrong' },
      });
      expect(await status(kiosk)).toMatchObject({ state: 'active', attemptsLeft: left });
    }
    expect(await kiosk.call('technician.changePin', { currentPin: '000001', pin: NEW_PIN, confirmation: NEW_PIN })).toMatchObject({
      ok: false,
      error: { code: 'technician.locked' },
    });
    expect(await status(kiosk)).toMatchObject({ state: 'locked', expiresAt: null });
    expect(await kiosk.call('technician.queue')).toMatchObject({ ok: false, error: { code: 'technician.not_active' } });
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'technician.locked' } });
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.exited', detail: { reason: 'locked' } });
    await kiosk.close();
  });
});

describe('configuration changes in technician mode', () => {
  async function open(): Promise<TestKiosk> {
    const kiosk = startTestKiosk();
    await provisioned(kiosk);
    await kiosk.call('technician.enter', { pin: PIN });
    return kiosk;
  }

  it('refuses an invalid value naming the field, and writes nothing, not even a record', async () => {
    const kiosk = await open();
    const before = { document: kiosk.storedDocument(), audit: kiosk.audit().length };
    expect(await kiosk.call('technician.assignDevice', { role: 'printer', assignment: 'tcp:192.0.2.10' })).toMatchObject({
      ok: true,
      value: { saved: false, field: 'devices.printer', reason: expect.stringContaining('tcp needs host and port') },
    });
    expect(await kiosk.call('technician.assignDevice', { role: 'fingerprint', assignment: 'tcp:192.0.2.10:9100' })).toMatchObject({
      ok: true,
      value: { saved: false, field: 'devices.fingerprint' },
    });
    expect(await kiosk.call('technician.updateSetup', { centralUrl: 'http://central.example.cl', centralCaFile: '/etc/ca.pem' })).toMatchObject({
      ok: true,
      value: { saved: false, field: 'centralUrl' },
    });
    expect(await kiosk.call('technician.updateSetup', { centralUrl: 'https://central.example.cl', centralCaFile: '/nonexistent/ca.pem' })).toMatchObject({
      ok: true,
      value: { saved: false, field: 'centralCaFile' },
    });
    // One bad field in a change of several: none of them is written.
    expect(await kiosk.call('technician.updateSetup', { office: 'Oficina Ñuñoa', kioskId: 'bad id with spaces' })).toMatchObject({
      ok: true,
      value: { saved: false, field: 'kioskId' },
    });
    expect(kiosk.storedDocument()).toEqual(before.document);
    expect(kiosk.audit()).toHaveLength(before.audit);
    await kiosk.close();
  });

  it('writes a valid change with its record (old and new values) in one transaction, and applies it at exit by restarting', async () => {
    const kiosk = await open();
    const result = await kiosk.call('technician.updateSetup', { office: 'Oficina Ñuñoa', mode: 'chileatiende', kioskId: 'dev-kiosk-01' });
    expect(result).toEqual({
      ok: true,
      value: {
        saved: true,
        changes: [
          { field: 'office', old: 'Oficina de desarrollo', new: 'Oficina Ñuñoa' },
          { field: 'mode', old: 'civil-digital', new: 'chileatiende' },
        ],
        restartPending: true,
      },
    });
    expect(kiosk.storedDocument()).toMatchObject({ office: 'Oficina Ñuñoa', mode: 'chileatiende' });
    expect(kiosk.audit().at(-1)).toMatchObject({
      type: 'technician.config_changed',
      detail: {
        fields: 'office,mode',
        'old.office': 'Oficina de desarrollo',
        'new.office': 'Oficina Ñuñoa',
        'old.mode': 'civil-digital',
        'new.mode': 'chileatiende',
        via: 'touch-screen',
      },
    });
    expect(await kiosk.call('technician.config')).toMatchObject({ ok: true, value: { office: 'Oficina Ñuñoa', restartPending: true } });
    // The running kiosk keeps its mode until technician mode ends; then the service restarts to read the new one.
    expect(await kiosk.call('app.info')).toMatchObject({ ok: true, value: { mode: 'civil-digital' } });
    expect(await kiosk.call('technician.exit')).toMatchObject({ ok: true, value: { state: 'pin', restartPending: true } });
    await expect.poll(() => kiosk.exits, { timeout: 5000 }).toEqual([75]);
    await kiosk.close();
  });

  it('assigns a device at once: the device manager picks the new assignment up, and the change is recorded', async () => {
    const kiosk = await open();
    const roles = async () => (await kiosk.call<{ roles: { printer: { state: string; driver: string | null } } }>('devices.status')).value!.roles;
    expect((await roles()).printer.state).toBe('not-configured');
    expect(await kiosk.call('technician.assignDevice', { role: 'printer', assignment: 'simulated' })).toMatchObject({
      ok: true,
      value: { saved: true, changes: [{ field: 'devices.printer', old: 'none', new: 'simulated' }], restartPending: false },
    });
    await expect.poll(async () => (await roles()).printer, { timeout: 10_000 }).toEqual({ state: 'ready', driver: 'simulated', messageKey: 'devices.ready' });
    expect(
      kiosk.events.some((e) => e.event === 'devices.status' && (e.payload as { roles: { printer: { state: string } } }).roles.printer.state === 'ready'),
    ).toBe(true);
    expect(kiosk.storedDocument().devices).toMatchObject({ printer: { transport: 'simulated' } });
    expect(kiosk.audit().at(-1)).toMatchObject({
      type: 'technician.config_changed',
      detail: { 'old.devices.printer': 'none', 'new.devices.printer': 'simulated' },
    });
    expect(await kiosk.call('technician.probeDevice', { role: 'printer' })).toMatchObject({ ok: true, value: { check: 'device.printer', status: 'pass' } });
    expect(await kiosk.call('technician.probeDevice', { role: 'fingerprint' })).toMatchObject({
      ok: true,
      value: { check: 'device.fingerprint', status: 'fail' },
    });
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.device_probed', outcome: 'fail', detail: { role: 'fingerprint', result: 'fail' } });
    await kiosk.close();
  });
});
