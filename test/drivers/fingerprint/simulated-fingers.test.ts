import { describe, expect, it } from 'vitest';
import { citizenFingerKey, extractFeatures, findCitizen, maskRun, padToCharBuffer, simulatedPopulation } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { captureImpression, decodeFingerMinutiaeRecord, generateFinger } from '../../../synthetic/fingers/index.ts';

const population = simulatedPopulation();
const citizen = population.citizens[0]!;

describe('simulated fingers', () => {
  it('keys a finger by the RUN as <number>-<check digit>, and finds citizens by RUN as typed', () => {
    expect(citizenFingerKey(citizen)).toBe(`${citizen.run.number}-${citizen.run.checkDigit}`);
    for (const typed of [citizen.run.formatted, `${citizen.run.number}-${citizen.run.checkDigit}`, `${citizen.run.number}${citizen.run.checkDigit}`, String(citizen.run.number)]) {
      expect(findCitizen(population, typed)?.index).toBe(citizen.index);
    }
    expect(findCitizen(population, '1-9')).toBeUndefined();
    expect(maskRun('12.345.678-5')).toBe('12.345.***-5');
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
