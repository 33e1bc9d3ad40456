/**
 * Ridge skeleton: the enhanced image's ridges (negative response) inside the
 * foreground, thinned by Guo–Hall, then made minimal 8-connected by deleting
 * the redundant "staircase" pixels thinning leaves on diagonals. On a
 * minimal skeleton every line pixel has exactly two neighbours, so the
 * crossing number and ridge tracing are unambiguous.
 */

/** Neighbour offsets clockwise from north: N, NE, E, SE, S, SW, W, NW. */
export function neighbourOffsets(width: number): Int32Array {
  return Int32Array.from([-width, -width + 1, 1, width + 1, width, width - 1, -1, -width - 1]);
}

/** Ridge pixels, with a one-pixel empty frame so neighbour reads never leave the image. */
export function binarise(enhanced: Float32Array, foreground: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      out[i] = foreground[i] === 1 && enhanced[i]! < 0 ? 1 : 0;
    }
  }
  return out;
}

export function thin(binary: Uint8Array, width: number): Uint8Array {
  const image = binary;
  const n = neighbourOffsets(width);
  let pixels: number[] = [];
  for (let i = 0; i < image.length; i++) if (image[i] === 1) pixels.push(i);
  const doomed: number[] = [];
  for (;;) {
    let changed = false;
    for (let pass = 0; pass < 2; pass++) {
      doomed.length = 0;
      for (const i of pixels) {
        if (image[i] === 0) continue;
        const p2 = image[i + n[0]!]!;
        const p3 = image[i + n[1]!]!;
        const p4 = image[i + n[2]!]!;
        const p5 = image[i + n[3]!]!;
        const p6 = image[i + n[4]!]!;
        const p7 = image[i + n[5]!]!;
        const p8 = image[i + n[6]!]!;
        const p9 = image[i + n[7]!]!;
        // Guo & Hall 1989 (algorithm A1): unlike Zhang–Suen it never erases a two-pixel-thick
        // diagonal ridge outright, which at 45° used to cut ridges and invent endings.
        const c = (+(p2 === 0) & (p3 | p4)) + (+(p4 === 0) & (p5 | p6)) + (+(p6 === 0) & (p7 | p8)) + (+(p8 === 0) & (p9 | p2));
        if (c !== 1) continue;
        const n8 = Math.min((p9 | p2) + (p3 | p4) + (p5 | p6) + (p7 | p8), (p2 | p3) + (p4 | p5) + (p6 | p7) + (p8 | p9));
        if (n8 < 2 || n8 > 3) continue;
        const m = pass === 0 ? (p6 | p7 | +(p9 === 0)) & p8 : (p2 | p3 | +(p5 === 0)) & p4;
        if (m === 0) doomed.push(i);
      }
      for (const i of doomed) image[i] = 0;
      if (doomed.length > 0) changed = true;
    }
    if (!changed) break;
    pixels = pixels.filter((i) => image[i] === 1);
  }
  removeStaircases(image, width, pixels);
  return image;
}

/**
 * Deletes pixels whose neighbours stay 8-connected without them (8-connectivity
 * number 1, Yokoi) and that are not line ends, in one raster pass.
 */
function removeStaircases(image: Uint8Array, width: number, pixels: readonly number[]): void {
  const n = neighbourOffsets(width);
  for (const i of pixels) {
    if (image[i] === 0) continue;
    // Counter-clockwise from east, as the Yokoi formula indexes them.
    const x1 = 1 - image[i + n[2]!]!;
    const x2 = 1 - image[i + n[1]!]!;
    const x3 = 1 - image[i + n[0]!]!;
    const x4 = 1 - image[i + n[7]!]!;
    const x5 = 1 - image[i + n[6]!]!;
    const x6 = 1 - image[i + n[5]!]!;
    const x7 = 1 - image[i + n[4]!]!;
    const x8 = 1 - image[i + n[3]!]!;
    const background = x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8;
    if (background > 6) continue;
    const connectivity = x1 - x1 * x2 * x3 + (x3 - x3 * x4 * x5) + (x5 - x5 * x6 * x7) + (x7 - x7 * x8 * x1);
    if (connectivity === 1) image[i] = 0;
  }
}

/** Half the number of 0↔1 changes around the 8-neighbourhood: 1 at a line end, 2 on a line, 3 at a fork. */
export function crossingNumber(image: Uint8Array, i: number, n: Int32Array): number {
  let changes = 0;
  let previous = image[i + n[7]!]!;
  for (let k = 0; k < 8; k++) {
    const v = image[i + n[k]!]!;
    if (v !== previous) changes++;
    previous = v;
  }
  return changes / 2;
}
