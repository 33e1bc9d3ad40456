/**
 * Technician mode through the service's one handler table, as the renderer
 * reaches it: the gate (no citizen session, PIN, lockout, inactivity), the
 * audit trail, and configuration changes that are validated and atomic.
 * Time is a manual clock: nothing here waits for a lockout or a deadline.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../electron/contract/index.ts';
import { removeTempDirs, startTestKiosk, tempDataDir, type TestKiosk } from './support.ts';

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

async function provisioned(kiosk: TestKiosk): Promise<void> {
  expect(await kiosk.call('technician.setPin', { pin: PIN, confirmation: PIN })).toMatchObject({ ok: true, value: { state: 'active' } });
  expect(await kiosk.call('technician.exit')).toMatchObject({ ok: true, value: { state: 'pin' } });
}

const GATED = COMMAND_NAMES.filter(
  (name) => name.startsWith('technician.') && !['technician.status', 'technician.setPin', 'technician.enter', 'technician.exit'].includes(name),
);

describe('entering technician mode', () => {
  it('asks a kiosk without a PIN for one (6–12 digits, typed twice) and opens with it; the hash is stored, never the PIN', async () => {
    const kiosk = startTestKiosk();
    expect(await status(kiosk)).toMatchObject({ state: 'setup', attemptsLeft: 5, lockedUntil: null, expiresAt: null });
    expect(await kiosk.call('technician.enter', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'technician.pin_not_set' } });
    expect(await kiosk.call('technician.setPin', { pin: '12345', confirmation: '12345' })).toMatchObject({
      ok: false,
      error: { code: 'technician.pin_format' },
    });
    expect(await kiosk.call('technician.setPin', { pin: '111111', confirmation: '111111' })).toMatchObject({
      ok: false,
      error: { code: 'technician.pin_weak' },
    });
    expect(await kiosk.call('technician.setPin', { pin: PIN, confirmation: '480158' })).toMatchObject({
      ok: false,
      error: { code: 'technician.pin_mismatch' },
    });
    expect(await kiosk.call('technician.setPin', { pin: 'abcdef', confirmation: 'abcdef' })).toMatchObject({
      ok: false,
      error: { code: 'contract.invalid_payload' },
    });
    expect(kiosk.storedDocument().technicianPinHash).toBeUndefined();

    const opened = await kiosk.call<Status>('technician.setPin', { pin: PIN, confirmation: PIN });
    expect(opened).toMatchObject({ ok: true, value: { state: 'active', expiresAt: new Date(kiosk.time.now() + 5 * 60_000).toISOString() } });
    expect(kiosk.storedDocument().technicianPinHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // A PIN, once set, is not replaced from the entry screen.
    expect(await kiosk.call('technician.setPin', { pin: '975310', confirmation: '975310' })).toMatchObject({
      ok: false,
      error: { code: 'technician.pin_already_set' },
    });
    expect(kiosk.events.filter((e) => e.event === 'technician.status').at(-1)?.payload).toMatchObject({ state: 'active' });

    expect(kiosk.audit().map((r) => r.type)).toEqual(['technician.pin_set', 'technician.entered']);
    const everything = JSON.stringify(kiosk.audit()) + kiosk.logLines.join('');
    expect(everything).not.toContain(PIN);
    expect(everything).not.toContain(kiosk.storedDocument().technicianPinHash as string);
    expect(kiosk.audit()[0]).toMatchObject({ outcome: 'ok', detail: { via: 'touch-screen', pinHash: '[set]' } });
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
    for (const name of ['technician.status', 'technician.enter', 'technician.setPin', 'technician.exit']) {
      const payload = name === 'technician.enter' ? { pin: PIN } : name === 'technician.setPin' ? { pin: PIN, confirmation: PIN } : undefined;
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
    expect(records.map((r) => r.type)).toEqual(['technician.pin_set', 'technician.entered', 'technician.exited', 'technician.entered', 'technician.exited']);
    for (const record of records) {
      expect(record.at).toBe(new Date(kiosk.time.now()).toISOString());
      expect(record.detail?.via).toBe('touch-screen');
    }
    expect(records.at(-1)).toMatchObject({ detail: { reason: 'exit', restart: false } });
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
