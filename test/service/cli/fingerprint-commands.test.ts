/**
 * kioskctl's fingerprint commands, run the way a technician runs them: as
 * processes (`node electron/service/cli/kioskctl.ts …`). `simulate
 * fingerprint` puts the byte-level module on a pty link; `fingerprint probe`
 * and `fingerprint capture` talk to it through the real serial driver. JSON on
 * stdout, `{ error: { code, message } }` on stderr, exit codes. The line runs
 * at 921,600 baud to keep the suite quick. Every wait is bounded.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imageProbe } from '../../../central/domain/fingerprint-probe.ts';
import { enrolmentRecord } from '../../../central/storage/seed.ts';
import { fingerImages } from '../../../electron/service/session/finger-images.ts';
import { generatePopulation } from '../../../synthetic/citizens/index.ts';
import { citizenFingerKey, decodeFingerMinutiaeRecord, IMAGE_MATCH_THRESHOLD, matchRecords } from '../../../synthetic/fingers/index.ts';
import { BOUND_MS, exited, interactive, killIfRunning, run } from '../../support/kioskctl.ts';
const BAUD = '921600';
const [alice, bruno] = generatePopulation().citizens.filter((c) => c.scenario === 'ok');

/** The template the central sandbox holds for this finger: extracted from its enrolment image, made apart from the simulator. */
function enrolment(citizen: typeof alice, position: 2 | 7) {
  return decodeFingerMinutiaeRecord(enrolmentRecord(citizenFingerKey(citizen!.run), position).record);
}

describe('kioskctl simulate fingerprint + fingerprint probe / capture', { timeout: 6 * BOUND_MS }, () => {
  let dir: string;
  let link: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-cli-fingerprint-'));
    link = join(dir, 'fingerprint');
  });
  afterEach(async () => {
    await killIfRunning(child);
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the simulator and waits for it to be ready. */
  async function simulate() {
    const sim = interactive(['simulate', 'fingerprint', '--link', link, '--baud', BAUD]);
    child = sim.child;
    expect(await sim.read()).toEqual({ event: 'ready', link, baud: Number(BAUD), packetSize: 128 });
    return sim;
  }

  it('probes the simulated module and captures a placed finger whose image matches it at central and not another citizen’s', async () => {
    const sim = await simulate();
    expect(existsSync(link)).toBe(true);
    const probe = await run(['fingerprint', 'probe', '--port', link, '--baud', BAUD]);
    expect(probe).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(probe.stdout)).toMatchObject({
      driver: 'r30x-serial',
      transport: 'serial',
      libraryCapacity: 162,
      packetSizeBytes: 128,
      baudRate: Number(BAUD),
      handshake: true,
    });

    sim.send(`place ${alice!.run.formatted} right-index 85`);
    expect(await sim.read()).toEqual({
      ok: true,
      command: 'place',
      run: alice!.run.formatted.replace(/\d{3}-/, '***-'),
      finger: 'right-index',
      quality: 85,
      condition: 'good',
    });
    const captured = await run(['fingerprint', 'capture', '--port', link, '--baud', BAUD, '--timeout', '5000']);
    expect(captured).toMatchObject({ code: 0, stderr: '' });
    // The module's product is the image; without --image the answer says only which finger was asked for.
    expect(JSON.parse(captured.stdout)).toEqual({ finger: 'right-index' });

    const inline = await run(['fingerprint', 'capture', '--port', link, '--baud', BAUD, '--timeout', '5000', '--image-inline']);
    expect(inline).toMatchObject({ code: 0, stderr: '' });
    const { image } = JSON.parse(inline.stdout) as { image: { width: number; height: number; bytes: number; base64: string } };
    const pixels = new Uint8Array(Buffer.from(image.base64, 'base64'));
    expect(pixels.length).toBe(image.bytes);
    // What the session would send, and what central makes of it.
    const record = fingerImages.encode({ width: image.width, height: image.height, pixels, resolutionPpi: 500 }, 2, 90);
    const extracted = imageProbe(record, 2);
    const [same, other] = [enrolment(alice, 2), enrolment(bruno, 2)];
    if (!extracted.ok || !same.ok || !other.ok) throw new Error('records did not decode');
    expect(matchRecords(extracted.record, same.value).score).toBeGreaterThanOrEqual(IMAGE_MATCH_THRESHOLD);
    expect(matchRecords(extracted.record, other.value).score).toBeLessThan(IMAGE_MATCH_THRESHOLD);

    const pgm = join(dir, 'finger.pgm');
    const withImage = await run(['fingerprint', 'capture', '--port', link, '--baud', BAUD, '--finger', 'right-index', '--image-file', pgm]);
    expect(withImage.code).toBe(0);
    const imaged = JSON.parse(withImage.stdout) as { image: Record<string, unknown> };
    expect(imaged.image).toEqual({ width: 256, height: 288, bytes: 256 * 288, resolutionPpi: 500, file: pgm });
    expect(withImage.stdout.length).toBeLessThan(2000); // never the pixels inline unless asked
    const file = await readFile(pgm);
    expect(file.subarray(0, 15).toString('latin1')).toBe('P5\n256 288\n255\n');
    expect(file.length).toBe(15 + 256 * 288);

    sim.send('quit');
    expect(await sim.read()).toEqual({ ok: true, command: 'quit' });
    expect(await sim.read()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it('exits 1 with fingerprint.no_finger when nobody places a finger, and fingerprint.disconnected once unplugged', async () => {
    const sim = await simulate();
    const none = await run(['fingerprint', 'capture', '--port', link, '--baud', BAUD, '--timeout', '300']);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(none.stderr)).toEqual({ error: { code: 'fingerprint.no_finger', message: expect.any(String) } });

    sim.send('unplug');
    expect(await sim.read()).toEqual({ ok: true, command: 'unplug' });
    expect(existsSync(link)).toBe(false);
    const gone = await run(['fingerprint', 'probe', '--port', link, '--baud', BAUD]);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stderr)).toMatchObject({ error: { code: 'fingerprint.disconnected' } });
    sim.send('garbage 10');
    expect(await sim.read()).toMatchObject({ ok: false, error: { code: 'sim.not_connected' } });

    sim.send('replug');
    expect(await sim.read()).toEqual({ ok: true, command: 'replug' });
    expect((await run(['fingerprint', 'probe', '--port', link, '--baud', BAUD])).code).toBe(0);

    sim.child.kill('SIGTERM');
    expect(await sim.read()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it('stops and removes the link at the end of its input', async () => {
    const sim = await simulate();
    sim.child.stdin.end();
    expect(await sim.read()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });
});

describe('kioskctl fingerprint: usage and missing devices', { timeout: 3 * BOUND_MS }, () => {
  it('exits 2 with a usage error for a missing port, an unknown finger, a baud that is not 9600 × N, or a malformed VID:PID', async () => {
    for (const args of [
      ['fingerprint', 'probe'],
      ['fingerprint', 'capture', '--port', '/dev/null', '--finger', 'right-toe'],
      ['fingerprint', 'probe', '--port', '/dev/null', '--baud', '12345'],
      ['fingerprint', 'probe', '--port', '/dev/ttyUSB0', '--transport', 'hid'],
      ['fingerprint', 'probe', '--port', '/dev/ttyUSB0', '--transport', 'usb'],
      ['simulate', 'fingerprint'],
      ['simulate', 'fingerprint', '--link', '/tmp/x', '--packet-size', '100'],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage', message: expect.any(String) } });
    }
  });

  it('exits 1 naming the problem when the serial port or the HID bridge is not there', async () => {
    const serial = await run(['fingerprint', 'probe', '--port', '/nonexistent/ttyUSB9']);
    expect(serial.code).toBe(1);
    expect(JSON.parse(serial.stderr)).toMatchObject({ error: { code: 'fingerprint.disconnected', message: expect.stringContaining('/nonexistent/ttyUSB9') } });
    const hid = await run(['fingerprint', 'probe', '--port', 'ffff:fffe', '--transport', 'hid']);
    expect(hid.code).toBe(1);
    expect(JSON.parse(hid.stderr)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('is listed by kioskctl help', async () => {
    const { stdout } = await run(['help']);
    const commands = (JSON.parse(stdout) as { commands: { command: string }[] }).commands.map((c) => c.command);
    expect(commands).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kioskctl simulate fingerprint /),
        expect.stringMatching(/^kioskctl fingerprint probe /),
        expect.stringMatching(/^kioskctl fingerprint capture /),
      ]),
    );
  });
});
