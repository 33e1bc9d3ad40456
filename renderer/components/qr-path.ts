import { create } from 'qrcode';

/** ISO/IEC 18004 §9.1: a quiet zone of four modules around the symbol, which phone cameras need to find it. */
export const QR_QUIET_ZONE = 4;

export interface QrPath {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  /** One SVG path drawing every dark module as a 1×1 square. */
  readonly d: string;
}

/**
 * The QR symbol for `text` as an SVG path. Only the encoder of the `qrcode`
 * package is used (pure JavaScript, no canvas, no data: URI), so the result
 * is inline SVG that the renderer's CSP (img-src 'self') allows. Level M
 * recovers from 15 % damage: enough for a photo of a screen.
 */
export function qrPath(text: string): QrPath {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  let d = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) d += `M${col} ${row}h1v1h-1z`;
    }
  }
  return { size: modules.size, d };
}
