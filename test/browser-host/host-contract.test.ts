import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMANDS, resultSchema, type CommandName } from '../../electron/contract/index.ts';
import { type BrowserHost, startBrowserHost } from '../../electron/browser-host/server/host.ts';
import { childProcessServiceLink } from '../../electron/browser-host/server/service-link.ts';
import type { ServiceLink } from '../../electron/host/service-link.ts';
import { createLogger } from '../../common/log.ts';
import { generatePopulation } from '../../synthetic/index.ts';
import { fakeRendererDir, HostClient, waitUntil } from '../support/host-client.ts';

const logLines: string[] = [];
const log = createLogger((line) => logLines.push(line), 'test');

/** A synthetic citizen of the population the simulated devices use (the default seed). */
const someone = generatePopulation().citizens.find((c) => c.scenario === 'ok')!.run.formatted;

/** A valid argument for every command; a new command without one fails the exhaustiveness check below. */
const VALID_ARGS: Record<CommandName, unknown> = {
  'app.info': undefined,
  'session.start': { language: 'en' },
  'session.send': { type: 'language.select', language: 'ht' },
  'session.snapshot': undefined,
  'session.cancel': undefined,
  'devices.status': undefined,
  'service.status': undefined,
  'speech.status': undefined,
  'speech.say': { text: 'Hola', language: 'es-CL' },
  'speech.stop': undefined,
  'dev.info': undefined,
  'dev.crashService': undefined,
  'dev.citizens': { scenario: 'ok', limit: 2 },
  'dev.insertCard': { run: someone, format: 'both' },
  'dev.placeFinger': { run: someone, finger: 'right-index', quality: 80 },
  'dev.liftFinger': undefined,
  'dev.unplug': { role: 'cardReader' },
  'dev.replug': { role: 'cardReader' },
  'dev.printerFault': { fault: 'paperNearEnd', on: false },
  'dev.centralOutage': { on: false },
  // Technician commands: valid arguments that change nothing on this shared data directory (no PIN is set, and
  // the touch screen cannot set one); without an open technician session the gated ones answer technician.not_active.
  'technician.status': undefined,
  'technician.enter': { pin: '480159' },
  'technician.exit': undefined,
  'technician.activity': undefined,
  'technician.changePin': { currentPin: '480159', pin: '582063', confirmation: '582063' },
  'technician.listDevices': undefined,
  'technician.assignDevice': { role: 'printer', assignment: 'tcp:192.0.2.10:9100' },
  'technician.probeDevice': { role: 'printer' },
  'technician.testFingerprint': undefined,
  'technician.testCardReader': undefined,
  'technician.testPrinter': undefined,
  'technician.config': undefined,
  'technician.updateSetup': { office: 'Oficina de prueba' },
  'technician.register': { token: 'one-time-token' },
  'technician.centralTest': undefined,
  'technician.selftest': undefined,
  'technician.queue': undefined,
  'technician.retryQueue': { includeDead: false },
  'technician.recentEvents': undefined,
  'technician.heartbeat': undefined,
  'technician.exportTargets': undefined,
  'technician.exportDiagnostics': { directory: '/media/usb' },
};

/** What a technician command may answer outside technician mode (its output schema is checked all the same). */
const TECHNICIAN_REFUSALS = ['technician.not_active', 'technician.pin_mismatch', 'technician.pin_not_set', 'technician.pin_wrong', 'technician.locked'];

describe('the browser host relays the contract to a real service process', () => {
  let host: BrowserHost;
  let service: ServiceLink;
  let client: HostClient;

  beforeAll(async () => {
    service = childProcessServiceLink({
      entry: join(import.meta.dirname, '../../electron/service/process-entry.ts'),
      // A data directory of its own: the default (<tmp>/kiosk-data) is shared with every other run on the machine.
      env: {
        ...process.env,
        KIOSK_SIMULATED: '1',
        KIOSK_LOG_LEVEL: 'warn',
        KIOSK_VERSION: '9.9.9-test',
        KIOSK_DATA_DIR: mkdtempSync(join(tmpdir(), 'host-contract-')),
      },
      log,
      recovery: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    host = await startBrowserHost({ ...fakeRendererDir(), service, log, dev: true, port: 0 });
    client = await HostClient.connect(host);
    await waitUntil(() => service.status().state === 'available');
  });

  afterAll(async () => {
    client?.close();
    await host?.close();
    await service?.close();
  });

  it('has a valid argument for every command in the contract', () => {
    expect(Object.keys(VALID_ARGS).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  // dev.crashService is exercised last, in its own test, because it ends the service process.
  for (const name of COMMAND_NAMES.filter((n) => n !== 'dev.crashService')) {
    it(`round-trips ${name} with an answer that matches its output schema`, async () => {
      if (name === 'session.send' || name === 'session.cancel') await client.invoke('session.start', { language: 'es-CL' });
      const result = await client.invoke(name, VALID_ARGS[name]);
      const parsed = resultSchema(COMMANDS[name].output).safeParse(result);
      expect(parsed.success, JSON.stringify(result)).toBe(true);
      // This service runs without a central API, so there is none to take offline.
      if (name === 'dev.centralOutage') expect(result).toMatchObject({ ok: false, error: { code: 'dev.central_not_configured' } });
      else if (name.startsWith('technician.') && !result.ok) expect(TECHNICIAN_REFUSALS).toContain((result as { error: { code: string } }).error.code);
      else if (name !== 'session.start') expect(result.ok, JSON.stringify(result)).toBe(true);
      await client.invoke('session.cancel');
    });
  }

  it('answers app.info with the version and kiosk the host was configured with', async () => {
    const result = await client.invoke('app.info');
    expect(result).toMatchObject({ ok: true, value: { version: '9.9.9-test', simulatedDevices: true, defaultLanguage: 'es-CL' } });
  });

  it('runs a minimal session: start → welcome → language → cancel, pushing a snapshot each time', async () => {
    const before = client.messages.length;
    const started = await client.invoke('session.start', { language: 'es-CL' });
    expect(started).toMatchObject({ ok: true, value: { step: 'welcome', language: 'es-CL' } });
    const switched = await client.invoke('session.send', { type: 'language.select', language: 'ht' });
    expect(switched).toMatchObject({ ok: true, value: { step: 'welcome', language: 'ht' } });
    const cancelled = await client.invoke('session.cancel');
    expect(cancelled).toMatchObject({ ok: true, value: { step: 'idle', sessionId: null, language: 'es-CL' } });
    await client.waitFor((m) => m.type === 'event' && m.event === 'session.snapshot' && (m.payload as { step: string }).step === 'idle');
    const pushed = client.messages.slice(before).filter((m) => m.type === 'event' && m.event === 'session.snapshot');
    expect(pushed.map((m) => (m.payload as { step: string }).step)).toEqual(['welcome', 'welcome', 'idle']);
  });

  it('refuses a second start while a session runs', async () => {
    await client.invoke('session.start', {});
    expect(await client.invoke('session.start', {})).toEqual({
      ok: false,
      error: { code: 'session.already_active', messageKey: 'errors.sessionAlreadyActive', retryable: false },
    });
    await client.invoke('session.cancel');
  });

  it.each([
    ['a wrong type', 'session.start', { language: 42 }],
    ['an unknown language', 'session.start', { language: 'fr' }],
    ['an extra field', 'session.start', { language: 'en', run: '12345678-5' }],
    ['an unknown event', 'session.send', { type: 'finger.placed' }],
    ['arguments to a command that takes none', 'app.info', { anything: true }],
  ])('refuses %s with contract.invalid_payload and logs no payload', async (_what, command, payload) => {
    const result = await client.invoke(command, payload);
    expect(result).toEqual({ ok: false, error: { code: 'contract.invalid_payload', messageKey: 'errors.invalidRequest', retryable: false } });
    expect(logLines.join('')).not.toContain('12345678-5');
  });

  it('refuses an unknown command with contract.unknown_command, without logging its name', async () => {
    expect(await client.invoke('fs.readFile 12.345.678-5', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'contract.unknown_command' } });
    expect(logLines.join('')).not.toContain('12.345.678-5');
    expect(logLines.join('')).toContain('"command":"(unknown)"');
  });

  it('answers non-JSON and malformed frames with a typed error and keeps the connection', async () => {
    client.sendRaw('{not json');
    client.sendRaw(JSON.stringify({ id: 777, command: 7 }));
    const answer = await client.waitFor((m) => m.type === 'result' && m.id === 777);
    expect(answer.result).toMatchObject({ ok: false, error: { code: 'contract.invalid_payload' } });
    expect((await client.invoke('session.snapshot')).ok).toBe(true);
  });

  it('restarts a crashed service and tells the page it was unavailable meanwhile', async () => {
    const before = client.messages.length;
    expect(await client.invoke('dev.crashService')).toEqual({ ok: true, value: { accepted: true } });
    await client.waitFor(
      (m) => client.messages.indexOf(m) >= before && m.event === 'service.status' && (m.payload as { state: string }).state === 'unavailable',
    );
    const back = await client.waitFor(
      (m) => client.messages.indexOf(m) >= before && m.event === 'service.status' && (m.payload as { state: string }).state === 'available',
    );
    expect(back.payload).toEqual({ state: 'available', restarts: 1 });
    expect((await client.invoke('session.snapshot')).ok).toBe(true);
    expect(await client.invoke('service.status')).toEqual({ ok: true, value: { state: 'available', restarts: 1 } });
  });
});
