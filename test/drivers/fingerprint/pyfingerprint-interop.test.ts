/**
 * An independent host against the byte-level simulator: pyfingerprint (the
 * Python library most R30x/ZFM projects use, on pyserial and Pillow) opens
 * the pty at the module's 57,600 baud, verifies the password, reads the
 * system parameters, waits for a finger with GenImg and downloads the image
 * with UpImage into a PNG. The picture it saves must be the simulator's
 * ridge impression after the wire's 4-bit packing, pixel for pixel — so the
 * simulator's framing, checksums, packet sizes and nibble order agree with
 * code we did not write.
 *
 * pyfingerprint is on PyPI only, which this project's machines cannot reach
 * (npm and Debian only), so the test runs where a developer has it:
 * PYFINGERPRINT_PATH names a directory holding the `pyfingerprint` package
 * (a checkout's `src/files`), with Debian's python3-serial and python3-pil.
 * Without them it is skipped and says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PacketSizeBytes } from '../../../drivers/fingerprint/r30x-acks.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { BOUND_MS, quantised, type SimulatorOnPty, simulatorOnPty } from '../../support/r30x-pty-rig.ts';

const PYTHON = '/usr/bin/python3';
const [alice] = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');

/** The environment pyfingerprint runs in, or why it cannot. */
function pythonEnvironment(): { env: NodeJS.ProcessEnv } | { missing: string } {
  const path = process.env.PYFINGERPRINT_PATH;
  if (path === undefined || path === '') return { missing: 'PYFINGERPRINT_PATH is not set' };
  const env = { ...process.env, PYTHONPATH: path, PYTHONDONTWRITEBYTECODE: '1' };
  const probe = spawnSync(PYTHON, ['-c', 'import serial, PIL; from pyfingerprint.pyfingerprint import PyFingerprint'], {
    env,
    cwd: tmpdir(),
    encoding: 'utf8',
  });
  if (probe.error) return { missing: `${PYTHON}: ${probe.error.message}` };
  if (probe.status !== 0) return { missing: probe.stderr.trim().split('\n').at(-1) ?? 'import failed' };
  return { env };
}

/** The host side, in pyfingerprint's own calls; one JSON line out. */
const HOST_SCRIPT = `
import json, sys
from pyfingerprint.pyfingerprint import PyFingerprint
port, out = sys.argv[1], sys.argv[2]
f = PyFingerprint(port, 57600, 0xFFFFFFFF, 0x00000000)
if not f.verifyPassword():
    raise SystemExit('password refused')
parameters = f.getSystemParameters()
tries = 0
while not f.readImage():
    tries += 1
    if tries > 50:
        raise SystemExit('no finger')
f.downloadImage(out)
print(json.dumps({'capacity': parameters[2], 'securityLevel': parameters[3], 'packetSizeCode': parameters[5], 'baudMultiplier': parameters[6]}))
`;

const python = pythonEnvironment();
if ('missing' in python) console.warn(`pyfingerprint interoperability skipped: ${python.missing}`);

let rig: SimulatorOnPty | undefined;
let dir: string | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.skipIf('missing' in python)('pyfingerprint against the byte-level simulator on a pty', { timeout: 4 * BOUND_MS }, () => {
  it.each([32, 128, 256])('downloads the placed finger’s ridge image, pixel for pixel, at packet size %i', async (packetSize) => {
    rig = await simulatorOnPty({ moduleBaud: 57_600, strictLineSpeed: true, packetSizeBytes: packetSize as PacketSizeBytes });
    expect(await rig.control(`place ${alice!.run.formatted} right-index good`)).toMatchObject({ ok: true });
    dir = mkdtempSync(join(tmpdir(), 'pyfingerprint-'));
    const out = join(dir, 'finger.png');
    // Asynchronous: the simulator answers on this process's event loop while Python waits on the pty.
    const host = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(PYTHON, ['-c', HOST_SCRIPT, rig!.pair.a, out], { env: (python as { env: NodeJS.ProcessEnv }).env, cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS * 3);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    expect(host.code, host.stderr).toBe(0);
    const sizeCodes: Record<number, number> = { 32: 0, 64: 1, 128: 2, 256: 3 };
    expect(JSON.parse(host.stdout)).toEqual({ capacity: 162, securityLevel: 3, packetSizeCode: sizeCodes[packetSize], baudMultiplier: 6 });

    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([256, 288]);
    // pngjs gives RGBA whatever the file's colour type: the gray level is any one channel.
    const gray = new Uint8Array(png.width * png.height).map((_, i) => png.data[i * 4]!);
    expect(gray).toEqual(quantised(rig.simulator.module.imagePixels()!));
    expect(rig.simulator.module.imagesUploaded).toBe(1);
  });
});
