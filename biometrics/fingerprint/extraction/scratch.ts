/**
 * Scratch buffers the extraction reuses from one image to the next: images
 * with a zero frame around them (the Gabor filter's padded input, the
 * summed-area table, the chamfer distances), which a fresh allocation would
 * have to zero and the collector free for every image. Each buffer has a name
 * (one use in the pipeline) and is kept for the last SIZES_KEPT image sizes
 * asked for under that name, so what is kept is bounded (about 1.6 MB at
 * 256 × 288) and does not grow with the number of images.
 *
 * A buffer is its caller's only until the same name is asked for again: no
 * function may keep one past its own return or hand one out in a result.
 * Buffers are keyed by the image's width and height, not only their length,
 * so a caller may rely on parts it never writes (the zero frame) staying as a
 * fresh buffer of that shape had them.
 */
type Buffer = Float32Array | Float64Array | Int32Array | Uint8Array;

const SIZES_KEPT = 2;
const kept = new Map<string, Map<string, Buffer>>();

export function scratch<T extends Buffer>(name: string, width: number, height: number, make: () => T): T {
  let bySize = kept.get(name);
  if (bySize === undefined) {
    bySize = new Map();
    kept.set(name, bySize);
  }
  const size = `${width}x${height}`;
  const found = bySize.get(size);
  if (found !== undefined) {
    // Most recently used last, so the size evicted is the one unused longest.
    bySize.delete(size);
    bySize.set(size, found);
    return found as T;
  }
  const made = make();
  if (bySize.size >= SIZES_KEPT) bySize.delete(bySize.keys().next().value!);
  bySize.set(size, made);
  return made;
}

/** Bytes held, for tests and benchmarks. */
export function scratchBytes(): number {
  let bytes = 0;
  for (const bySize of kept.values()) for (const buffer of bySize.values()) bytes += buffer.byteLength;
  return bytes;
}
