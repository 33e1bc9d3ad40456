/**
 * The synthetic fingerprint world as a technician's tools reach it
 * (`kioskctl fingers export`, `kioskctl fingerprint compare`): rendered ridge
 * images of the default population's fingers, and the central sandbox's
 * matcher (synthetic/fingers/matcher.ts) at its image threshold. Named a
 * simulator file because it is one of the few places allowed to import
 * synthetic/; the kiosk service reaches it only by import(), so a production
 * kiosk never loads synthetic people or the sandbox's matcher.
 */
import { defaultPopulation } from '../../synthetic/citizens/index.ts';
import {
  citizenFingerKey,
  fingerImage,
  type FingerMinutiaeRecord,
  type FingerprintQuality,
  FINGERPRINT_QUALITIES,
  IMAGE_MATCH_THRESHOLD,
  type ImpressionSize,
  matchRecords,
  seededRandom,
} from '../../synthetic/fingers/index.ts';
import type { FingerName, FingerPosition } from '../../common/fingers.ts';
import { fingerName } from './fingerprint-reader.ts';

export { IMAGE_MATCH_THRESHOLD };

/** As central's registry enrols (central/storage/seed.ts): an 'enrollment' impression, 400 × 500. */
export const ENROLMENT_SIZE: ImpressionSize = '400x500';
/** What an R30x-family sensor delivers. */
export const SENSOR_SIZE: ImpressionSize = '256x288';
/** Every condition a kiosk capture may come out in: all but the registry's own. */
const KIOSK_CONDITIONS = FINGERPRINT_QUALITIES.filter((q) => q !== 'enrollment');

export interface LabFinger {
  /** `<index in the default population>-<finger name>`: names a finger without its owner's RUN. */
  readonly id: string;
  readonly citizenIndex: number;
  readonly finger: FingerName;
  readonly position: FingerPosition;
  /** Impression k: 0 is 'enrollment' at the registry's size; the others go round the kiosk conditions from a seeded start, at the sensor's size. */
  impression(k: number): { readonly quality: FingerprintQuality; readonly width: number; readonly height: number; readonly pixels: Uint8Array };
}

/**
 * `count` distinct fingers of the default population, chosen by `seed`
 * (the same seed gives the same fingers and the same impressions).
 */
export function labFingers(count: number, seed: string): LabFinger[] {
  const citizens = defaultPopulation().citizens;
  const random = seededRandom('finger-lab', seed);
  const impressionBase = random.int(1_000_000);
  const chosen = new Set<string>();
  const fingers: LabFinger[] = [];
  while (fingers.length < Math.min(count, citizens.length * 10)) {
    const citizenIndex = random.int(citizens.length);
    const position = (1 + random.int(10)) as FingerPosition;
    const name = fingerName(position);
    const id = `${citizenIndex}-${name}`;
    if (chosen.has(id)) continue;
    chosen.add(id);
    const key = citizenFingerKey(citizens[citizenIndex]!.run);
    const firstCondition = seededRandom('finger-lab-conditions', seed, id).int(KIOSK_CONDITIONS.length);
    fingers.push({
      id,
      citizenIndex,
      finger: name,
      position,
      impression(k) {
        const quality = k === 0 ? 'enrollment' : KIOSK_CONDITIONS[(firstCondition + k - 1) % KIOSK_CONDITIONS.length]!;
        const { width, height, pixels } = fingerImage(key, position, impressionBase + k, quality, k === 0 ? ENROLMENT_SIZE : SENSOR_SIZE);
        return { quality, width, height, pixels };
      },
    });
  }
  return fingers;
}

/** The sandbox matcher's score for two one-view minutiae records, each scaled by its own resolution. */
export function sandboxScore(a: FingerMinutiaeRecord, b: FingerMinutiaeRecord): number {
  return matchRecords(a, b).score;
}
