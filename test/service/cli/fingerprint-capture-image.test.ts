/**
 * `kioskctl fingerprint capture --image OUT.png` against the byte-level R30x
 * simulator on a socat pty (`kioskctl simulate fingerprint`), through the
 * real serial driver (GenImg + UpImage): the uploaded image is saved as a
 * 500 ppi grey PNG, and `kioskctl fingerprint compare` finds it is the placed
 * citizen's finger as central enrols it, and not another citizen's. The line
 * runs at 921,600 baud to keep the test quick. Every wait is bounded.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeFingerprintPng, encodeFingerprintPng } from '../../../electron/service/maintenance/fingerprint-png.ts';
import { generatePopulation } from '../../../synthetic/citizens/index.ts';
import { citizenFingerKey, fingerImage } from '../../../synthetic/fingers/index.ts';
import { BOUND_MS, exited, interactive, killIfRunning, run } from '../../support/kioskctl.ts';

const BAUD = '921600';
const [alice, bruno] = generatePopulation().citizens.filter((c) => c.scenario === 'ok');
/** As central/storage/seed.ts enrols the registry. */
const enrolmentImage = (citizen: typeof alice) => fingerImage(citizenFingerKey(citizen!.run), 2, 1_000_000, 'enrollment', '400x500');

describe('kioskctl fingerprint capture --image', { timeout: 4 * BOUND_MS }, () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-cli-capture-image-'));
  });
  afterEach(async () => {
    await killIfRunning(child);
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the uploaded image as a 500 ppi grey PNG that compares as the placed citizen’s finger, not another’s', async () => {
    const link = join(dir, 'fingerprint');
    const sim = interactive(['simulate', 'fingerprint', '--link', link, '--baud', BAUD]);
    child = sim.child;
    expect(await sim.read()).toMatchObject({ event: 'ready', link });
    sim.send(`place ${alice!.run.formatted} right-index 85`);
    expect(await sim.read()).toMatchObject({ ok: true, command: 'place', finger: 'right-index' });

    const png = join(dir, 'captured.png');
    const captured = await run(['fingerprint', 'capture', '--port', link, '--baud', BAUD, '--timeout', '5000', '--image', png]);
    expect(captured).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(captured.stdout) as { finger: string; image: Record<string, unknown> };
    expect(result.finger).toBe('right-index');
    expect(result.image).toEqual({ width: 256, height: 288, bytes: 256 * 288, resolutionPpi: 500, png });
    expect(captured.stdout.length).toBeLessThan(2000); // the pixels go to the file, not the JSON
    const image = decodeFingerprintPng(new Uint8Array(await readFile(png)));
    expect([image.width, image.height, Math.round(image.resolutionPpi!)]).toEqual([256, 288, 500]);

    const same = join(dir, 'alice-enrolment.png');
    const other = join(dir, 'bruno-enrolment.png');
    await writeFile(same, encodeFingerprintPng(enrolmentImage(alice)));
    await writeFile(other, encodeFingerprintPng(enrolmentImage(bruno)));
    const genuine = await run(['fingerprint', 'compare', png, same]);
    expect(genuine).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(genuine.stdout)).toMatchObject({ match: true });
    const impostor = await run(['fingerprint', 'compare', png, other]);
    expect(JSON.parse(impostor.stdout)).toMatchObject({ match: false });

    sim.send('quit');
    expect(await sim.read()).toEqual({ ok: true, command: 'quit' });
    expect(await sim.read()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
  });

  it('exits 2 when --image has no file name, before opening the port', async () => {
    const result = await run(['fingerprint', 'capture', '--port', join(dir, 'nothing-here'), '--image']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage' } });
  });
});
