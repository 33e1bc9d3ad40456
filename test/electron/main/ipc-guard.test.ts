import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result, type ValidatedCommand } from '../../../electron/contract/index.ts';
import { handleInvoke, type InvokeSender } from '../../../electron/main/ipc-guard.ts';
import { recordingLogger } from '../support/recording-logger.ts';

const TRUSTED: InvokeSender = { frameUrl: 'app://kiosk/index.html', isMainFrame: true };
/** Stands for a RUN, an email or a password: it must never reach a log line. */
const MARKER = 'MARKER-12.345.678-5-secret@example.cl';

function setup(dev = false) {
  const log = recordingLogger();
  const forward = vi.fn(async (command: ValidatedCommand): Promise<Result<unknown>> => ok({ echoed: command.name }));
  const invoke = (raw: unknown, sender: InvokeSender = TRUSTED) => handleInvoke(sender, raw, { dev, forward, log });
  return { log, forward, invoke };
}

describe('handleInvoke: the gate between ipcMain.handle and the service', () => {
  it('forwards a valid command from the app page with its parsed payload', async () => {
    const { invoke, forward, log } = setup();
    await expect(invoke({ command: 'session.start', payload: { language: 'ht' } })).resolves.toEqual(ok({ echoed: 'session.start' }));
    expect(forward).toHaveBeenCalledWith({ name: 'session.start', payload: { language: 'ht' } });
    expect(log.lines).toEqual([]);
  });

  it('forwards a command that takes no payload', async () => {
    const { invoke, forward } = setup();
    await invoke({ command: 'service.status' });
    expect(forward).toHaveBeenCalledWith({ name: 'service.status', payload: undefined });
  });

  it.each([
    ['another origin', { frameUrl: 'https://evil.example/', isMainFrame: true }],
    ['a look-alike app origin', { frameUrl: 'app://kiosk.evil/index.html', isMainFrame: true }],
    ['a subframe of the app page', { frameUrl: 'app://kiosk/index.html', isMainFrame: false }],
    ['a frame that is gone', { frameUrl: null, isMainFrame: true }],
  ])('refuses a sender from %s with ipc.untrusted_sender and a log line', async (_label, sender) => {
    const { invoke, forward, log } = setup();
    await expect(invoke({ command: 'session.cancel' }, sender)).resolves.toEqual(fail('ipc.untrusted_sender'));
    expect(forward).not.toHaveBeenCalled();
    expect(log.lines).toEqual([{ level: 'warn', event: 'ipc.refused', fields: { code: 'ipc.untrusted_sender', command: 'session.cancel' } }]);
  });

  it.each([
    ['a string', 'session.start'],
    ['null', null],
    ['an array', ['session.start', {}]],
    ['an extra field', { command: 'session.cancel', payload: undefined, replyTo: 'x' }],
  ])('refuses a message that is %s with contract.invalid_payload', async (_label, raw) => {
    const { invoke, forward } = setup();
    await expect(invoke(raw)).resolves.toEqual(fail('contract.invalid_payload'));
    expect(forward).not.toHaveBeenCalled();
  });

  it('refuses an unknown command, and does not log its renderer-chosen name', async () => {
    const { invoke, forward, log } = setup();
    await expect(invoke({ command: `technician.${MARKER}`, payload: {} })).resolves.toEqual(fail('contract.unknown_command'));
    expect(forward).not.toHaveBeenCalled();
    expect(log.lines[0]?.fields).toEqual({ code: 'contract.unknown_command', command: '(unknown)' });
  });

  it('refuses a prototype key posing as a command', async () => {
    const { invoke } = setup();
    await expect(invoke({ command: '__proto__' })).resolves.toEqual(fail('contract.unknown_command'));
    await expect(invoke({ command: 'toString' })).resolves.toEqual(fail('contract.unknown_command'));
  });

  it.each([
    ['an unknown language', { command: 'session.start', payload: { language: 'xx' } }],
    ['an extra field', { command: 'session.start', payload: { language: 'es-CL', run: MARKER } }],
    ['a payload where none is taken', { command: 'session.cancel', payload: { note: MARKER } }],
    ['an event of an unknown type', { command: 'session.send', payload: { type: 'password.typed', value: MARKER } }],
  ])('refuses %s with contract.invalid_payload', async (_label, raw) => {
    const { invoke, forward, log } = setup();
    await expect(invoke(raw)).resolves.toEqual(fail('contract.invalid_payload'));
    expect(forward).not.toHaveBeenCalled();
    expect(log.lines[0]?.fields).toEqual({ code: 'contract.invalid_payload', command: raw.command });
  });

  it('refuses dev commands on a production kiosk with dev.unavailable, and relays them in dev mode', async () => {
    const production = setup(false);
    await expect(production.invoke({ command: 'dev.crashService' })).resolves.toEqual(fail('dev.unavailable'));
    expect(production.forward).not.toHaveBeenCalled();
    const dev = setup(true);
    await expect(dev.invoke({ command: 'dev.crashService' })).resolves.toEqual(ok({ echoed: 'dev.crashService' }));
  });

  it('turns a throwing relay into service.internal', async () => {
    const { invoke, forward, log } = setup();
    forward.mockRejectedValueOnce(new Error(MARKER));
    await expect(invoke({ command: 'app.info' })).resolves.toEqual(fail('service.internal'));
    expect(log.lines).toEqual([{ level: 'error', event: 'ipc.forward_failed', fields: { command: 'app.info' } }]);
  });

  it('never hands payload contents to the logger, whatever is refused', async () => {
    const { invoke, forward, log } = setup(false);
    forward.mockRejectedValueOnce(new Error(MARKER));
    const hostile: Array<[unknown, InvokeSender?]> = [
      [{ command: 'session.start', payload: { language: MARKER } }],
      [{ command: 'session.send', payload: { type: 'language.select', language: MARKER } }],
      [{ command: MARKER, payload: MARKER }],
      [{ command: 'session.start', payload: { language: 'es-CL' }, [MARKER]: MARKER }],
      [MARKER],
      [{ command: 'dev.info', payload: MARKER }],
      [
        { command: 'session.start', payload: { language: MARKER } },
        { frameUrl: `https://evil.example/?q=${MARKER}`, isMainFrame: true },
      ],
      [{ command: 'app.info' }],
    ];
    for (const [raw, sender] of hostile) await invoke(raw, sender);
    expect(log.lines.length).toBe(hostile.length);
    expect(log.text()).not.toContain('MARKER');
  });
});
