/**
 * A captured fingerprint image (8-bit grey, row-major, 0 = black, base64 in
 * the contract) as the RGBA bytes a canvas takes. Null when the bytes do
 * not make a width × height image: nothing half-drawn.
 */
export function greyToRgba(pixelsBase64: string, width: number, height: number): Uint8ClampedArray<ArrayBuffer> | null {
  let binary: string;
  try {
    binary = atob(pixelsBase64);
  } catch {
    return null;
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || binary.length !== width * height) return null;
  const rgba = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  for (let i = 0; i < binary.length; i++) {
    const grey = binary.charCodeAt(i);
    rgba[i * 4] = grey;
    rgba[i * 4 + 1] = grey;
    rgba[i * 4 + 2] = grey;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
