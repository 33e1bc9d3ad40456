import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemdNotifier, type RunNotifyTool } from '../../../electron/host/systemd-notify.ts';

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

/**
 * A stand-in for systemd's notify socket: receives each datagram, appends its text to a file, then closes the fds that come with
 * it (the barrier systemd-notify waits on is the closing of one), so the file is written before the tool returns. Node has no unix datagram sockets.
 */
const FAKE_MANAGER = `
import array, os, socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
with open(sys.argv[2], 'ab', buffering=0) as out:
    while True:
        data, ancillary, _flags, _addr = sock.recvmsg(4096, socket.CMSG_SPACE(64))
        out.write(data + b'\\n--\\n')
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds = array.array('i')
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
                for fd in fds:
                    os.close(fd)
`;

describe('systemd notifier with the real systemd-notify, against a stand-in notify socket', () => {
  let dir: string | null = null;
  let manager: ChildProcess | null = null;
  afterEach(() => {
    manager?.kill('SIGTERM');
    manager = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('delivers READY=1 and STATUS= in the datagram format of sd_notify(3), and waits for the manager', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-notify-'));
    const socketPath = join(dir, 'notify');
    const received = join(dir, 'received');
    manager = spawn('python3', ['-c', FAKE_MANAGER, socketPath, received], { stdio: 'ignore' });
    // The socket exists once the stand-in has bound it: waiting for a fact, not for time.
    await expect.poll(() => existsSync(socketPath), { timeout: 10_000, interval: 20 }).toBe(true);
    const notifier = createSystemdNotifier({ ...process.env, NOTIFY_SOCKET: socketPath });
    expect(await notifier.notify('READY=1', 'STATUS=kiosk.ready')).toEqual({ ok: true, sent: true });
    // systemd-notify returned only after its barrier came back, so the state datagram is already in the file.
    const datagrams = readFileSync(received, 'utf8').split('\n--\n');
    expect(datagrams[0]).toBe('READY=1\nSTATUS=kiosk.ready');
    expect(datagrams).toContain('BARRIER=1');
  }, 20_000);
});
