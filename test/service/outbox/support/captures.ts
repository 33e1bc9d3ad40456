/**
 * What the session has in hand for a deferred enrollment: the 19794-4 record
 * of a synthetic citizen's right index, made the way the kiosk makes it (the
 * simulated reader's ridge impression, the session's FingerImages). No vitest
 * import: the benchmark and the kill -9 harness use it too.
 *
 * Rendering and judging one image costs a few hundred milliseconds (growing
 * the finger's master print, then the quality analysis); the crash writer and
 * the benchmark draw on a pool made once, so their rows stay as cheap as the
 * outbox's own work and a kill lands in the seal → insert → commit loop.
 */
import { ridgeImpressionImage } from '../../../../drivers/fingerprint/simulated-fingers.ts';
import { fingerImages } from '../../../../electron/service/session/finger-images.ts';
import type { SyntheticCitizen } from '../../../../synthetic/index.ts';

const RIGHT_INDEX = 2;

/** Standard base64 of the record the kiosk seals (DeferredEnrollmentBundle.fingerImage). */
export function deferredCapture(citizen: SyntheticCitizen, impressionIndex: number): string {
  const image = ridgeImpressionImage(citizen, RIGHT_INDEX, impressionIndex, 'good');
  const assessment = fingerImages.assess(image);
  // The session would ask for the finger again; a pool must not hold what it would refuse.
  if (assessment.guidance !== 'ok') throw new Error(`synthetic capture refused locally: ${assessment.guidance}`);
  return Buffer.from(fingerImages.encode(image, RIGHT_INDEX, assessment.score)).toString('base64');
}
