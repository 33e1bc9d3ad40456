/**
 * Synthetic fingerprint images: a master print per finger grown by iterative
 * Gabor filtering on the finger generator's flow, with ground-truth minutiae,
 * and impressions of it as a 500 ppi sensor would deliver them.
 */
import { generateFinger } from '../finger-generator.ts';
import { type FingerPosition } from '../../../common/fingers.ts';
import { type FingerprintImpression, type ImpressionSize, renderImpression } from './impression.ts';
import { type MasterPrint, renderMasterPrint } from './master-print.ts';
import { type FingerprintQuality } from './quality-profiles.ts';

export { MASTER_HEIGHT, MASTER_WIDTH, PERIOD_RANGE, masterOrientation } from './flow-field.ts';
export { type FingerprintImpression, IMPRESSION_SIZES, type ImpressionOptions, type ImpressionSize, renderImpression } from './impression.ts';
export { MASTER_BORDER_MARGIN_PX, type MasterPrint, renderMasterPrint } from './master-print.ts';
export { type ContactArea, type ImpressionTransform, impressionToMaster, masterToImpression } from './placement.ts';
export { FINGERPRINT_QUALITIES, type FingerprintQuality } from './quality-profiles.ts';

/** Masters are the expensive part; a simulator takes several impressions of the same few fingers. */
const MASTER_CACHE_SIZE = 16;
const masters = new Map<string, MasterPrint>();

/** The master print of a citizen's finger, from a small most-recently-used cache. */
export function masterPrint(citizenKey: string, position: FingerPosition): MasterPrint {
  const key = `${citizenKey}\u241f${position}`;
  let master = masters.get(key);
  if (master) {
    masters.delete(key);
  } else {
    master = renderMasterPrint(generateFinger(citizenKey, position));
    if (masters.size >= MASTER_CACHE_SIZE) masters.delete(masters.keys().next().value!);
  }
  masters.set(key, master);
  return master;
}

export function fingerImage(
  citizenKey: string,
  position: FingerPosition,
  impressionIndex: number,
  quality: FingerprintQuality,
  size: ImpressionSize,
): FingerprintImpression {
  return renderImpression(masterPrint(citizenKey, position), { index: impressionIndex, quality, size });
}
