/**
 * Master prints kept compactly, for a simulator that takes impressions of the
 * same fingers again and again: growing a master is the expensive part (tens
 * of milliseconds of iterative Gabor filtering), an impression is cheap.
 *
 * The store is exact: a master expanded from it is bit for bit the master
 * that was rendered. It holds, per pixel, a 2-bit code (off the finger,
 * ridge saturated at +1, valley saturated at −1, or in between) and only the
 * in-between values as 32-bit floats: growth clips most of the finger to ±1,
 * so an entry is about a fifth of the rendered master (pixels, field and
 * mask). The grey pixels and the mask are derived again on expansion.
 */
import { type MasterPrint } from './master-print.ts';

const OFF_FINGER = 0;
const RIDGE = 1;
const VALLEY = 2;
const BETWEEN = 3;

export interface StoredMaster {
  readonly master: Omit<MasterPrint, 'pixels' | 'field' | 'mask'>;
  /** Four 2-bit codes a byte, pixel i at bits 2·(i mod 4). */
  readonly codes: Uint8Array;
  readonly between: Float32Array;
  readonly bytes: number;
}

/** The compact form, or undefined when the master does not fit it (a field value off the finger). */
export function storeMaster(master: MasterPrint): StoredMaster | undefined {
  const { field, mask } = master;
  const codes = new Uint8Array(Math.ceil(field.length / 4));
  let betweenCount = 0;
  for (let i = 0; i < field.length; i++) if (mask[i] && field[i] !== 1 && field[i] !== -1) betweenCount++;
  const between = new Float32Array(betweenCount);
  for (let i = 0, j = 0; i < field.length; i++) {
    const v = field[i]!;
    let code: number;
    if (!mask[i]) {
      // Growth writes finger pixels only; anything else would not survive the round trip.
      if (v !== 0) return undefined;
      code = OFF_FINGER;
    } else if (v === 1) code = RIDGE;
    else if (v === -1) code = VALLEY;
    else {
      between[j++] = v;
      code = BETWEEN;
    }
    codes[i >> 2]! |= code << (2 * (i & 3));
  }
  const { pixels: _pixels, field: _field, mask: _mask, ...rest } = master;
  return { master: rest, codes, between, bytes: codes.byteLength + between.byteLength };
}

/** The ridge field alone (what an impression samples), as it was rendered: no grey pixels or mask to derive. */
export function expandField(stored: StoredMaster): Float32Array {
  const { width, height } = stored.master;
  const size = width * height;
  const field = new Float32Array(size);
  const { codes, between } = stored;
  for (let i = 0, j = 0; i < size; i++) {
    const code = (codes[i >> 2]! >> (2 * (i & 3))) & 3;
    if (code === OFF_FINGER) continue;
    field[i] = code === RIDGE ? 1 : code === VALLEY ? -1 : between[j++]!;
  }
  return field;
}

/** The master as it was rendered. */
export function expandMaster(stored: StoredMaster): MasterPrint {
  const { width, height } = stored.master;
  const size = width * height;
  const field = new Float32Array(size);
  const mask = new Uint8Array(size);
  const pixels = new Uint8Array(size).fill(255);
  const { codes, between } = stored;
  for (let i = 0, j = 0; i < size; i++) {
    const code = (codes[i >> 2]! >> (2 * (i & 3))) & 3;
    if (code === OFF_FINGER) continue;
    const v = code === RIDGE ? 1 : code === VALLEY ? -1 : between[j++]!;
    field[i] = v;
    mask[i] = 1;
    // As renderMasterPrint writes them.
    pixels[i] = Math.round(127.5 - 127.5 * v);
  }
  return { ...stored.master, pixels, field, mask };
}
