/**
 * Technician mode's health and setup screens in the service: the selftest
 * (kioskctl's checks, devices through the live drivers), the queue and its
 * retry, recent events (redacted), the diagnostics export, registration and
 * the connection test when central is not configured.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIMULATED_DEVICES } from '../../../electron/service/config/device-config.ts';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { removeTempDirs, startTestKiosk, tempDataDir, type TestKiosk, openTechnicianMode } from './support.ts';

afterAll(removeTempDirs);

const PIN = '480159';

async function open(kiosk: TestKiosk): Promise<TestKiosk> {
  await openTechnicianMode(kiosk, PIN);
  return kiosk;
}

describe('the health screen', () => {
  it('runs the selftest: one line per check, in kioskctl order, devices through the live drivers, with what to do on failure', async () => {
    const kiosk = await open(startTestKiosk({ config: { devices: SIMULATED_DEVICES } }));
    // The device manager opens the three drivers on its own; the selftest probes the live ones, so wait for all three.
    await expect
      .poll(
        async () =>
          Object.values((await kiosk.call<{ roles: Record<string, { state: string }> }>('devices.status')).value!.roles)
            .map((role) => role.state)
            .join(),
        { timeout: 15_000 },
      )
      .toBe('ready,ready,ready');
    const result = await kiosk.call<{ lines: { check: string; status: string; advice?: { key: string } }[]; summary: { selftest: string; fail: number } }>(
      'technician.selftest',
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const { lines, summary } = result.value!;
    expect(lines.map((l) => l.check)).toEqual([
      'config',
      'device.fingerprint',
      'device.cardReader',
      'device.printer',
      'central.reachable',
      'central.clock',
      'central.certificate',
      'disk',
      'outbox',
    ]);
    expect(lines.filter((l) => l.check.startsWith('device.')).map((l) => l.status)).toEqual(['pass', 'pass', 'pass']);
    // No central is configured here: the line fails and says what to do.
    expect(lines.find((l) => l.check === 'central.reachable')).toMatchObject({ status: 'fail', advice: { key: 'configureCentral' } });
    expect(summary).toMatchObject({ selftest: 'fail' });
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.selftest_run', outcome: 'fail', detail: { fail: summary.fail } });
    await kiosk.close();
  });

  it('shows the queue (counts, ages, dead-letter reasons, never contents) and retries it, audited', async () => {
    const kiosk = await open(startTestKiosk());
    const outbox = new Outbox(kiosk.db, { now: kiosk.time.now });
    kiosk.db.transaction(() =>
      outbox.enqueue({ stream: 'deferred', kind: 'deferred-enrollment', idempotencyKey: 'dead-1', body: '{"sealed":"c2VjcmV0LWJvZHk"}', keyId: 'k1' }),
    )();
    const claimed = outbox.claim('test-worker', 60_000)!;
    outbox.deadLetter(claimed.id, 'test-worker', 'central.problem.sealed_payload_invalid');
    const queue = await kiosk.call<{ dead: number; deadRows: { reason: string; retryable: boolean }[] }>('technician.queue');
    expect(queue).toMatchObject({
      ok: true,
      value: { dead: 1, deadRows: [{ reason: 'central.problem.sealed_payload_invalid', kind: 'deferred-enrollment', retryable: true }] },
    });
    expect(JSON.stringify(queue)).not.toContain('c2VjcmV0LWJvZHk');
    const retried = await kiosk.call('technician.retryQueue', { includeDead: true });
    expect(retried).toMatchObject({ ok: true, value: { revived: 1, queue: { dead: 0 } } });
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.queue_retried', detail: { includeDead: true, via: 'touch-screen' } });
    await kiosk.close();
  });

  it('shows recent service events, redacted as the log is', async () => {
    const kiosk = await open(startTestKiosk());
    await kiosk.call('technician.exit');
    await kiosk.call('technician.enter', { pin: '000001' });
    await kiosk.call('technician.enter', { pin: PIN });
    const events = await kiosk.call<{ events: { event: string; fields: Record<string, unknown> }[] }>('technician.recentEvents');
    expect(events.ok).toBe(true);
    const names = events.value!.events.map((e) => e.event);
    // Newest first.
    expect(names.slice(0, 3)).toEqual(['technician.entered', 'technician.pin_failed', 'technician.exited']);
    expect(events.value!.events[1]).toMatchObject({ fields: { attemptsLeft: 4 } });
    expect(JSON.stringify(events)).not.toContain('000001');
    await kiosk.close();
  });

  it('exports a diagnostics bundle only to a place it offers: a mounted stick or the kiosk folder', async () => {
    const media = tempDataDir();
    mkdirSync(join(media, 'technician', 'USB-STICK'), { recursive: true });
    const kiosk = await open(startTestKiosk({ technician: { exportRoots: { mountDirs: [], userMountDirs: [media] } } }));
    const targets = await kiosk.call<{ targets: { path: string; kind: string }[] }>('technician.exportTargets');
    expect(targets).toEqual({
      ok: true,
      value: {
        targets: [
          { path: join(media, 'technician', 'USB-STICK'), kind: 'removable' },
          { path: join(kiosk.dataDir, 'diagnostics'), kind: 'kiosk' },
        ],
      },
    });
    expect(await kiosk.call('technician.exportDiagnostics', { directory: '/etc' })).toMatchObject({
      ok: true,
      value: { outcome: 'fail', code: 'diagnostics.target_unknown' },
    });
    const exported = await kiosk.call<{ bundle: string; files: string[] }>('technician.exportDiagnostics', {
      directory: join(media, 'technician', 'USB-STICK'),
    });
    expect(exported).toMatchObject({
      ok: true,
      value: { outcome: 'pass', files: expect.arrayContaining(['config.json', 'selftest.json', 'queue.json', 'versions.json', 'manifest.json']) },
    });
    const bundle = exported.value!.bundle;
    expect(bundle.startsWith(join(media, 'technician', 'USB-STICK'))).toBe(true);
    expect(readFileSync(join(bundle, 'config.json'), 'utf8')).toContain('"technicianPinHash": "[set]"');
    expect(readFileSync(join(bundle, 'config.json'), 'utf8')).not.toContain('argon2');
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.diagnostics_exported', detail: { removable: true } });
    await kiosk.close();
  });
});

describe('the setup screen without central', () => {
  it('shows the configuration without secrets, and says what is missing for a registration or a connection test', async () => {
    const kiosk = await open(startTestKiosk());
    const config = await kiosk.call('technician.config');
    expect(config).toMatchObject({
      ok: true,
      value: { kioskId: 'dev-kiosk-01', mode: 'civil-digital', centralUrl: null, certificate: null, devices: { printer: 'none' }, environmentOverrides: [] },
    });
    expect(await kiosk.call('technician.register', { token: 'one-time-token' })).toMatchObject({
      ok: true,
      value: {
        outcome: 'fail',
        code: 'config.invalid',
        message: { key: 'configNotConfigured', params: { field: 'centralUrl' } },
        advice: { key: 'configureCentral' },
      },
    });
    expect(await kiosk.call('technician.centralTest')).toMatchObject({ ok: true, value: { outcome: 'fail', code: 'config.invalid' } });
    expect(existsSync(join(kiosk.dataDir, 'central-client'))).toBe(false);
    expect(readdirSync(kiosk.dataDir).filter((name) => name.startsWith('.register-'))).toEqual([]);
    expect(JSON.stringify(kiosk.audit())).not.toContain('one-time-token');
    await kiosk.close();
  });
});
