import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../drivers/transport/byte-transport.ts';
import type { HidReportError } from '../../../drivers/transport/cp2110.ts';
import { listHidDevices } from '../../../drivers/transport/hid-device.ts';
import { Cp2110Transport, type Cp2110TransportOptions } from '../../../drivers/transport/hid-transport.ts';
import { FakeCp2110 } from './fake-cp2110.ts';
import { nextClose, patternBytes, receive } from './transport-helpers.ts';

function bridge(options: Partial<Cp2110TransportOptions> = {}, fake = new FakeCp2110()): { fake: FakeCp2110; transport: Cp2110Transport; opens: () => number } {
  let opens = 0;
  const transport = new Cp2110Transport({
    path: '/dev/hidraw-test',
    openDevice: async () => {
      opens++;
      return fake;
    },
    ...options,
  });
  return { fake, transport, opens: () => opens };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Cp2110Transport against a byte-exact CP2110 double', () => {
  it('opens by configuring the UART (57600 8N1), reading it back, purging both FIFOs and enabling the UART, in that order', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    expect(fake.featureReportsSent).toEqual([
      [0x50, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00, 0x03, 0x00],
      [0x43, 0x03],
      [0x41, 0x01],
    ]);
    expect(fake.uartEnabled).toBe(true);
    expect(transport.isOpen).toBe(true);
    expect(transport.uartConfig).toEqual({ baudRate: 57600, parity: 'none', flowControl: 'none', dataBits: 8, stopBits: 1 });
  });

  it('applies a configured line (115200, even parity, 2 stop bits)', async () => {
    const { fake, transport } = bridge({ uart: { baudRate: 115200, parity: 'even', stopBits: 2 } });
    await transport.open();
    expect(fake.featureReportsSent[0]).toEqual([0x50, 0x00, 0x01, 0xc2, 0x00, 0x02, 0x00, 0x03, 0x01]);
  });

  it('writes bytes as OUT reports whose ID is their length, at most 63 each', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    const packet = patternBytes(200);
    await transport.write(packet);
    expect(fake.outReports.map((r) => r[0])).toEqual([63, 63, 63, 11]);
    expect(fake.outReports.every((r) => r.length === r[0]! + 1)).toBe(true);
    expect(Uint8Array.from(fake.txLine)).toEqual(packet);
  });

  it('keeps concurrent writes whole and in order', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    const first = patternBytes(100, 1);
    const second = patternBytes(70, 2);
    await Promise.all([transport.write(first), transport.write(second)]);
    expect(Uint8Array.from(fake.txLine)).toEqual(Uint8Array.from([...first, ...second]));
  });

  it('reassembles what the module sends from IN reports of every length 1–63', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    const sizes = Array.from({ length: 63 }, (_, i) => i + 1);
    const sent = patternBytes(
      sizes.reduce((a, b) => a + b, 0),
      3,
    );
    const received = receive(transport, sent.length);
    fake.moduleSends(sent, sizes);
    expect(await received).toEqual(sent);
  });

  it('reads reports padded to 64 bytes (Windows) without taking the padding as data', async () => {
    const { fake, transport } = bridge({}, new FakeCp2110({ padInReports: true }));
    await transport.open();
    const received = receive(transport, 12);
    fake.moduleSends(patternBytes(12), [5, 7]);
    expect(await received).toEqual(patternBytes(12));
  });

  it('drops garbage reports with a typed event and keeps delivering good ones', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    const errors: HidReportError[] = [];
    transport.onReportError((error) => errors.push(error));
    const chunks: number[] = [];
    transport.onData((chunk) => chunks.push(...chunk));
    fake.injectInReport([0x40, 1, 2]); // a feature-report ID on the interrupt pipe
    fake.injectInReport([0xff, ...new Array<number>(63).fill(0xee)]);
    fake.injectInReport([9, 1, 2]); // says 9 bytes, carries 2
    fake.injectInReport([]);
    fake.injectInReport([3, 0xef, 0x01, 0xff]);
    await tick();
    await tick();
    expect(errors.map((e) => e.code)).toEqual(['hid.bad_report_id', 'hid.bad_report_id', 'hid.report_truncated', 'hid.empty_report']);
    expect(chunks).toEqual([0xef, 0x01, 0xff]);
    expect(transport.isOpen).toBe(true);
  });

  it('purges what the bridge received before open, so stale bytes never reach the codec', async () => {
    const fake = new FakeCp2110();
    fake.uartEnabled = true; // left enabled by a previous session
    fake.moduleSends([0xde, 0xad]); // nobody reading yet: it waits in the RX FIFO
    const { transport } = bridge({}, fake);
    await transport.open();
    const chunks: number[] = [];
    transport.onData((chunk) => chunks.push(...chunk));
    fake.moduleSends([0x55]);
    await tick();
    await tick();
    expect(chunks).toEqual([0x55]);
  });

  it('changes the baud rate while open through Set UART Config, after writes queued before it', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    fake.featureReportsSent.length = 0;
    const write = transport.write(Uint8Array.of(1, 2, 3));
    await transport.setBaudRate(115200);
    await write;
    expect(fake.featureReportsSent).toEqual([[0x50, 0x00, 0x01, 0xc2, 0x00, 0x00, 0x00, 0x03, 0x00]]);
    expect(transport.uartConfig.baudRate).toBe(115200);
    expect(fake.txLine).toEqual([1, 2, 3]);
  });

  it('refuses a baud rate AN434 does not allow without touching the bridge', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    const sent = fake.featureReportsSent.length;
    await expect(transport.setBaudRate(200)).rejects.toMatchObject({ code: 'transport.config_failed' });
    await expect(transport.setBaudRate(2_000_000)).rejects.toMatchObject({ code: 'transport.config_failed' });
    expect(fake.featureReportsSent).toHaveLength(sent);
    expect(transport.uartConfig.baudRate).toBe(57600);
    expect(() => new Cp2110Transport({ path: 'x', uart: { baudRate: 10 } })).toThrow(TransportError);
  });

  it('fails to open, with transport.config_failed, a bridge that does not keep its UART configuration', async () => {
    const fake = new FakeCp2110();
    fake.ignoreUartConfig = true;
    const { transport } = bridge({}, fake);
    await expect(transport.open()).rejects.toMatchObject({ code: 'transport.config_failed' });
    expect(fake.isClosed).toBe(true);
    expect(fake.listenerCount('error')).toBe(0);
    expect(transport.isOpen).toBe(false);
  });

  it('fails to open with transport.open_failed when the device cannot be opened', async () => {
    const transport = new Cp2110Transport({
      path: '/dev/hidraw-missing',
      openDevice: () => Promise.reject(new Error('cannot open device with path /dev/hidraw-missing')),
    });
    await expect(transport.open()).rejects.toMatchObject({ name: 'TransportError', code: 'transport.open_failed' });
  });

  it('reports "disconnected" when the bridge is unplugged, and rejects writes with typed errors', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    const gone = nextClose(transport);
    fake.unplug();
    expect(await gone).toBe('disconnected');
    expect(transport.isOpen).toBe(false);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'transport.not_open' });
    await tick();
    expect(fake.isClosed).toBe(true);
  });

  it('rejects a write that the bridge refuses mid-way with transport.write_failed', async () => {
    const { fake, transport } = bridge();
    await transport.open();
    fake.write = () => {
      throw new Error('Cannot write to hid device');
    };
    await expect(transport.write(Uint8Array.of(1, 2))).rejects.toMatchObject({ code: 'transport.write_failed' });
  });

  it('closes by disabling the UART, releases the device, leaves no listeners, and reopens', async () => {
    const { fake, transport, opens } = bridge();
    const reasons: string[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await Promise.all([transport.open(), transport.open()]);
    expect(opens()).toBe(1);
    await Promise.all([transport.close(), transport.close()]);
    await transport.close();
    expect(reasons).toEqual(['closed']);
    expect(fake.featureReportsSent.at(-1)).toEqual([0x41, 0x00]);
    expect(fake.isClosed).toBe(true);
    expect(fake.listenerCount('data')).toBe(0);
    expect(fake.listenerCount('error')).toBe(0);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'transport.not_open' });

    fake.isClosed = false; // the same bridge, opened again
    await transport.open();
    expect(opens()).toBe(2);
    await transport.write(Uint8Array.of(0x42));
    expect(fake.txLine.at(-1)).toBe(0x42);
    await transport.close();
    expect(fake.listenerCount('data')).toBe(0);
    expect(fake.listenerCount('error')).toBe(0);
  });

  it('reads UART status (0x42) while open', async () => {
    const { transport } = bridge();
    await transport.open();
    expect(await transport.readUartStatus()).toEqual({ txFifoBytes: 0, rxFifoBytes: 0, parityError: false, overrunError: false, lineBreak: false });
  });
});

describe('the node-hid binding', () => {
  it('lists HID devices with usage page and usage (none on this machine is fine)', async () => {
    const devices = await listHidDevices();
    expect(Array.isArray(devices)).toBe(true);
    for (const device of devices) expect(typeof device.vendorId).toBe('number');
  });

  it('fails to open a hidraw path that does not exist with transport.open_failed (ENOENT), through real node-hid', async () => {
    const transport = new Cp2110Transport({ path: '/dev/hidraw-does-not-exist' });
    await expect(transport.open()).rejects.toMatchObject({ name: 'TransportError', code: 'transport.open_failed', osCode: 'ENOENT' });
  });
});
