import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * A stand-in for systemd's notify socket: receives each datagram, appends its text to a file, then closes the fds
 * that come with it (the barrier systemd-notify waits on is the closing of one), so the file is written before the
 * tool returns. Python, because Node has no unix datagram sockets.
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

export interface FakeNotifySocket {
  readonly path: string;
  /** Every datagram received so far, in order. */
  datagrams(): string[];
  close(): void;
}

export async function startFakeNotifySocket(): Promise<FakeNotifySocket> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-notify-'));
  const path = join(dir, 'notify');
  const received = join(dir, 'received');
  const manager = spawn('python3', ['-c', FAKE_MANAGER, path, received], { stdio: 'ignore' });
  // The socket exists once the stand-in has bound it: waiting for a fact, not for time.
  await expect.poll(() => existsSync(path), { timeout: 10_000, interval: 20 }).toBe(true);
  return {
    path,
    datagrams: () => (existsSync(received) ? readFileSync(received, 'utf8').split('\n--\n').filter(Boolean) : []),
    close() {
      manager.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
