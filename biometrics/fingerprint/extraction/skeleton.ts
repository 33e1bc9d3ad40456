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

/**
 * The 8-neighbourhood as a byte, clockwise from north: bit 0 N, 1 NE, 2 E,
 * 3 SE, 4 S, 5 SW, 6 W, 7 NW. Every thinning and staircase decision is a
 * function of this byte alone, so each is a table lookup.
 */
function neighbourhood(image: Uint8Array, i: number, width: number): number {
  return (
    image[i - width]! |
    (image[i - width + 1]! << 1) |
    (image[i + 1]! << 2) |
    (image[i + width + 1]! << 3) |
    (image[i + width]! << 4) |
    (image[i + width - 1]! << 5) |
    (image[i - 1]! << 6) |
    (image[i - width - 1]! << 7)
  );
}

/** Guo–Hall deletions: entry pass × 256 + neighbourhood is 1 where the pixel goes in that sub-iteration. */
const GUO_HALL = new Uint8Array(512);
/** Staircase deletions: 1 where the neighbours stay 8-connected without the pixel and it is not a line end. */
const STAIRCASE = new Uint8Array(256);
for (let code = 0; code < 256; code++) {
  const bit = (k: number): number => (code >> k) & 1;
  const [p2, p3, p4, p5, p6, p7, p8, p9] = [bit(0), bit(1), bit(2), bit(3), bit(4), bit(5), bit(6), bit(7)];
  // Guo & Hall 1989 (algorithm A1): unlike Zhang–Suen it never erases a two-pixel-thick
  // diagonal ridge outright, which at 45° used to cut ridges and invent endings.
  const c = (+(p2 === 0) & (p3 | p4)) + (+(p4 === 0) & (p5 | p6)) + (+(p6 === 0) & (p7 | p8)) + (+(p8 === 0) & (p9 | p2));
  const n8 = Math.min((p9 | p2) + (p3 | p4) + (p5 | p6) + (p7 | p8), (p2 | p3) + (p4 | p5) + (p6 | p7) + (p8 | p9));
  if (c === 1 && n8 >= 2 && n8 <= 3) {
    if (((p6 | p7 | +(p9 === 0)) & p8) === 0) GUO_HALL[code] = 1;
    if (((p2 | p3 | +(p5 === 0)) & p4) === 0) GUO_HALL[256 + code] = 1;
  }
  // Yokoi's 8-connectivity number, on the background (x = 1 − pixel), counter-clockwise from east.
  const [x1, x2, x3, x4, x5, x6, x7, x8] = [1 - p4, 1 - p3, 1 - p2, 1 - p9, 1 - p8, 1 - p7, 1 - p6, 1 - p5];
  const background = x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8;
  const connectivity = x1 - x1 * x2 * x3 + (x3 - x3 * x4 * x5) + (x5 - x5 * x6 * x7) + (x7 - x7 * x8 * x1);
  if (background <= 6 && connectivity === 1) STAIRCASE[code] = 1;
}

/** Thins a 0/1 ridge image with an empty frame (binarise's output) in place. */
export function thin(binary: Uint8Array, width: number): Uint8Array {
  const image = binary;
  let count = 0;
  for (let i = 0; i < image.length; i++) count += image[i]!;
  // Ridge pixels still set, in raster order; the list shrinks in place as they go.
  const pixels = new Int32Array(count);
  for (let i = 0, k = 0; i < image.length; i++) if (image[i] === 1) pixels[k++] = i;
  const doomed = new Int32Array(count);
  for (;;) {
    let changed = false;
    for (let pass = 0; pass < 2; pass++) {
      const table = pass * 256;
      let found = 0;
      // Branch-free: whether a pixel goes is a coin toss to the branch predictor.
      for (let k = 0; k < count; k++) {
        const i = pixels[k]!;
        doomed[found] = i;
        found += GUO_HALL[table + neighbourhood(image, i, width)]! & image[i]!;
      }
      for (let k = 0; k < found; k++) image[doomed[k]!] = 0;
      if (found > 0) changed = true;
    }
    if (!changed) break;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const i = pixels[k]!;
      pixels[kept] = i;
      kept += image[i]!;
    }
    count = kept;
  }
  removeStaircases(image, width, pixels.subarray(0, count));
  return image;
}

/**
 * Deletes pixels whose neighbours stay 8-connected without them (8-connectivity
 * number 1, Yokoi) and that are not line ends, in one raster pass.
 */
function removeStaircases(image: Uint8Array, width: number, pixels: Int32Array): void {
  for (const i of pixels) {
    if (image[i] === 0) continue;
    if (STAIRCASE[neighbourhood(image, i, width)] === 1) image[i] = 0;
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
