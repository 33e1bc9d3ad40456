/**
 * central/domain/fingerprint-probe.ts: whatever bytes a kiosk sends as a
 * finger image record, the probe is minutiae or a typed refusal
 * (image_malformed / image_unusable with a reason); never an exception.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { GUIDANCE_REASONS } from '../../../biometrics/fingerprint/guidance.ts';
import { DomainError } from '../../../central/domain/errors.ts';
import { imageProbe, MIN_PROBE_MINUTIAE } from '../../../central/domain/fingerprint-probe.ts';
import { captureImage, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

const citizen = citizenWith('ok', 60);
const valid = captureImage(citizen, 2, 'property');
const validPng = captureImage(citizen, 2, 'property-png', 'good', 'png');

function expectTyped(bytes: Uint8Array, finger = 2): void {
  const probe = imageProbe(bytes, finger);
  if (probe.ok) {
    expect(probe.record.views).toHaveLength(1);
    expect(probe.record.views[0]!.minutiae.length).toBeGreaterThanOrEqual(MIN_PROBE_MINUTIAE);
    return;
  }
  expect(probe.error).toBeInstanceOf(DomainError);
  expect(['image_malformed', 'image_unusable']).toContain(probe.error.code);
  expect(typeof probe.error.extensions.reason).toBe('string');
  if (probe.error.code === 'image_unusable') expect(GUIDANCE_REASONS).toContain(probe.error.extensions.reason);
}

describe('the image probe', () => {
  it('gives minutiae for a kiosk image of a finger', () => {
    expect(imageProbe(valid, 2).ok).toBe(true);
    expect(imageProbe(validPng, 2).ok).toBe(true);
  });

  it('gives a typed refusal for any bytes at all', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => expectTyped(bytes)),
      { numRuns: 500 },
    );
  });

  it('gives minutiae or a typed refusal for a record with header bytes changed', () => {
    // Offsets 0–45: the general header and the view header, where every field is checked.
    fc.assert(
      fc.property(
        fc.constantFrom(valid, validPng),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (record, changes) => {
          const bytes = record.slice();
          for (const [at, value] of changes) bytes[at] = value;
          expectTyped(bytes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives a typed refusal for a truncated or extended record', () => {
    fc.assert(
      fc.property(fc.constantFrom(valid, validPng), fc.integer({ min: 0, max: 2000 }), fc.boolean(), (record, n, cut) => {
        const bytes = cut ? record.subarray(0, Math.max(0, record.length - 1 - n)) : Uint8Array.from([...record, ...new Uint8Array(n + 1)]);
        const probe = imageProbe(bytes, 2);
        expect(probe.ok).toBe(false);
        if (!probe.ok) expect(probe.error.code).toBe('image_malformed');
      }),
      { numRuns: 100 },
    );
  });
});
