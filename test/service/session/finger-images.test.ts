/**
 * The kiosk's look at a captured image before anything reaches central: the
 * local quality check (biometrics/ quality + guidance) turns a poor image
 * into a guidance outcome that costs a capture attempt and calls no one; a
 * good image becomes an ISO/IEC 19794-4 record with the finger position and
 * quality in its view header.
 */
import { describe, expect, it } from 'vitest';
import { decodeFingerImageRecord } from '../../../biometrics/fingerprint/iso-19794-4.ts';
import { pngjsGreyCodec } from '../../../biometrics/fingerprint/pngjs-codec.ts';
import { R30X_IMAGE, packImage4bpp, unpackImage4bpp } from '../../../drivers/fingerprint/r30x-image.ts';
import { ridgeImpressionImage } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { fingerImages, KIOSK_MIN_QUALITY } from '../../../electron/service/session/finger-images.ts';
import { GUIDANCE_ERRORS } from '../../../electron/service/session/session-machine.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { citizenFingerKey, fingerImage } from '../../../synthetic/fingers/index.ts';
import { drive, TO_FINGER } from './machine-support.ts';

const eligible = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
const [alice] = eligible;

/** Twenty renderings and quality analyses: a bound on a hang, not a speed requirement. */
const HANG_MS = 60_000;

/** What the simulated reader delivers for a placement: the ridge impression at the R30x's 4 bits a pixel. */
function simulatedCapture(n: number, condition: 'good' | 'fair' | 'poor' | 'dry' | 'wet') {
  const rendered = ridgeImpressionImage(eligible[400 + n]!, ((n % 10) + 1) as 1, 7 + n, condition);
  const quantised = unpackImage4bpp(packImage4bpp(rendered), R30X_IMAGE);
  if (!quantised.ok) throw quantised.error;
  return { ...quantised.value, resolutionPpi: rendered.resolutionPpi };
}
const good = (() => {
  const { width, height, pixels } = fingerImage(citizenFingerKey(alice!.run), 7, 3, 'good', '256x288');
  return { width, height, pixels: pixels.map((v) => (v >> 4) * 17), resolutionPpi: 500 };
})();

describe('finger images: judged on the kiosk, sent as ISO/IEC 19794-4', () => {
  it('a good R30x-quantised ridge image is ok and encodes to a 19794-4 PNG record that decodes with its finger position, quality and pixels', () => {
    const assessment = fingerImages.assess(good);
    expect(assessment.guidance).toBe('ok');
    const record = decodeFingerImageRecord(fingerImages.encode(good, 7, assessment.score), { png: pngjsGreyCodec });
    if (!record.ok) throw record.error;
    expect(record.value).toMatchObject({ compression: 5, pixelDepth: 8, imageResolutionX: 500 });
    expect(record.value.views).toHaveLength(1);
    expect(record.value.views[0]).toMatchObject({ fingerPosition: 7, quality: assessment.score, width: 256, height: 288 });
    expect(record.value.views[0]!.pixels).toEqual(good.pixels);
  });

  it('a faint image (the ridges barely there) and an empty sensor get guidance, not ok', () => {
    const faint = { ...good, pixels: good.pixels.map((v) => 230 + Math.round((v / 255) * 12)) };
    expect(fingerImages.assess(faint).guidance).not.toBe('ok');
    expect(fingerImages.assess({ ...good, pixels: new Uint8Array(good.pixels.length).fill(240) })).toMatchObject({
      score: 0,
      guidance: expect.not.stringMatching(/^ok$/),
    });
  });

  // The calibration behind KIOSK_MIN_QUALITY (finger-images.ts), on fingers other than the ones it was measured on.
  it(
    'refuses every poor, dry and wet synthetic capture and sends every good and fair one',
    () => {
      for (let n = 0; n < 4; n++) {
        for (const condition of ['good', 'fair'] as const) {
          const assessment = fingerImages.assess(simulatedCapture(n, condition));
          expect(assessment, `${condition} #${n}`).toMatchObject({ guidance: 'ok' });
          expect(assessment.score).toBeGreaterThanOrEqual(KIOSK_MIN_QUALITY);
        }
        expect(fingerImages.assess(simulatedCapture(n, 'poor')).guidance, `poor #${n}`).not.toBe('ok');
        expect(fingerImages.assess(simulatedCapture(n, 'dry')).guidance, `dry #${n}`).toBe('too_dry');
        expect(fingerImages.assess(simulatedCapture(n, 'wet')).guidance, `wet #${n}`).toBe('too_wet');
      }
    },
    HANG_MS,
  );

  it('a guidance outcome asks for the finger again with its own message, counts as a capture, and calls no one', () => {
    const { state, effects } = drive('civil-digital', [...TO_FINGER, { type: 'finger.unusable', op: -1, guidance: 'too_light' }]);
    expect(state).toMatchObject({ step: 'finger', error: GUIDANCE_ERRORS.too_light, captureFailures: 1 });
    expect(GUIDANCE_ERRORS.too_light).toBe('session.finger_too_light');
    expect(effects.map((e) => e.type)).not.toContain('verify');
    expect(effects.at(-1)).toMatchObject({ type: 'capture-finger' });
  });
});
