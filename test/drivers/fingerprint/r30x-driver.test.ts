/**
 * The R30x driver against a scripted module (byte-exact replies, silence,
 * lies) on a hand-moved clock: deadlines, polling, the watchdog and
 * reconnection run in simulated time, so nothing here depends on the
 * machine's speed.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CommandRejected, DeviceDisconnected, DeviceTimeout, NoFinger, PoorQuality, ProtocolError } from '../../../drivers/fingerprint/errors.ts';
import type { ReaderState } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { ackPacket, encodePacket, splitDataPackets } from '../../../drivers/fingerprint/r30x-codec.ts';
import { R30xDriver, type R30xDriverOptions } from '../../../drivers/fingerprint/r30x-driver.ts';
import { ManualScheduler, rejection, settle } from './manual-scheduler.ts';
import { PACKED_IMAGE, ScriptedTransport, VENDOR_TEMPLATE } from './scripted-transport.ts';

const hex = (text: string) => Uint8Array.from(text.split(' ').map((b) => Number.parseInt(b, 16)));

async function opened(options: Partial<R30xDriverOptions> = {}) {
  const transport = new ScriptedTransport();
  const scheduler = new ManualScheduler();
  const driver = new R30xDriver({ transport, scheduler, replyTimeoutMs: 1000, pollIntervalMs: 100, quietMs: 50, ...options });
  await scheduler.run(driver.open());
  return { transport, scheduler, driver };
}

describe('R30xDriver: opening and device info', () => {
  it('opens with VfyPwd(0) then ReadSysPara, byte for byte as the reference vectors, and reports the parameters', async () => {
    const { transport, scheduler, driver } = await opened();
    expect(transport.writes[0]).toEqual(hex('EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B'));
    expect(transport.writes[1]).toEqual(hex('EF 01 FF FF FF FF 01 00 03 0F 00 13'));
    expect(driver.state()).toBe('ready');
    const info = await scheduler.run(driver.deviceInfo());
    expect(info).toMatchObject({ driver: 'r30x-serial', libraryCapacity: 162, securityLevel: 3, packetSizeBytes: 128, baudRate: 57600, address: 0xffffffff });
    expect(info.status.passwordVerified).toBe(true);
  });

  it('refuses a wrong password with CommandRejected and needs attention', async () => {
    const transport = new ScriptedTransport();
    const scheduler = new ManualScheduler();
    transport.respond = (command) => (command.name === 'vfyPwd' ? ackPacket(0x13) : undefined);
    const driver = new R30xDriver({ transport, scheduler, password: 0x12345678 });
    const error = await rejection(scheduler.run(driver.open()));
    expect(error).toBeInstanceOf(CommandRejected);
    expect((error as CommandRejected).confirmation).toBe(0x13);
    expect(driver.state()).toBe('needs-attention');
    await driver.close();
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('says handshake is unsupported when an R30x does not answer 0x40, without waking the watchdog', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.respond = (command) => (command.name === 'handShake' ? 'silent' : undefined);
    for (let i = 0; i < 4; i++) expect(await scheduler.run(driver.handshake())).toBe(false);
    expect(transport.writes.at(-1)).toEqual(hex('EF 01 FF FF FF FF 01 00 03 40 00 44'));
    expect(transport.opens).toBe(1);
    transport.respond = () => undefined;
    expect(await scheduler.run(driver.handshake())).toBe(true);
  });

  it('changes the baud rate (SetSysPara 4 = 12, then the port follows) and the packet size', async () => {
    const { transport, scheduler, driver } = await opened();
    await scheduler.run(driver.setBaudRate(115200));
    expect(transport.writes.some((w) => encodeEq(w, hex('EF 01 FF FF FF FF 01 00 05 0E 04 0C 00 24')))).toBe(true);
    expect(transport.baudRates).toEqual([115200]);
    expect((await scheduler.run(driver.setPacketSize(32))).packetSizeBytes).toBe(32);
    await expect(driver.setBaudRate(12345)).rejects.toBeInstanceOf(RangeError);
    await expect(driver.setBaudRate(9600 * 13)).rejects.toBeInstanceOf(RangeError);
  });
});

async function nextCaptureWorks(transport: ScriptedTransport, scheduler: ManualScheduler, driver: R30xDriver) {
  transport.respond = () => undefined;
  transport.fingerPresent = true;
  const capture = await scheduler.run(driver.capture({ finger: 2, timeoutMs: 1000 }));
  expect(capture.image.pixels).toEqual(EXPANDED_IMAGE);
  expect(transport.listenerCount).toBe(2);
}

const EXPANDED_IMAGE = Uint8Array.from({ length: 256 * 288 }, (_, i) => ((i & 1) === 0 ? PACKED_IMAGE[i >> 1]! >> 4 : PACKED_IMAGE[i >> 1]! & 15) * 17);

function encodeEq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

describe('R30xDriver: capture', () => {
  it('polls GenImg until the finger lands, then UpImage: the image, no vendor template (no Img2Tz, no UpChar)', async () => {
    const { transport, scheduler, driver } = await opened();
    const events: string[] = [];
    driver.onFinger((event) => events.push(event));
    let polls = 0;
    transport.fingerPresent = true;
    transport.respond = (command) => (command.name === 'genImg' && polls++ < 3 ? ackPacket(0x02) : undefined);
    const capture = await scheduler.run(driver.capture({ finger: 'right-index', timeoutMs: 5000 }));
    expect(transport.commandNames().slice(2)).toEqual(['genImg', 'genImg', 'genImg', 'genImg', 'upImage']);
    expect(transport.writes.slice(-2)).toEqual([hex('EF 01 FF FF FF FF 01 00 03 01 00 05'), hex('EF 01 FF FF FF FF 01 00 03 0A 00 0E')]);
    expect(capture).toEqual({ finger: 2, image: { width: 256, height: 288, resolutionPpi: 500, pixels: EXPANDED_IMAGE } });
    expect(capture).not.toHaveProperty('template');
    expect(events).toEqual(['present']);
  });

  it('reports the finger removed and present again across captures', async () => {
    const { transport, scheduler, driver } = await opened();
    const events: string[] = [];
    driver.onFinger((event) => events.push(event));
    transport.fingerPresent = true;
    await scheduler.run(driver.capture({ finger: 7, timeoutMs: 1000 }));
    let polls = 0;
    transport.respond = (command) => (command.name === 'genImg' && polls++ < 2 ? ackPacket(0x02) : undefined);
    await scheduler.run(driver.capture({ finger: 7, timeoutMs: 1000 }));
    expect(events).toEqual(['present', 'removed', 'present']);
  });

  it('ends in NoFinger when GenImg answers 02 until the timeout', async () => {
    const { transport, scheduler, driver } = await opened();
    const started = scheduler.now();
    const error = await rejection(scheduler.run(driver.capture({ finger: 'left-index', timeoutMs: 1000 })));
    expect(error).toBeInstanceOf(NoFinger);
    expect(scheduler.now() - started).toBe(1000);
    expect(transport.commandNames().filter((n) => n === 'genImg').length).toBe(11);
    expect(driver.state()).toBe('ready');
  });

  it('uploadTemplate (technician): Img2Tz 06 and 07 are PoorQuality, other refusals CommandRejected, a vendor template is declared as such', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.fingerPresent = true;
    await scheduler.run(driver.capture({ finger: 2, timeoutMs: 1000 }));
    for (const code of [0x06, 0x07]) {
      transport.respond = (command) => (command.name === 'img2Tz' ? ackPacket(code) : undefined);
      const error = await rejection(scheduler.run(driver.uploadTemplate(2)));
      expect(error).toBeInstanceOf(PoorQuality);
      expect((error as PoorQuality).confirmation).toBe(code);
    }
    transport.respond = (command) => (command.name === 'img2Tz' ? ackPacket(0x15) : undefined);
    expect(await rejection(scheduler.run(driver.uploadTemplate(2)))).toBeInstanceOf(CommandRejected);
    transport.respond = () => undefined;
    expect(await scheduler.run(driver.uploadTemplate(2))).toEqual({ format: 'r30x-vendor', template: VENDOR_TEMPLATE, quality: null });
  });

  it('a capture refused by the module (UpImage 0F): CommandRejected, and the next capture works', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.fingerPresent = true;
    transport.respond = (command) => (command.name === 'upImage' ? ackPacket(0x0f) : undefined);
    expect(await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 1000 })))).toBeInstanceOf(CommandRejected);
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('expands the uploaded 4-bit pixels to 8 bits (v × 17)', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.fingerPresent = true;
    const { image } = await scheduler.run(driver.capture({ finger: 2, timeoutMs: 1000 }));
    expect(transport.writes.at(-1)).toEqual(hex('EF 01 FF FF FF FF 01 00 03 0A 00 0E'));
    expect(image).toMatchObject({ width: 256, height: 288 });
    expect(image!.pixels.length).toBe(256 * 288);
    expect([image!.pixels[0], image!.pixels[1]]).toEqual([(PACKED_IMAGE[0]! >> 4) * 17, (PACKED_IMAGE[0]! & 15) * 17]);
  });

  it.each([32, 64, 128, 256] as const)('honours a packet size of %i bytes read from ReadSysPara', async (size) => {
    const transport = new ScriptedTransport();
    transport.packetSize = size;
    transport.fingerPresent = true;
    const scheduler = new ManualScheduler();
    const driver = new R30xDriver({ transport, scheduler });
    await scheduler.run(driver.open());
    const capture = await scheduler.run(driver.capture({ finger: 2, timeoutMs: 1000 }));
    expect(capture.image.pixels).toEqual(EXPANDED_IMAGE);
  });

  it('tolerates the R50x 0x55 ready byte, line noise and packets for another address before a reply', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.fingerPresent = true;
    const other = encodePacket({ ...ackPacket(0x00), address: 0x12345678 });
    transport.respond = (command) => [hex('55'), hex('00 13 EF 37 EF'), other, ...transport.defaultResponse(command)];
    const capture = await scheduler.run(driver.capture({ finger: 2, timeoutMs: 1000 }));
    expect(capture.image.pixels).toEqual(EXPANDED_IMAGE);
    expect(driver.lineStats.noiseBytes).toBeGreaterThan(0);
  });
});

describe('R30xDriver: faults end in typed errors within the deadline, and the next capture works', () => {
  it('a reply that never comes: DeviceTimeout at the reply deadline', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.respond = (command) => (command.name === 'genImg' ? 'silent' : undefined);
    const started = scheduler.now();
    const error = await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })));
    expect(error).toBeInstanceOf(DeviceTimeout);
    expect(error).toMatchObject({ operation: 'genImg', timeoutMs: 1000 });
    expect(scheduler.now() - started).toBe(1000);
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('a length field that promises more than comes: DeviceTimeout, and the decoder is left clean', async () => {
    const { transport, scheduler, driver } = await opened();
    // ACK 02 whose LEN says 0x10 content+checksum bytes; only 3 follow.
    transport.respond = (command) => (command.name === 'genImg' ? hex('EF 01 FF FF FF FF 07 00 10 02 00 0C') : undefined);
    expect(await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })))).toBeInstanceOf(DeviceTimeout);
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('a length field beyond any packet: ProtocolError bad_length before the deadline', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.respond = (command) => (command.name === 'genImg' ? hex('EF 01 FF FF FF FF 07 02 00 02 00 0C') : undefined);
    const started = scheduler.now();
    const error = await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })));
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).reason).toBe('bad_length');
    expect(scheduler.now() - started).toBeLessThan(1000);
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('a checksum off by one: ProtocolError bad_checksum', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.respond = (command) => (command.name === 'upImage' ? hex('EF 01 FF FF FF FF 07 00 03 00 00 0B') : undefined);
    transport.fingerPresent = true;
    const error = await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })));
    expect(error).toMatchObject({ name: 'ProtocolError', reason: 'bad_checksum' });
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('a data phase cut short (no end-of-data): DeviceTimeout on the data phase', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.fingerPresent = true;
    transport.respond = (command) => (command.name === 'upImage' ? [ackPacket(0), ...splitDataPackets(PACKED_IMAGE, 128).slice(0, 2)] : undefined);
    const error = await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })));
    expect(error).toMatchObject({ name: 'DeviceTimeout', operation: 'upImage data phase' });
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('data packets larger than the packet-size register: ProtocolError, and ReadSysPara is read again before the next capture', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.fingerPresent = true;
    transport.respond = (command) => (command.name === 'upImage' ? [ackPacket(0), ...splitDataPackets(PACKED_IMAGE, 256)] : undefined);
    const error = await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })));
    expect(error).toMatchObject({ name: 'ProtocolError', reason: 'bad_length' });
    const before = transport.commands.length;
    await nextCaptureWorks(transport, scheduler, driver);
    expect(transport.commandNames()[before]).toBe('readSysPara');
  });

  it('unplugged mid-capture: DeviceDisconnected at once, not-connected, reopened with back-off, then ready', async () => {
    const { transport, scheduler, driver } = await opened();
    const states: ReaderState[] = [];
    driver.onState((state) => states.push(state));
    const capture = driver.capture({ finger: 2, timeoutMs: 60_000 });
    await scheduler.advance(350);
    transport.unplug();
    expect(await rejection(scheduler.run(capture))).toBeInstanceOf(DeviceDisconnected);
    expect(driver.state()).toBe('not-connected');
    expect(transport.listenerCount).toBe(0);
    await scheduler.advance(250 + 500 + 1000);
    expect(transport.opens).toBe(1); // three attempts, all refused while unplugged
    transport.plugged = true;
    await scheduler.advance(2000);
    expect(transport.opens).toBe(2);
    expect(driver.state()).toBe('ready');
    expect(states).toEqual(['busy', 'not-connected', 'ready']);
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('the watchdog closes and reopens the link after three consecutive timeouts (VfyPwd, ReadSysPara), then captures work', async () => {
    const { transport, scheduler, driver } = await opened();
    const states: ReaderState[] = [];
    driver.onState((state) => states.push(state));
    transport.respond = (command) => (command.name === 'genImg' ? 'silent' : undefined);
    for (let i = 0; i < 3; i++) expect(await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })))).toBeInstanceOf(DeviceTimeout);
    await scheduler.advance(2000);
    expect(transport.closes).toBe(1);
    expect(transport.opens).toBe(2);
    expect(transport.commandNames().slice(-2)).toEqual(['vfyPwd', 'readSysPara']);
    expect(states).toEqual(['busy', 'ready', 'busy', 'ready', 'busy', 'needs-attention', 'ready']);
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('a module that stays mute after the reset needs attention and is retried with back-off until it answers', async () => {
    const { transport, scheduler, driver } = await opened();
    transport.respond = () => 'silent';
    for (let i = 0; i < 3; i++) await rejection(scheduler.run(driver.capture({ finger: 2, timeoutMs: 5000 })));
    await scheduler.advance(1500);
    expect(driver.state()).toBe('needs-attention');
    transport.respond = () => undefined;
    await scheduler.advance(10_000);
    expect(driver.state()).toBe('ready');
    await nextCaptureWorks(transport, scheduler, driver);
  });

  it('an open that fails keeps retrying in the background; close() stops it', async () => {
    const transport = new ScriptedTransport();
    transport.plugged = false;
    const scheduler = new ManualScheduler();
    const driver = new R30xDriver({ transport, scheduler });
    expect(await rejection(scheduler.run(driver.open()))).toBeInstanceOf(DeviceDisconnected);
    transport.plugged = true;
    await scheduler.advance(300);
    expect(driver.state()).toBe('ready');
    await driver.close();
    expect(driver.state()).toBe('not-connected');
    expect(transport.listenerCount).toBe(0);
    expect(scheduler.pendingTimers).toBe(0);
  });
});

describe('R30xDriver: cancellation', () => {
  type Stage = 'waiting for another capture' | 'GenImg in flight' | 'between polls' | 'UpImage in flight' | 'UpImage data phase';
  const stages: Stage[] = ['waiting for another capture', 'GenImg in flight', 'between polls', 'UpImage in flight', 'UpImage data phase'];

  it.each(stages)('abort %s: rejects with the reason at once, leaves no listener, and the next capture works', async (stage) => {
    const { transport, scheduler, driver } = await opened();
    const controller = new AbortController();
    const reason = new Error('the citizen walked away');
    let rest: Uint8Array[] = [];
    const split = (packets: readonly ReturnType<typeof ackPacket>[]) => {
      rest = packets.slice(2).map(encodePacket);
      return packets.slice(0, 2);
    };
    let other: Promise<unknown> | undefined;
    transport.fingerPresent = stage !== 'between polls';
    if (stage === 'GenImg in flight') transport.respond = (c) => (c.name === 'genImg' ? 'hold' : undefined);
    if (stage === 'UpImage in flight') transport.respond = (c) => (c.name === 'upImage' ? 'hold' : undefined);
    if (stage === 'UpImage data phase')
      transport.respond = (c) => (c.name === 'upImage' ? split([ackPacket(0), ...splitDataPackets(PACKED_IMAGE, 128)]) : undefined);
    if (stage === 'waiting for another capture') {
      transport.fingerPresent = false;
      other = driver.capture({ finger: 2, timeoutMs: 10_000 });
    }
    const capture = driver.capture({ finger: 2, timeoutMs: 10_000, signal: controller.signal });
    capture.catch(() => undefined);
    await scheduler.advance(stage === 'between polls' ? 50 : 0);
    const onTheWire: Record<Stage, string> = {
      'waiting for another capture': 'genImg',
      'GenImg in flight': 'genImg',
      'between polls': 'genImg',
      'UpImage in flight': 'upImage',
      'UpImage data phase': 'upImage',
    };
    expect(transport.commandNames().at(-1)).toBe(onTheWire[stage]);
    expect(transport.heldCount).toBe(stage.endsWith('in flight') ? 1 : 0);
    controller.abort(reason);
    await settle();
    expect(await rejection(capture)).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // Whatever was on the wire finishes (or times out) inside the driver.
    transport.release();
    if (rest.length > 0) transport.emit(...rest);
    if (other) {
      transport.fingerPresent = true;
      await scheduler.run(other);
    }
    await scheduler.advance(2000);
    await nextCaptureWorks(transport, scheduler, driver);
    expect(driver.state()).toBe('ready');
  });

  it('an already aborted signal rejects without sending anything', async () => {
    const { transport, driver } = await opened();
    const sent = transport.writes.length;
    const controller = new AbortController();
    controller.abort();
    await expect(driver.capture({ finger: 2, timeoutMs: 1000, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.writes.length).toBe(sent);
  });

  it('leaves exactly its two transport listeners after many captures, faults and aborts, and none after close; unsubscribes its own listeners', async () => {
    const { transport, scheduler, driver } = await opened();
    const offFinger = driver.onFinger(() => undefined);
    const offState = driver.onState(() => undefined);
    for (let i = 0; i < 10; i++) {
      transport.fingerPresent = i % 2 === 0;
      transport.respond = (c) => (i % 3 === 0 && c.name === 'upImage' ? ackPacket(0x0f) : undefined);
      const controller = new AbortController();
      const capture = driver.capture({ finger: 2, timeoutMs: 300, signal: controller.signal });
      if (i % 4 === 0) controller.abort();
      await rejection(scheduler.run(capture)).catch(() => undefined);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(transport.listenerCount).toBe(2);
    }
    offFinger();
    offState();
    await driver.close();
    expect(transport.listenerCount).toBe(0);
    expect(scheduler.pendingTimers).toBe(0);
  });
});
