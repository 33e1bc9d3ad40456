/**
 * Synthetic fingerprint images: a master print per finger grown by iterative
 * Gabor filtering on the finger generator's flow, with ground-truth minutiae,
 * and impressions of it as a 500 ppi sensor would deliver them.
 */
import { generateFinger } from '../finger-generator.ts';
import { type FingerPosition } from '../../../common/fingers.ts';
import { type FingerprintImpression, type ImpressionSize, type ImpressionSource, renderImpression } from './impression.ts';
import { type MasterPrint, renderMasterPrint } from './master-print.ts';
import { expandField, expandMaster, type StoredMaster, storeMaster } from './master-store.ts';
import { type FingerprintQuality } from './quality-profiles.ts';

export { MASTER_HEIGHT, MASTER_WIDTH, PERIOD_RANGE, masterOrientation } from './flow-field.ts';
export { type FingerprintImpression, IMPRESSION_SIZES, type ImpressionOptions, type ImpressionSize, renderImpression } from './impression.ts';
export { MASTER_BORDER_MARGIN_PX, type MasterPrint, renderMasterPrint } from './master-print.ts';
export { type ContactArea, type ImpressionTransform, impressionToMaster, masterToImpression } from './placement.ts';
export { FINGERPRINT_QUALITIES, type FingerprintQuality } from './quality-profiles.ts';

/**
 * Masters are the expensive part; a simulator takes impressions of the same
 * fingers again and again. 200 fingers: a kiosk benchmark's or soak's
 * warm-up of 200 sessions fills it, and it does not grow after. Stored
 * compactly (master-store.ts), about 0.2 MiB a finger, so about 43 MiB full.
 */
export const MASTER_CACHE_SIZE = 200;
const masters = new Map<string, StoredMaster | MasterPrint>();

/** The master print of a citizen's finger, from a most-recently-used cache (exact: the same bits as a fresh render). */
export function masterPrint(citizenKey: string, position: FingerPosition): MasterPrint {
  const cached = cachedMaster(citizenKey, position);
  return 'codes' in cached ? expandMaster(cached) : cached;
}

/** The master's ridge field and ground truth, for an impression: from the cache without deriving the grey picture. */
function impressionSource(citizenKey: string, position: FingerPosition): ImpressionSource {
  const cached = cachedMaster(citizenKey, position);
  return 'codes' in cached ? { ...cached.master, field: expandField(cached) } : cached;
}

function cachedMaster(citizenKey: string, position: FingerPosition): StoredMaster | MasterPrint {
  const key = `${citizenKey}\u241f${position}`;
  const stored = masters.get(key);
  if (stored !== undefined) {
    masters.delete(key);
    masters.set(key, stored);
    return stored;
  }
  const master = renderMasterPrint(generateFinger(citizenKey, position));
  if (masters.size >= MASTER_CACHE_SIZE) masters.delete(masters.keys().next().value!);
  masters.set(key, storeMaster(master) ?? master);
  return master;
}

/** What the master cache holds: entries and bytes of pixel data (the Map and small objects aside). */
export function masterCacheFootprint(): { readonly entries: number; readonly bytes: number } {
  let bytes = 0;
  for (const entry of masters.values()) bytes += 'codes' in entry ? entry.bytes : entry.field.byteLength + entry.pixels.byteLength + entry.mask.byteLength;
  return { entries: masters.size, bytes };
}

export function fingerImage(
  citizenKey: string,
  position: FingerPosition,
  impressionIndex: number,
  quality: FingerprintQuality,
  size: ImpressionSize,
): FingerprintImpression {
  return renderImpression(impressionSource(citizenKey, position), { index: impressionIndex, quality, size });
}
