/**
 * The byte-level R30x simulator, spoken to through the real command channel
 * over an in-memory wire: the core instruction set with the datasheet's
 * confirmation codes, the template library on the synthetic matcher, the
 * UART pacing (on a hand-moved clock, so no test measures real time) and the
 * control lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Command,
  type CommandOf,
  CONFIRMATION,
  type InstructionName,
  encodePacket,
  PacketStreamDecoder,
  type Packet,
  commandPacket,
  type PacketSizeBytes,
} from '../../../drivers/fingerprint/r30x-codec.ts';
import { R30xChannel } from '../../../drivers/fingerprint/r30x-command-channel.ts';
import { handleControl } from '../../../drivers/fingerprint/r30x-simulator-control.ts';
import { R30xSimulator, type R30xSimulatorOptions } from '../../../drivers/fingerprint/r30x-simulator.ts';
import { isoRecordLength } from '../../../drivers/fingerprint/r30x-template.ts';
import { citizenFinger, extractFeatures, impressionOf, padToCharBuffer } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { decodeFingerMinutiaeRecord, MATCH_THRESHOLD } from '../../../synthetic/fingers/index.ts';
import { ManualScheduler } from './manual-scheduler.ts';
import { MemoryWire } from './memory-wire.ts';

const [alice, bruno] = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
const running: R30xSimulator[] = [];
afterEach(async () => {
  for (const simulator of running.splice(0)) await simulator.stop();
});

async function rig(options: Partial<R30xSimulatorOptions> = {}, scheduler?: ManualScheduler) {
  const wire = new MemoryWire();
  const simulator = await R30xSimulator.start({ device: wire.device, plug: wire, pacing: 'none', ...options, scheduler });
  running.push(simulator);
  await wire.host.open();
  const channel = new R30xChannel({ transport: wire.host, replyTimeoutMs: 5000, scheduler });
  channel.attach();
  const send = <N extends InstructionName>(command: CommandOf<N>, packetSize: PacketSizeBytes = 128) =>
    channel.send(command, command.name === 'upChar' || command.name === 'upImage' ? { upload: { packetSize, maxBytes: 40_000, baudRate: 57600 } } : {});
  const code = async (command: Command) => (await send(command)).reply.confirmation;
  const place = (citizen = alice!, finger = 'right-index', quality = 85) => handleControl(simulator, `place ${citizen.run.formatted} ${finger} ${quality}`);
  return { wire, simulator, channel, send, code, place };
}

describe('R30x simulator: instruction set', () => {
  it('answers VfyPwd, ReadSysPara, TemplateNum, HandShake and GetRandomCode', async () => {
    const { send, code } = await rig({ libraryCapacity: 200, packetSizeBytes: 64, baudRate: 115200 });
    expect(await code({ name: 'vfyPwd', password: 0 })).toBe(0);
    const params = (await send({ name: 'readSysPara' })).reply;
    expect(params).toMatchObject({
      accepted: true,
      value: { libraryCapacity: 200, packetSizeBytes: 64, baudRate: 115200, securityLevel: 3, address: 0xffffffff },
    });
    expect((await send({ name: 'templateNum' })).reply).toMatchObject({ accepted: true, value: { templateCount: 0 } });
    expect(await code({ name: 'handShake' })).toBe(0);
    const random = await send({ name: 'getRandomCode' });
    expect(random.reply.accepted && random.reply.value.randomCode).toBeTypeOf('number');
  });

  it('answers GenImg 02 until a finger is placed; Img2Tz then holds an ISO record that UpChar sends padded to 512 bytes', async () => {
    const { send, code, place } = await rig();
    expect(await code({ name: 'genImg' })).toBe(CONFIRMATION.noFinger);
    expect(await code({ name: 'img2Tz', bufferId: 1 })).toBe(CONFIRMATION.noValidImage);
    expect(await code({ name: 'upImage' })).toBe(CONFIRMATION.imageUploadFailed);
    expect(await code({ name: 'upChar', bufferId: 1 })).toBe(CONFIRMATION.templateUploadFailed);
    await place();
    expect(await code({ name: 'genImg' })).toBe(0);
    expect(await code({ name: 'img2Tz', bufferId: 1 })).toBe(0);
    const { data } = await send({ name: 'upChar', bufferId: 1 });
    expect(data).toHaveLength(512);
    const record = decodeFingerMinutiaeRecord(data!.slice(0, isoRecordLength(data!)));
    expect(record.ok && record.value.views[0]).toMatchObject({ fingerPosition: 0, fingerQuality: 85 });
  });

  it('refuses poor impressions with 06 (too disorderly), as a module does', async () => {
    const { code, place } = await rig();
    await place(alice, 'left-index', 10);
    expect(await code({ name: 'genImg' })).toBe(0);
    expect(await code({ name: 'img2Tz', bufferId: 1 })).toBe(CONFIRMATION.imageTooDisorderly);
  });

  it('enrolls (RegModel, Store), indexes, and finds the same finger with Search but not another citizen’s', async () => {
    const { send, code, place, simulator } = await rig();
    await place();
    for (const bufferId of [1, 2]) {
      expect(await code({ name: 'genImg' })).toBe(0);
      expect(await code({ name: 'img2Tz', bufferId })).toBe(0);
    }
    expect(await code({ name: 'regModel' })).toBe(0);
    expect(await code({ name: 'store', bufferId: 1, pageId: 5 })).toBe(0);
    expect(simulator.module.templateCount).toBe(1);
    expect((await send({ name: 'readIndexTable', indexPage: 0 })).reply).toMatchObject({ value: { occupiedSlots: [5] } });
    await code({ name: 'genImg' });
    await code({ name: 'img2Tz', bufferId: 1 });
    const hit = (await send({ name: 'search', bufferId: 1, startPage: 0, pageCount: 162 })).reply;
    expect(hit).toMatchObject({ accepted: true, value: { pageId: 5 } });
    expect(hit.accepted && hit.value.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    await place(bruno);
    await code({ name: 'genImg' });
    await code({ name: 'img2Tz', bufferId: 1 });
    expect(await code({ name: 'search', bufferId: 1, startPage: 0, pageCount: 162 })).toBe(CONFIRMATION.notFound);
    expect(await code({ name: 'hiSpeedSearch', bufferId: 1, startPage: 0, pageCount: 162 })).toBe(CONFIRMATION.notFound);
  });

  it('refuses to merge two different fingers (0A) and matches 1:1 with LoadChar and DownChar', async () => {
    const { send, code, place, channel } = await rig();
    await place();
    await code({ name: 'genImg' });
    await code({ name: 'img2Tz', bufferId: 1 });
    await code({ name: 'store', bufferId: 1, pageId: 0 });
    await place(bruno);
    await code({ name: 'genImg' });
    await code({ name: 'img2Tz', bufferId: 2 });
    expect(await code({ name: 'regModel' })).toBe(CONFIRMATION.combineFailed);
    expect(await code({ name: 'match' })).toBe(CONFIRMATION.noMatch);
    expect(await code({ name: 'loadChar', bufferId: 2, pageId: 0 })).toBe(0);
    await place();
    await code({ name: 'genImg' });
    await code({ name: 'img2Tz', bufferId: 1 });
    const match = (await send({ name: 'match' })).reply;
    expect(match.accepted && match.value.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    // The host's own template (an ISO record of Bruno's finger) downloaded into buffer 2.
    const extraction = extractFeatures(impressionOf(citizenFinger(bruno!, 2), 90, 'host'), 2);
    if (!extraction.ok) throw new Error('extraction failed');
    const download = await channel.send({ name: 'downChar', bufferId: 2 }, { download: { packetSize: 128, payload: padToCharBuffer(extraction.record) } });
    expect(download.reply.confirmation).toBe(0);
    expect(await code({ name: 'match' })).toBe(CONFIRMATION.noMatch);
  });

  it('keeps a library: page range (0B), empty pages (0C), DeleteChar (10 when out of range) and Empty', async () => {
    const { send, code, place } = await rig({ libraryCapacity: 10 });
    await place();
    await code({ name: 'genImg' });
    await code({ name: 'img2Tz', bufferId: 1 });
    expect(await code({ name: 'store', bufferId: 1, pageId: 10 })).toBe(CONFIRMATION.pageIdOutOfRange);
    expect(await code({ name: 'loadChar', bufferId: 1, pageId: 3 })).toBe(CONFIRMATION.invalidTemplate);
    for (const pageId of [1, 2, 3]) await code({ name: 'store', bufferId: 1, pageId });
    expect(await code({ name: 'deleteChar', pageId: 2, count: 1 })).toBe(0);
    expect((await send({ name: 'readIndexTable', indexPage: 0 })).reply).toMatchObject({ value: { occupiedSlots: [1, 3] } });
    expect(await code({ name: 'deleteChar', pageId: 9, count: 2 })).toBe(CONFIRMATION.deleteFailed);
    expect(await code({ name: 'empty' })).toBe(0);
    expect((await send({ name: 'templateNum' })).reply).toMatchObject({ value: { templateCount: 0 } });
  });

  it('takes SetSysPara for packet size (after its ACK), security level and baud, and refuses bad registers (1A) and values (1B)', async () => {
    const { send, code, place, simulator } = await rig();
    expect(await code({ name: 'setSysPara', register: 6, value: 1 })).toBe(0);
    expect(await code({ name: 'setSysPara', register: 5, value: 5 })).toBe(0);
    expect(await code({ name: 'setSysPara', register: 7, value: 1 })).toBe(CONFIRMATION.invalidRegister);
    expect(await code({ name: 'setSysPara', register: 4, value: 13 })).toBe(CONFIRMATION.badRegisterConfiguration);
    expect(await code({ name: 'setSysPara', register: 5, value: 6 })).toBe(CONFIRMATION.badRegisterConfiguration);
    expect((await send({ name: 'readSysPara' })).reply).toMatchObject({ value: { packetSizeBytes: 64, securityLevel: 5 } });
    await place();
    await code({ name: 'genImg' });
    const image = await send({ name: 'upImage' }, 64);
    expect(image.data).toHaveLength(36_864);
    // The control line's status counts what the host took: an image, no vendor template.
    expect(await handleControl(simulator, 'status')).toMatchObject({ imagesUploaded: 1, templatesUploaded: 0 });
  });

  it('gives back a downloaded image, but cannot extract features from it (06)', async () => {
    const { send, code, channel } = await rig();
    const payload = Uint8Array.from({ length: 36_864 }, (_, i) => i & 0xff);
    expect((await channel.send({ name: 'downImage' }, { download: { packetSize: 128, payload } })).reply.confirmation).toBe(0);
    expect((await send({ name: 'upImage' })).data).toEqual(payload);
    expect(await code({ name: 'img2Tz', bufferId: 1 })).toBe(CONFIRMATION.imageTooDisorderly);
  });

  it('asks for the password (21) after a power cycle once one is set, refuses a wrong one (13) and accepts the right one', async () => {
    const { code, simulator, wire, channel } = await rig();
    expect(await code({ name: 'setPwd', password: 0x1234 })).toBe(0);
    await simulator.unplug();
    await simulator.replug();
    await wire.host.open();
    channel.attach();
    expect(await code({ name: 'readSysPara' })).toBe(CONFIRMATION.passwordRequired);
    expect(await code({ name: 'vfyPwd', password: 0 })).toBe(CONFIRMATION.wrongPassword);
    expect(await code({ name: 'vfyPwd', password: 0x1234 })).toBe(0);
    expect(await code({ name: 'readSysPara' })).toBe(0);
  });

  it('answers a command with a bad checksum, or an unknown instruction, with ACK 01; sends 0x55 at power-on', async () => {
    const wire = new MemoryWire();
    const received: Packet[] = [];
    const raw: number[] = [];
    const decoder = new PacketStreamDecoder();
    await wire.host.open();
    wire.host.onData((chunk) => {
      raw.push(...chunk);
      for (const item of decoder.feed(chunk)) if (item.type === 'packet') received.push(item.packet);
    });
    running.push(await R30xSimulator.start({ device: wire.device, plug: wire, pacing: 'none' }));
    const genImg = encodePacket(commandPacket({ name: 'genImg' }));
    genImg[genImg.length - 1]! += 1;
    await wire.host.write(genImg);
    await wire.host.write(encodePacket({ kind: 'command', address: 0xffffffff, content: Uint8Array.of(0x77) }));
    await until(() => received.length === 2);
    expect(raw[0]).toBe(0x55);
    expect(received.map((p) => p.content[0])).toEqual([0x01, 0x01]);
  });
});

async function until(condition: () => boolean, bound = 5000): Promise<void> {
  const deadline = Date.now() + bound;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('R30x simulator: the UART', () => {
  /** Simulated time at which the host has received `count` bytes in all. */
  async function arrivalTimes(wire: MemoryWire, scheduler: ManualScheduler, work: () => Promise<unknown>): Promise<number[]> {
    const times: number[] = [];
    const off = wire.host.onData((chunk) => {
      for (let i = 0; i < chunk.length; i++) times.push(scheduler.now());
    });
    await scheduler.run(work());
    off();
    return times;
  }

  it('paces replies at baud/10 bytes per second, and a baud change takes effect after its ACK has left', async () => {
    const scheduler = new ManualScheduler();
    const { wire, send } = await rig({ pacing: 'baud', baudRate: 9600, readyByte: false }, scheduler);
    const start = scheduler.now();
    const params = await arrivalTimes(wire, scheduler, () => send({ name: 'readSysPara' }));
    // 28 bytes (9 + 1 + 16 + 2) at 960 bytes/s.
    expect(params).toHaveLength(28);
    expect(params.at(-1)! - start).toBeCloseTo((28 * 1000) / 960, 6);
    const t0 = scheduler.now();
    const ack = await arrivalTimes(wire, scheduler, () => send({ name: 'setSysPara', register: 4, value: 12 }));
    expect(ack.at(-1)! - t0).toBeCloseTo((12 * 1000) / 960, 6);
    const t1 = scheduler.now();
    const fast = await arrivalTimes(wire, scheduler, () => send({ name: 'readSysPara' }));
    expect(fast.at(-1)! - t1).toBeCloseTo((28 * 1000) / 11_520, 6);
  });

  it('paces a whole data phase at the line rate: UpChar at 57600 takes (512 + 4 × 11 + 12) bytes of line time', async () => {
    const scheduler = new ManualScheduler();
    const { wire, send, place } = await rig({ pacing: 'baud', baudRate: 57600, readyByte: false }, scheduler);
    await place();
    await scheduler.run(send({ name: 'genImg' }));
    await scheduler.run(send({ name: 'img2Tz', bufferId: 1 }));
    const t0 = scheduler.now();
    const times = await arrivalTimes(wire, scheduler, () => send({ name: 'upChar', bufferId: 1 }));
    expect(times).toHaveLength(512 + 4 * 11 + 12);
    expect(times.at(-1)! - t0).toBeCloseTo(((512 + 4 * 11 + 12) * 1000) / 5760, 6);
  });

  it('holds replies on "delay", injects garbage between packets, and unplugs and replugs the wire on command', async () => {
    const scheduler = new ManualScheduler();
    const { wire, simulator, send } = await rig({ readyByte: true }, scheduler);
    expect(await handleControl(simulator, 'delay 400')).toEqual({ ok: true, command: 'delay', ms: 400 });
    const t0 = scheduler.now();
    await scheduler.run(send({ name: 'templateNum' }));
    expect(scheduler.now() - t0).toBeGreaterThanOrEqual(400);
    await handleControl(simulator, 'delay 0');
    const noise: number[] = [];
    wire.host.onData((chunk) => noise.push(chunk.length));
    expect(await handleControl(simulator, 'garbage 300')).toEqual({ ok: true, command: 'garbage', bytes: 300 });
    await scheduler.run(send({ name: 'templateNum' }));
    expect(noise.reduce((a, b) => a + b, 0)).toBe(300 + 14);
    const closed: string[] = [];
    wire.host.onClose((reason) => closed.push(reason));
    expect(await handleControl(simulator, 'unplug')).toEqual({ ok: true, command: 'unplug' });
    expect(closed).toEqual(['disconnected']);
    await expect(wire.host.open()).rejects.toMatchObject({ code: 'transport.open_failed' });
    expect(await handleControl(simulator, 'status')).toMatchObject({ ok: true, plugged: false });
    expect(await handleControl(simulator, 'replug')).toEqual({ ok: true, command: 'replug' });
    await wire.host.open();
    expect(await handleControl(simulator, 'status')).toMatchObject({ ok: true, plugged: true, baud: 57600, packetSize: 128, templates: 0, imagesUploaded: 0 });
  });

  it('answers every control line with one JSON reply, masking the RUN and naming errors', async () => {
    const { simulator } = await rig();
    expect(await handleControl(simulator, `place ${alice!.run.formatted} 7`)).toEqual({
      ok: true,
      command: 'place',
      run: expect.stringMatching(/^\d{1,2}\.\d{3}\.\*\*\*-[0-9K]$/),
      finger: 'left-index',
      quality: 80,
      condition: 'good',
    });
    expect(await handleControl(simulator, 'lift')).toEqual({ ok: true, command: 'lift' });
    expect(await handleControl(simulator, 'place 1-9 right-index')).toMatchObject({ ok: false, error: { code: 'sim.unknown_run' } });
    expect(await handleControl(simulator, `place ${alice!.run.formatted} thumb`)).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await handleControl(simulator, `place ${alice!.run.formatted} 2 101`)).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await handleControl(simulator, 'garbage 0')).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await handleControl(simulator, 'delay -1')).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await handleControl(simulator, 'dance')).toMatchObject({ ok: false, command: null, error: { code: 'usage' } });
    expect(await handleControl(simulator, '   ')).toBeNull();
    expect(await handleControl(simulator, 'quit')).toEqual({ ok: true, command: 'quit' });
  });
});
