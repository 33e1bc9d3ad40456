import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../../drivers/transport/byte-transport.ts';
import { listSerialPorts, type SerialPortFactory, SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { createPtyPair, type PtyPair } from '../../support/pty.ts';
import { BOUND_MS, nextClose, patternBytes, receive } from './transport-helpers.ts';

/** A factory that remembers every port it made, to inspect listeners and line settings. */
function recordingFactory(): { factory: SerialPortFactory; ports: SerialPort[] } {
  const ports: SerialPort[] = [];
  return { ports, factory: (options, onOpen) => ports[ports.push(new SerialPort(options, onOpen)) - 1]! };
}

const PORT_EVENTS = ['data', 'error', 'close', 'end'] as const;

describe('SerialTransport over a socat pty pair', { timeout: 4 * BOUND_MS }, () => {
  let pty: PtyPair;
  const transports: SerialTransport[] = [];
  const transport = (options: Partial<ConstructorParameters<typeof SerialTransport>[0]> & { path: string }): SerialTransport => {
    const made = new SerialTransport(options);
    transports.push(made);
    return made;
  };

  beforeEach(async () => {
    pty = await createPtyPair();
  });
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await pty.close();
  });

  it.each([57600, 115200])('carries bytes both ways at %i baud', async (baudRate) => {
    const host = transport({ path: pty.a, baudRate });
    const device = transport({ path: pty.b, baudRate });
    await Promise.all([host.open(), device.open()]);
    expect(host.baudRate).toBe(baudRate);

    const command = Uint8Array.of(0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05);
    const atDevice = receive(device, command.length);
    await host.write(command);
    expect(await atDevice).toEqual(command);

    const reply = patternBytes(300, baudRate);
    const atHost = receive(host, reply.length);
    await device.write(reply);
    expect(await atHost).toEqual(reply);
  });

  it('opens with the configured parity and stop bits and carries every byte value unchanged', async () => {
    const host = transport({ path: pty.a, parity: 'even', stopBits: 2, dataBits: 8 });
    const device = transport({ path: pty.b });
    await Promise.all([host.open(), device.open()]);
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    const atDevice = receive(device, 256);
    await host.write(everyByte);
    expect(await atDevice).toEqual(everyByte);
  });

  it('delivers a 256 KiB write intact in each direction at once', async () => {
    const host = transport({ path: pty.a, baudRate: 115200 });
    const device = transport({ path: pty.b, baudRate: 115200 });
    await Promise.all([host.open(), device.open()]);
    const down = patternBytes(256 * 1024, 7);
    const up = patternBytes(256 * 1024, 8);
    const atDevice = receive(device, down.length);
    const atHost = receive(host, up.length);
    await Promise.all([host.write(down), device.write(up)]);
    expect(await atDevice).toEqual(down);
    expect(await atHost).toEqual(up);
  });

  it('changes the baud rate while open, and a later open keeps the new rate', async () => {
    const { factory, ports } = recordingFactory();
    const host = transport({ path: pty.a, createPort: factory });
    const device = transport({ path: pty.b });
    await Promise.all([host.open(), device.open()]);
    expect(await ports[0]!.port!.getBaudRate()).toEqual({ baudRate: 57600 });

    await host.setBaudRate(115200);
    expect(await ports[0]!.port!.getBaudRate()).toEqual({ baudRate: 115200 });
    expect(host.baudRate).toBe(115200);
    const atDevice = receive(device, 4);
    await host.write(Uint8Array.of(1, 2, 3, 4));
    expect(await atDevice).toEqual(Uint8Array.of(1, 2, 3, 4));

    await host.close();
    await host.open();
    expect(await ports[1]!.port!.getBaudRate()).toEqual({ baudRate: 115200 });
  });

  it('refuses a baud change when closed, or to a rate that is not a positive integer', async () => {
    const host = transport({ path: pty.a });
    await expect(host.setBaudRate(115200)).rejects.toMatchObject({ code: 'transport.not_open' });
    await host.open();
    await expect(host.setBaudRate(0)).rejects.toMatchObject({ code: 'transport.config_failed' });
    await expect(host.setBaudRate(57600.5)).rejects.toMatchObject({ code: 'transport.config_failed' });
  });

  it('reports "disconnected" when unplugged mid-stream, and every pending write settles with a typed error', async () => {
    const host = transport({ path: pty.a });
    const device = transport({ path: pty.b });
    await Promise.all([host.open(), device.open()]);
    const deviceGone = nextClose(device);
    const hostGone = nextClose(host);

    let streaming = true;
    const firstBytes = receive(device, 1024);
    const writer = (async () => {
      // Keep several writes in flight so the unplug lands in the middle of one.
      while (streaming) {
        const results = await Promise.allSettled([0, 1, 2, 3].map((i) => host.write(patternBytes(4096, i))));
        const failure = results.find((r) => r.status === 'rejected');
        if (failure) return failure.reason as unknown;
      }
      return undefined;
    })();
    await firstBytes;
    await pty.unplug();

    expect(await hostGone).toBe('disconnected');
    expect(await deviceGone).toBe('disconnected');
    streaming = false;
    const writeError = await writer;
    expect(writeError).toBeInstanceOf(TransportError);
    expect((writeError as TransportError).code).toBe('transport.disconnected');
    expect(host.isOpen).toBe(false);
    await expect(host.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'transport.not_open' });
  });

  it('reports "disconnected" when unplugged while idle, when only a pending read sees the hang-up', async () => {
    // The case serialport 13 alone never reports (bindings-cpp #162): the read returns 0 bytes forever.
    const host = transport({ path: pty.a });
    await host.open();
    const gone = nextClose(host);
    await pty.unplug();
    expect(await gone).toBe('disconnected');
    expect(host.isOpen).toBe(false);
  });

  it('rejects a write after close with transport.not_open', async () => {
    const host = transport({ path: pty.a });
    await expect(host.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', code: 'transport.not_open' });
    await host.open();
    await host.close();
    await expect(host.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', code: 'transport.not_open' });
  });

  it('reopens and carries bytes after the device is plugged back in', async () => {
    const host = transport({ path: pty.a });
    await host.open();
    const gone = nextClose(host);
    await pty.unplug();
    expect(await gone).toBe('disconnected');
    await expect(host.open()).rejects.toMatchObject({ code: 'transport.open_failed' });

    await pty.replug();
    await host.open();
    const device = transport({ path: pty.b });
    await device.open();
    const atHost = receive(host, 3);
    await device.write(Uint8Array.of(0x55, 0xaa, 0x00));
    expect(await atHost).toEqual(Uint8Array.of(0x55, 0xaa, 0x00));
  });

  it('is idempotent: concurrent opens share one port, repeated closes are harmless, "closed" is reported once', async () => {
    const { factory, ports } = recordingFactory();
    const host = transport({ path: pty.a, createPort: factory });
    await host.close();
    await Promise.all([host.open(), host.open(), host.open()]);
    await host.open();
    expect(ports).toHaveLength(1);
    expect(host.isOpen).toBe(true);

    const reasons: string[] = [];
    host.onClose((reason) => reasons.push(reason));
    await Promise.all([host.close(), host.close()]);
    await host.close();
    expect(reasons).toEqual(['closed']);
    expect(host.isOpen).toBe(false);
  });

  it('leaves no listeners on any port after close and after unplug, and onData/onClose unsubscribe', async () => {
    const { factory, ports } = recordingFactory();
    const host = transport({ path: pty.a, createPort: factory });
    for (let cycle = 0; cycle < 5; cycle++) {
      await host.open();
      await host.close();
    }
    await host.open();
    const gone = nextClose(host);
    await pty.unplug();
    await gone;
    expect(ports).toHaveLength(6);
    for (const port of ports) {
      for (const event of PORT_EVENTS) expect(port.listenerCount(event)).toBe(0);
    }

    const chunks: Uint8Array[] = [];
    const stop = host.onData((chunk) => chunks.push(chunk));
    const stopClose = host.onClose(() => chunks.push(new Uint8Array()));
    stop();
    stopClose();
    await pty.replug();
    await host.open();
    const device = transport({ path: pty.b });
    await device.open();
    const seen = receive(host, 2);
    await device.write(Uint8Array.of(9, 9));
    await seen;
    await host.close();
    expect(chunks).toEqual([]);
  });

  it('fails to open a path that does not exist with transport.open_failed', async () => {
    const missing = transport({ path: `${pty.a}-missing` });
    await expect(missing.open()).rejects.toMatchObject({ name: 'TransportError', code: 'transport.open_failed', osCode: 'ENOENT' });
    expect(missing.isOpen).toBe(false);
  });

  it('fails to open a port another transport holds (serialport locks it)', async () => {
    const first = transport({ path: pty.a });
    await first.open();
    await expect(transport({ path: pty.a }).open()).rejects.toMatchObject({ code: 'transport.open_failed' });
  });
});

describe('listSerialPorts', () => {
  it('lists ports with numeric USB ids where the OS knows them', async () => {
    const ports = await listSerialPorts();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) {
      expect(typeof port.path).toBe('string');
      if (port.vendorId !== undefined) expect(port.vendorId).toBeGreaterThanOrEqual(0);
    }
  });
});
