/**
 * kioskctl's fingerprint commands:
 *
 *   simulate fingerprint --link PATH [--baud N] [--packet-size 32|64|128|256] [--seed S]
 *     a byte-level R30x module on a pty at PATH, controlled line by line on
 *     stdin (drivers/fingerprint/r30x-simulator-control.ts), one JSON reply per
 *     line; stops on quit, end of stdin, SIGINT or SIGTERM and removes PATH.
 *   fingerprint probe --port PATH [--baud N] [--transport serial|hid]
 *     VfyPwd, ReadSysPara and HandShake: the module's parameters as JSON.
 *   fingerprint capture --port PATH [--baud N] [--transport serial|hid] [--finger right-index] [--timeout MS]
 *                       [--image OUT.png] [--image-file FILE.pgm] [--image-inline]
 *     one capture (GenImg + UpImage): the finger, a template only from a reader
 *     that extracts ISO 19794-2 itself, and, when the image is asked for, its
 *     size; the pixels only go to --image (8-bit grey PNG at 500 ppi, as
 *     `fingerprint compare` reads), --image-file (PGM) or, with
 *     --image-inline, into the JSON.
 * For --transport hid, --port is the CP2110 bridge's VID:PID in hex (10c4:ea80).
 * Failures print { error: { code, message } } with the driver's stable codes
 * (fingerprint.timeout, fingerprint.no_finger, …) and exit 1; usage errors exit 2.
 */
import { writeFile } from 'node:fs/promises';
import { FingerprintError } from '../../../drivers/fingerprint/errors.ts';
import { fingerName, fingerPosition } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { FINGER_POSITIONS, type FingerPosition } from '../../../common/fingers.ts';
import { PACKET_SIZE_BYTES, type PacketSizeBytes } from '../../../drivers/fingerprint/r30x-acks.ts';
import type { R30xDriver } from '../../../drivers/fingerprint/r30x-driver.ts';
import { handleControl } from '../../../drivers/fingerprint/r30x-simulator-control.ts';
import { R30xSimulator } from '../../../drivers/fingerprint/r30x-simulator.ts';
import { type ByteTransport, TransportError } from '../../../drivers/transport/byte-transport.ts';
import { runSimulatorControl } from '../../../drivers/transport/simulator-control.ts';
import { SocatPtyLink } from '../../../drivers/transport/socat-pty-link.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { cp2110Transport, probeModule, withOpenDriver } from '../maintenance/fingerprint-probe.ts';
import { encodeFingerprintPng } from '../maintenance/fingerprint-png.ts';
import { intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand } from './cli-command.ts';

const SIMULATE_USAGE = 'simulate fingerprint --link PATH [--baud N] [--packet-size 32|64|128|256] [--seed S]';
const PROBE_USAGE = 'fingerprint probe --port PATH [--baud N] [--transport serial|hid]';
const CAPTURE_USAGE =
  'fingerprint capture --port PATH [--baud N] [--transport serial|hid] [--finger right-index] [--timeout MS] [--image OUT.png] [--image-file FILE.pgm] [--image-inline]';
/** 9600 × N; the simulator accepts N up to 255 (its register is a byte), a real R30x 1…12 (reference §1.1). */
const MIN_BAUD = 9600;
const MAX_BAUD = 9600 * 255;

const PORT_OPTIONS = { port: { type: 'string' }, baud: { type: 'string' }, transport: { type: 'string', default: 'serial' } } as const;

function baudOption(value: string | undefined): number {
  const baud = intOption(value, 'baud', 57_600, MIN_BAUD, MAX_BAUD);
  if (baud % 9600 !== 0) throw new CliError('usage', '--baud must be a multiple of 9600 (reference §1.1)');
  return baud;
}

/** The technician's port: a serial path, or a CP2110 bridge found by VID:PID. */
export async function openTransport(values: { port?: string; baud?: string; transport?: string | boolean }, usage: string): Promise<ByteTransport> {
  if (values.port === undefined || values.port === '') throw new CliError('usage', `--port is required; usage: kioskctl ${usage}`);
  const baudRate = baudOption(values.baud);
  if (values.transport === 'serial') return new SerialTransport({ path: values.port, baudRate });
  if (values.transport !== 'hid') throw new CliError('usage', '--transport must be serial or hid');
  const match = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(values.port);
  if (!match) throw new CliError('usage', 'with --transport hid, --port is VID:PID in hex, e.g. 10c4:ea80');
  return cp2110Transport(Number.parseInt(match[1]!, 16), Number.parseInt(match[2]!, 16), baudRate);
}

/** Runs `work` on an opened driver; typed driver and transport errors become CLI errors with their own codes. */
async function withDriver<T>(transport: ByteTransport, work: (driver: R30xDriver) => Promise<T>): Promise<T> {
  try {
    return await withOpenDriver(transport, work);
  } catch (error) {
    if (error instanceof FingerprintError || error instanceof TransportError) throw new CliError(error.code, error.message);
    throw error;
  }
}

export const simulateFingerprintCommand: CliCommand = {
  path: ['simulate', 'fingerprint'],
  usage: SIMULATE_USAGE,
  summary: 'Run a simulated R30x fingerprint module on a pty at PATH, driven by commands on stdin',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      { link: { type: 'string' }, baud: { type: 'string' }, 'packet-size': { type: 'string' }, seed: { type: 'string' } },
      SIMULATE_USAGE,
    );
    if (values.link === undefined || values.link === '') throw new CliError('usage', `--link is required; usage: kioskctl ${SIMULATE_USAGE}`);
    const baudRate = baudOption(values.baud);
    const packetSizeBytes = intOption(values['packet-size'], 'packet-size', 128, 32, 256) as PacketSizeBytes;
    if (!PACKET_SIZE_BYTES.includes(packetSizeBytes)) throw new CliError('usage', '--packet-size must be 32, 64, 128 or 256');
    let simulator: R30xSimulator;
    try {
      simulator = await R30xSimulator.start({ device: new SocatPtyLink({ path: values.link }), baudRate, packetSizeBytes, seed: values.seed });
    } catch (error) {
      throw new CliError('device', error instanceof Error ? error.message : String(error));
    }
    io.emit({ event: 'ready', link: values.link, baud: baudRate, packetSize: packetSizeBytes });
    await runSimulatorControl(simulator, (line) => handleControl(simulator, line), io.stdin, io.emit, io.stopped);
    return { event: 'stopped', link: values.link };
  },
};

export const fingerprintProbeCommand: CliCommand = {
  path: ['fingerprint', 'probe'],
  usage: PROBE_USAGE,
  summary: 'Check a fingerprint module answers (VfyPwd, ReadSysPara, HandShake) and print its parameters',
  async run(args) {
    const { values } = parseOptions(args, PORT_OPTIONS, PROBE_USAGE);
    const transport = await openTransport(values, PROBE_USAGE);
    return withDriver(transport, (driver) => probeModule(driver, transport));
  },
};

export const fingerprintCaptureCommand: CliCommand = {
  path: ['fingerprint', 'capture'],
  usage: CAPTURE_USAGE,
  summary: 'Capture one finger (GenImg + UpImage): the image size, and on request a PNG or PGM file or base64',
  async run(args) {
    const { values } = parseOptions(
      args,
      {
        ...PORT_OPTIONS,
        finger: { type: 'string', default: 'right-index' },
        timeout: { type: 'string' },
        image: { type: 'string' },
        'image-file': { type: 'string' },
        'image-inline': { type: 'boolean', default: false },
      },
      CAPTURE_USAGE,
    );
    const position = fingerPosition(values.finger as string);
    if (position === undefined) throw new CliError('usage', `--finger must be one of ${Object.keys(FINGER_POSITIONS).join(', ')} (or 1-10)`);
    const timeoutMs = intOption(values.timeout, 'timeout', 10_000, 0, 600_000);
    const imageFile = values['image-file'];
    const pngFile = values.image;
    if (pngFile === '') throw new CliError('usage', `--image needs a file name; usage: kioskctl ${CAPTURE_USAGE}`);
    const transport = await openTransport(values, CAPTURE_USAGE);
    const capture = await withDriver(transport, (driver) => driver.capture({ finger: position as FingerPosition, timeoutMs }));
    const { image } = capture;
    if (pngFile !== undefined) await writeFile(pngFile, encodeFingerprintPng(image, image.resolutionPpi));
    if (imageFile !== undefined) await writeFile(imageFile, portableGraymap(image.width, image.height, image.pixels));
    const wantImage = pngFile !== undefined || imageFile !== undefined || values['image-inline'];
    return {
      finger: fingerName(capture.finger),
      ...(capture.template && {
        template: { format: capture.template.format, bytes: capture.template.bytes.length, base64: Buffer.from(capture.template.bytes).toString('base64') },
      }),
      ...(wantImage && {
        image: {
          width: image.width,
          height: image.height,
          bytes: image.pixels.length,
          resolutionPpi: image.resolutionPpi,
          ...(pngFile !== undefined && { png: pngFile }),
          ...(imageFile !== undefined && { file: imageFile }),
          ...(values['image-inline'] && { base64: Buffer.from(image.pixels).toString('base64') }),
        },
      }),
    };
  },
};

/** Binary PGM (P5): the simplest file any image viewer opens, 8-bit gray, 0 = black. */
function portableGraymap(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const file = new Uint8Array(header.length + pixels.length);
  file.set(header);
  file.set(pixels, header.length);
  return file;
}

export const FINGERPRINT_COMMANDS: readonly CliCommand[] = [simulateFingerprintCommand, fingerprintProbeCommand, fingerprintCaptureCommand];
