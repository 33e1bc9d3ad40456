/**
 * `kioskctl fingers export` and `kioskctl fingerprint compare`, run as
 * processes the way a technician runs them: PNG files on disk, JSON on
 * stdout, `{ error: { code, message, field? } }` on stderr, exit codes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFingerprintPng } from '../../../electron/service/maintenance/fingerprint-png.ts';
import { IMAGE_MATCH_THRESHOLD } from '../../../synthetic/fingers/index.ts';
import { BOUND_MS, cliError, json, kioskctl, removeTempDirs, tempDir } from './cli-support.ts';

afterAll(removeTempDirs);

interface Exported {
  out: string;
  fingers: number;
  impressions: number;
  files: { file: string; finger: string; impression: number; quality: string; width: number; height: number }[];
}

/** A Chilean RUN as digits and check digit, with or without dots: no file name or output may carry one. */
const RUN_PATTERN = /\d{1,2}\.?\d{3}\.?\d{3}-[\dkK]/;

describe('kioskctl fingers export', { timeout: 4 * BOUND_MS }, () => {
  it('writes N fingers × K grey 500 ppi PNG files named by population index and finger, the same for the same seed', async () => {
    const out = tempDir('kioskctl-fingers-');
    const exported = await kioskctl(['fingers', 'export', '--out', out, '--fingers', '2', '--impressions', '3', '--seed', 'test-a']);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).not.toMatch(RUN_PATTERN);
    const result = json(exported.stdout) as unknown as Exported;
    expect(result).toMatchObject({ out, fingers: 2, impressions: 3 });
    expect(result.files).toHaveLength(6);
    expect(readdirSync(out).sort()).toEqual(result.files.map((f) => f.file).sort());
    for (const entry of result.files) {
      expect(entry.file).toMatch(/^\d{1,4}-(right|left)-(thumb|index|middle|ring|little)_[0-2]\.png$/);
      expect(entry.file).toBe(`${entry.finger}_${entry.impression}.png`);
      expect(entry.quality === 'enrollment').toBe(entry.impression === 0);
      const bytes = readFileSync(join(out, entry.file));
      // IHDR: the size the listing gives, bit depth 8, colour type 0 (grey); then pHYs at 19,685 px/m.
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20), bytes[24], bytes[25]]).toEqual([entry.width, entry.height, 8, 0]);
      expect([bytes.subarray(37, 41).toString('latin1'), bytes.readUInt32BE(41), bytes.readUInt32BE(45), bytes[49]]).toEqual(['pHYs', 19_685, 19_685, 1]);
    }
    expect(new Set(result.files.map((f) => f.finger)).size).toBe(2);

    const again = tempDir('kioskctl-fingers-');
    const repeated = json(
      (await kioskctl(['fingers', 'export', '--out', again, '--fingers', '2', '--impressions', '3', '--seed', 'test-a'])).stdout,
    ) as unknown as Exported;
    expect(repeated.files.map((f) => f.file)).toEqual(result.files.map((f) => f.file));
    for (const { file } of result.files) expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    const other = json(
      (await kioskctl(['fingers', 'export', '--out', tempDir(), '--fingers', '2', '--impressions', '1', '--seed', 'test-b'])).stdout,
    ) as unknown as Exported;
    expect(other.files.map((f) => f.finger)).not.toEqual(result.files.filter((f) => f.impression === 0).map((f) => f.finger));
  });

  it('exits 2 without --out, or with a count out of range', async () => {
    for (const args of [
      ['fingers', 'export'],
      ['fingers', 'export', '--out', tempDir(), '--fingers', '0'],
      ['fingers', 'export', '--out', tempDir(), '--impressions', 'x'],
    ]) {
      const result = await kioskctl(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(cliError(result).code).toBe('usage');
    }
  });
});

describe('kioskctl fingerprint compare', { timeout: 4 * BOUND_MS }, () => {
  const out = tempDir('kioskctl-compare-');
  let exported: Exported | undefined;
  /** Two fingers, impression 0 as central enrols and six kiosk captures: every kiosk condition once. */
  async function prints(): Promise<Exported> {
    exported ??= json(
      (await kioskctl(['fingers', 'export', '--out', out, '--fingers', '2', '--impressions', '7', '--seed', 'compare'])).stdout,
    ) as unknown as Exported;
    return exported;
  }
  const file = (e: Exported, finger: number, quality: string) => {
    const id = [...new Set(e.files.map((f) => f.finger))][finger]!;
    return join(out, e.files.find((f) => f.finger === id && f.quality === quality)!.file);
  };

  it('matches a good kiosk capture with the same finger’s enrolment image, at the image threshold, and not with another finger’s', async () => {
    const e = await prints();
    const genuine = await kioskctl(['fingerprint', 'compare', file(e, 0, 'enrollment'), file(e, 0, 'good')]);
    expect(genuine).toMatchObject({ code: 0, stderr: '' });
    const same = json(genuine.stdout);
    expect(same).toEqual({
      score: expect.any(Number),
      threshold: IMAGE_MATCH_THRESHOLD,
      match: true,
      minutiae: [expect.any(Number), expect.any(Number)],
      quality: [expect.any(Number), expect.any(Number)],
    });
    expect(same.score as number).toBeGreaterThanOrEqual(IMAGE_MATCH_THRESHOLD);
    for (const n of [...(same.minutiae as number[]), ...(same.quality as number[])]) expect(n).toBeGreaterThan(0);

    const impostor = json((await kioskctl(['fingerprint', 'compare', file(e, 0, 'enrollment'), file(e, 1, 'good')])).stdout);
    expect(impostor).toMatchObject({ threshold: IMAGE_MATCH_THRESHOLD, match: false });
    expect(impostor.score as number).toBeLessThan(IMAGE_MATCH_THRESHOLD);
  });

  it('exits 1 with a typed error naming the file for what is not an 8-bit grey PNG of a finger, and 2 without two files', async () => {
    const e = await prints();
    const finger = file(e, 0, 'enrollment');
    const dir = tempDir('kioskctl-compare-bad-');
    const blank = join(dir, 'blank.png');
    writeFileSync(blank, encodeFingerprintPng({ width: 256, height: 288, pixels: new Uint8Array(256 * 288).fill(200) }));
    const noise = join(dir, 'noise.png');
    let state = 12_345;
    const random = () => (state = (state * 1_103_515_245 + 12_345) >>> 0) >>> 24;
    writeFileSync(noise, encodeFingerprintPng({ width: 256, height: 288, pixels: Uint8Array.from({ length: 256 * 288 }, random) }));
    const colour = join(dir, 'colour.png');
    writeFileSync(colour, PNG.sync.write(Object.assign(new PNG({ width: 256, height: 288 }), {})));
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, readFileSync(finger).subarray(0, 300));
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'not an image');

    const cases: [string[], string, string][] = [
      [[finger, blank], 'b', 'fingerprint.'],
      [[noise, finger], 'a', 'fingerprint.'],
      [[finger, colour], 'b', 'image.not_grey'],
      [[truncated, finger], 'a', 'image.corrupt'],
      [[finger, text], 'b', 'image.not_png'],
      [[join(dir, 'missing.png'), finger], 'a', 'image.unreadable'],
    ];
    for (const [files, field, code] of cases) {
      const result = await kioskctl(['fingerprint', 'compare', ...files]);
      expect(result, files.join(' ')).toMatchObject({ code: 1, stdout: '' });
      const error = cliError(result);
      expect(error.code.startsWith(code), `${files.join(' ')}: ${error.code}`).toBe(true);
      expect(error).toMatchObject({ field, message: expect.any(String) });
    }
    const one = await kioskctl(['fingerprint', 'compare', finger]);
    expect(one.code).toBe(2);
    expect(cliError(one).code).toBe('usage');
  });

  it('is listed by kioskctl help with fingers export', async () => {
    const commands = (json((await kioskctl(['help'])).stdout).commands as { command: string }[]).map((c) => c.command);
    expect(commands).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kioskctl fingers export --out DIR/),
        expect.stringMatching(/^kioskctl fingerprint compare A\.png B\.png/),
      ]),
    );
  });
});
