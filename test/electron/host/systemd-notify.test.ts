import { afterEach, describe, expect, it } from 'vitest';
import { createSystemdNotifier, type RunNotifyTool } from '../../../electron/host/systemd-notify.ts';
import { type FakeNotifySocket, startFakeNotifySocket } from './systemd-notify-socket.ts';

function recordingTool(answer: Awaited<ReturnType<RunNotifyTool>> = { exitCode: 0 }) {
  const calls: (readonly string[])[] = [];
  const run: RunNotifyTool = (args) => {
    calls.push(args);
    return Promise.resolve(answer);
  };
  return { run, calls };
}

describe('systemd notifier', () => {
  it('runs nothing outside a unit (no NOTIFY_SOCKET) and says it sent nothing', async () => {
    const tool = recordingTool();
    const notifier = createSystemdNotifier({}, tool.run);
    expect(notifier.enabled).toBe(false);
    expect(await notifier.notify('READY=1')).toEqual({ ok: true, sent: false });
    expect(tool.calls).toEqual([]);
  });

  it('passes the states to systemd-notify as arguments, without --pid (MAINPID stays cage)', async () => {
    const tool = recordingTool();
    const notifier = createSystemdNotifier({ NOTIFY_SOCKET: '/run/systemd/notify' }, tool.run);
    expect(await notifier.notify('READY=1', 'STATUS=kiosk.ready')).toEqual({ ok: true, sent: true });
    expect(tool.calls).toEqual([['READY=1', 'STATUS=kiosk.ready']]);
    expect(tool.calls.flat().some((arg) => arg.startsWith('--pid'))).toBe(false);
  });

  it('refuses a state with a newline, which would smuggle another assignment into the datagram', async () => {
    const tool = recordingTool();
    const notifier = createSystemdNotifier({ NOTIFY_SOCKET: '/run/systemd/notify' }, tool.run);
    const outcome = await notifier.notify('STATUS=ok\nMAINPID=1');
    expect(outcome).toMatchObject({ ok: false, error: { name: 'NotifyError', code: 'systemd.notify_bad_state' } });
    expect(tool.calls).toEqual([]);
  });

  it('turns a failing or missing tool into a typed error, never a throw', async () => {
    const failing = createSystemdNotifier({ NOTIFY_SOCKET: '/x' }, recordingTool({ exitCode: 1 }).run);
    expect(await failing.notify('WATCHDOG=1')).toMatchObject({ ok: false, error: { code: 'systemd.notify_failed', reason: 'exit code 1' } });
    const missing = createSystemdNotifier({ NOTIFY_SOCKET: '/x' }, recordingTool({ failure: 'ENOENT' }).run);
    expect(await missing.notify('WATCHDOG=1')).toMatchObject({ ok: false, error: { code: 'systemd.notify_failed', reason: 'ENOENT' } });
  });
});

describe('systemd notifier with the real systemd-notify, against a stand-in notify socket', () => {
  let socket: FakeNotifySocket | null = null;
  afterEach(() => {
    socket?.close();
    socket = null;
  });

  it('delivers READY=1 and STATUS= in the datagram format of sd_notify(3), and waits for the manager', async () => {
    socket = await startFakeNotifySocket();
    const notifier = createSystemdNotifier({ ...process.env, NOTIFY_SOCKET: socket.path });
    expect(await notifier.notify('READY=1', 'STATUS=kiosk.ready')).toEqual({ ok: true, sent: true });
    // systemd-notify returned only after its barrier came back, so the state datagram is already in the file.
    const datagrams = socket.datagrams();
    expect(datagrams[0]).toBe('READY=1\nSTATUS=kiosk.ready');
    expect(datagrams).toContain('BARRIER=1');
  }, 20_000);
});
