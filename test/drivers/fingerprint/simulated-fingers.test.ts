import { describe, expect, it } from 'vitest';
import { citizenFinger, extractFeatures, padToCharBuffer } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { captureImpression, citizenFingerKey, decodeFingerMinutiaeRecord, generateFinger } from '../../../synthetic/fingers/index.ts';

describe('simulated fingers', () => {
  it('are the fingers synthetic/fingers generates from the citizen’s RUN, as the central sandbox generates them', () => {
    const citizen = defaultPopulation().citizens[0]!;
    expect(citizenFinger(citizen, 7)).toEqual(generateFinger(citizenFingerKey(citizen.run), 7));
    expect(citizenFinger(citizen, 7).citizenKey).toBe(`${citizen.run.number}-${citizen.run.checkDigit}`);
  });

  it('encodes the impression that once put a spurious minutia on the image border (regression)', () => {
    // Found by the driver benchmark: capture used to place this one at x = 256 on a 256-pixel-wide image.
    const impression = captureImpression(generateFinger('c-44', 2), { quality: 80, seed: 44 });
    const extraction = extractFeatures(impression, 2);
    if (!extraction.ok) throw new Error(`refused with ${extraction.confirmation}`);
    const record = decodeFingerMinutiaeRecord(extraction.record);
    expect(record.ok && record.value.views[0]!.minutiae.every((m) => m.x < 256 && m.y < 288)).toBe(true);
  });

  it('refuses a poor impression with 06 and fits every record in a 512-byte char buffer', () => {
    expect(extractFeatures(captureImpression(generateFinger('q', 2), { quality: 10, seed: 1 }), 2)).toEqual({ ok: false, confirmation: 0x06 });
    for (let k = 0; k < 200; k++) {
      const extraction = extractFeatures(captureImpression(generateFinger(`size-${k}`, 7), { quality: 20 + (k % 80), seed: k }), 0);
      if (extraction.ok) expect(padToCharBuffer(extraction.record)).toHaveLength(512);
    }
  });
});
