/**
 * serialport's own binding, with two fixes to its unix ports (Linux, macOS).
 * Windows ports have no fd/poller and are left as they are.
 *
 * 1. A read that returns 0 bytes means the tty was hung up (the USB device
 *    was unplugged, or a pty's master closed), but @serialport/bindings-cpp
 *    13's unixRead retries it immediately, forever: a hot loop that never
 *    reports the disconnect (reported upstream at
 *    github.com/serialport/bindings-cpp/issues/162, fix proposed in pull 164, not merged). We saw exactly that against socat ptys: after
 *    socat exits, reads return 0 in a loop and 'close' never comes, unless the
 *    hang-up reached a read parked in the poller (then the poller reports
 *    EBADF). The ports are opened O_NONBLOCK with VMIN=1/VTIME=0 (bindings-cpp
 *    linux.js defaults), so "no data yet" is EAGAIN, never 0: treating 0 as
 *    end-of-file cannot drop data.
 *
 * 2. The native Poller's poll(events) restarts uv_poll with only the events
 *    just asked for (bindings-cpp src/poller.cpp: uv_poll_start(handle,
 *    events, …) although it accumulates `this->events`). So a write that waits
 *    for 'writable' silently stops the wait of a read parked on 'readable'
 *    until the write's wait ends. Against socat with bulk data both ways this
 *    deadlocked: our side stopped reading while waiting to write, socat
 *    stopped reading us while waiting to write to us (seen in our stress runs:
 *    every thread idle, both writes pending forever). Each wait here asks for
 *    everything still awaited.
 */
import { EventEmitter } from 'node:events';
import { read } from 'node:fs';
import { promisify } from 'node:util';
import type { AutoDetectTypes } from '@serialport/bindings-cpp';
import { SerialPort } from 'serialport';
import { errnoCode } from './os-errors.ts';

const readAsync = promisify(read);

type PollEvent = 'readable' | 'writable' | 'disconnect';

interface UnixPoller {
  once(event: PollEvent, callback: (error: Error | null) => void): unknown;
  poll(flags: number): void;
  listenerCount(event: PollEvent): number;
}

interface UnixPort {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: UnixPoller;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}

function isUnixPort(port: object): port is UnixPort {
  return 'fd' in port && 'poller' in port && 'read' in port;
}

/** libuv's uv_poll_event bits, as bindings-cpp's poller.js names them (EVENTS). */
const POLL_FLAGS: Readonly<Record<PollEvent, number>> = { readable: 0b001, writable: 0b010, disconnect: 0b100 };

/** Makes every wait on this poller keep the other waits alive (fix 2 above). */
function keepAllWaits(poller: UnixPoller): void {
  const once = EventEmitter.prototype.once;
  poller.once = function (this: UnixPoller & EventEmitter, event, callback) {
    once.call(this, event, callback);
    let flags = 0;
    for (const name of Object.keys(POLL_FLAGS) as PollEvent[]) if (this.listenerCount(name) > 0) flags |= POLL_FLAGS[name];
    this.poll(flags);
    return this;
  };
}

/** The error shape @serialport/stream treats as "stopped on purpose" rather than a disconnect. */
function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

async function readUntilData(port: UnixPort, buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) throw canceled();
    let bytesRead: number;
    try {
      ({ bytesRead } = await readAsync(port.fd, buffer, offset, length, null));
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw error;
      if (!port.isOpen) throw canceled();
      await new Promise<void>((resolve, reject) => port.poller.once('readable', (pollError) => (pollError ? reject(pollError) : resolve())));
      continue;
    }
    if (bytesRead === 0) throw Object.assign(new Error('end of file on serial port: hung up (device gone)'), { code: 'EIO', disconnect: true });
    return { bytesRead, buffer };
  }
}

/** The platform binding serialport auto-detects, whose unix ports report a hang-up instead of spinning. */
export function hangupAwareBinding(base: AutoDetectTypes = SerialPort.binding): AutoDetectTypes {
  const guarded: AutoDetectTypes = Object.create(base) as AutoDetectTypes;
  const open = base.open.bind(base) as (options: Parameters<AutoDetectTypes['open']>[0]) => Promise<object>;
  Object.assign(guarded, {
    async open(options: Parameters<AutoDetectTypes['open']>[0]) {
      const port = await open(options);
      if (isUnixPort(port)) {
        keepAllWaits(port.poller);
        port.read = (buffer, offset, length) => readUntilData(port, buffer, offset, length);
      }
      return port;
    },
  });
  return guarded;
}
