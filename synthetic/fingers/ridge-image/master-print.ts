/**
 * A finger's master print: the whole fingertip's ridge pattern as if inked
 * and rolled perfectly, from which every impression is taken, with its
 * ground-truth minutiae. Deterministic per (citizen key, finger position):
 * the flow (pattern class, cores, deltas) is the finger generator's, the
 * ridges are grown from seeds keyed by the same pair.
 */
import { type Finger } from '../finger-generator.ts';
import { type Minutia } from '../minutia.ts';
import { seededRandom } from '../random.ts';
import { buildFlowField, FRAME_OFFSET, MASTER_HEIGHT, MASTER_WIDTH, masterOrientation, refineFlowField, silhouetteMargin } from './flow-field.ts';
import { detectMinutiae } from './ground-truth.ts';
import { growRidges, SEED_SPACING } from './growth.ts';

/** Ground truth leaves out minutiae this close to the finger's outline, where an extractor sees only the edge. */
export const MASTER_BORDER_MARGIN_PX = 16;

export interface MasterPrint {
  readonly finger: Finger;
  readonly width: number;
  readonly height: number;
  /** 8-bit grayscale, ridges dark (0) on light (255), row-major; 255 off the finger. */
  readonly pixels: Uint8Array;
  /** Ridge field in [−1, 1] (> 0 on ridges), row-major; impressions resample it. */
  readonly field: Float32Array;
  /** 1 on the finger, 0 off it. */
  readonly mask: Uint8Array;
  /** Ground-truth minutiae, in master pixels, ISO angle convention. */
  readonly minutiae: readonly Minutia[];
  /** Where the generator's 256 × 288 frame (cores, deltas) sits on the master. */
  readonly frameOffset: { readonly x: number; readonly y: number };
}

export function renderMasterPrint(finger: Finger): MasterPrint {
  const random = seededRandom('ridge-seeds', finger.citizenKey, finger.position);
  const coarse = buildFlowField(finger, 0.5);
  const flow = refineFlowField(coarse);
  const { field } = growRidges(coarse, flow, finger.pattern === 'arch' ? SEED_SPACING.arch : SEED_SPACING.withSingularities, random);
  const width = MASTER_WIDTH;
  const height = MASTER_HEIGHT;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let i = 0; i < pixels.length; i++) if (flow.mask[i]) pixels[i] = Math.round(127.5 - 127.5 * field[i]!);
  const minutiae = detectMinutiae(field, width, height, {
    orientationAt: (x, y) => masterOrientation(finger, x, y),
    inside: (x, y) => silhouetteMargin(x, y) >= MASTER_BORDER_MARGIN_PX,
  });
  return { finger, width, height, pixels, field, mask: flow.mask, minutiae, frameOffset: FRAME_OFFSET };
}
