/**
 * The technician's fingerprint bench: synthetic prints exported as PNG files
 * (to try a viewer, another extractor, a real central), and two PNG prints
 * compared the way central compares (biometrics/ extraction, then the
 * sandbox's matcher at its image threshold). The synthetic people and the
 * matcher load by import(): the production service never carries them
 * (ARCHITECTURE.md, import rules).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extractMinutiae, minutiaeRecord } from '../../../biometrics/fingerprint/extraction/index.ts';
import { decodeFingerprintPng, encodeFingerprintPng } from './fingerprint-png.ts';
import { MaintenanceError, message, technicalDetail } from './maintenance-error.ts';

const loadLab = () => import('../../../drivers/fingerprint/simulated-finger-lab.ts');

export interface FingerExportOptions {
  readonly out: string;
  readonly fingers: number;
  readonly impressions: number;
  readonly seed: string;
}

export interface ExportedImpression {
  readonly file: string;
  readonly finger: string;
  readonly impression: number;
  readonly quality: string;
  readonly width: number;
  readonly height: number;
}

/**
 * `fingers` synthetic fingers × `impressions` PNG files in `out`, named
 * `<citizen index>-<finger name>_<k>.png` (never a RUN). Impression 0 is
 * what central's registry enrols; the others are kiosk captures in varied
 * conditions. Deterministic from `seed`.
 */
export async function exportSyntheticFingers(options: FingerExportOptions) {
  const { labFingers } = await loadLab();
  try {
    await mkdir(options.out, { recursive: true });
  } catch (error) {
    throw new MaintenanceError('image.write_failed', message('technicalDetail', { detail: technicalDetail(error) }), { field: 'out', cause: error });
  }
  const files: ExportedImpression[] = [];
  for (const finger of labFingers(options.fingers, options.seed)) {
    for (let k = 0; k < options.impressions; k++) {
      const { quality, width, height, pixels } = finger.impression(k);
      const file = `${finger.id}_${k}.png`;
      try {
        await writeFile(join(options.out, file), encodeFingerprintPng({ width, height, pixels }));
      } catch (error) {
        throw new MaintenanceError('image.write_failed', message('technicalDetail', { detail: technicalDetail(error) }), { field: 'out', cause: error });
      }
      files.push({ file, finger: finger.id, impression: k, quality, width, height });
    }
  }
  return { out: options.out, fingers: options.fingers, impressions: options.impressions, files };
}

/** One print's minutiae record and quality, or a typed error naming the print (`field`). */
function extractPrint(bytes: Uint8Array, field: string) {
  const image = decodeFingerprintPng(bytes, field);
  const extraction = extractMinutiae(image);
  if (!extraction.ok) {
    const { code, message: detail, guidance } = extraction.error;
    throw new MaintenanceError(code, message('technicalDetail', { detail: `${detail} (guidance: ${guidance.reason})` }), { field });
  }
  // Position 0 (unknown): a file does not say which finger it is, and the matcher ignores it.
  return { record: minutiaeRecord(extraction.value, { fingerPosition: 0 }), minutiae: extraction.value.minutiae.length, quality: extraction.value.quality };
}

async function readPrint(path: string, field: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new MaintenanceError('image.unreadable', message('technicalDetail', { detail: technicalDetail(error) }), { field, cause: error });
  }
}

export interface FingerprintComparison {
  readonly score: number;
  readonly threshold: number;
  readonly match: boolean;
  readonly minutiae: readonly [number, number];
  readonly quality: readonly [number, number];
}

/** Two PNG prints compared as central compares a capture with the registry. */
export async function compareFingerprintPngs(pathA: string, pathB: string): Promise<FingerprintComparison> {
  const a = extractPrint(await readPrint(pathA, 'a'), 'a');
  const b = extractPrint(await readPrint(pathB, 'b'), 'b');
  const { sandboxScore, IMAGE_MATCH_THRESHOLD } = await loadLab();
  const score = sandboxScore(a.record, b.record);
  return {
    score: Math.round(score * 100) / 100,
    threshold: IMAGE_MATCH_THRESHOLD,
    match: score >= IMAGE_MATCH_THRESHOLD,
    minutiae: [a.minutiae, b.minutiae],
    quality: [a.quality, b.quality],
  };
}
