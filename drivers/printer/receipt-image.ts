/**
 * A decoded job drawn as the paper would look: 576 dots wide (80 mm at
 * 203 dpi), Font A cells of 12×24 dots, magnified by GS ! and thickened by
 * ESC E, aligned by ESC a; QR codes drawn from their stored data with the
 * `qrcode` package at the module size the job asked for. Monochrome, like
 * thermal paper. Returns PNG bytes; the simulated printer writes them.
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { glyph, GLYPH_COLUMNS, GLYPH_ROWS } from './bitmap-font.ts';
import type { DecodedJob, PrintedItem, TextSegment } from './escpos-decoder.ts';

export const PAPER_WIDTH_DOTS = 576;
/** Cell sizes of the two ESC/POS fonts on 80 mm printers, and how the 5×11 glyph is scaled into them. */
const FONTS = {
  A: { width: 12, height: 24, scaleX: 2, scaleY: 2, offsetX: 1, offsetY: 1 },
  B: { width: 9, height: 17, scaleX: 1, scaleY: 1, offsetX: 2, offsetY: 3 },
} as const;
/** ESC 2 default line spacing is about 1/6 inch; 30 dots keeps 24-dot text readable with a small gap. */
const LINE_GAP = 6;
const MARGIN_TOP = 16;
const MARGIN_BOTTOM = 32;
/** A runaway job must not allocate without bound; what is below is cut off (and the transcript still has it). */
const MAX_HEIGHT = 40_000;

interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly ink: Uint8Array;
}

function fill(canvas: Canvas, x: number, y: number, w: number, h: number, value: 0 | 1): void {
  for (let yy = Math.max(0, y); yy < Math.min(canvas.height, y + h); yy++) {
    canvas.ink.fill(value, yy * canvas.width + Math.max(0, x), yy * canvas.width + Math.min(canvas.width, x + w));
  }
}

function segmentWidth(s: TextSegment): number {
  return [...s.text].length * FONTS[s.font].width * s.width;
}

function lineHeight(item: PrintedItem): number {
  if (item.kind === 'note') return 0;
  if (item.kind === 'qr') return qrMatrix(item.data, item.errorLevel).size * item.moduleSize + LINE_GAP;
  const tallest = Math.max(FONTS.A.height, ...item.segments.map((s) => FONTS[s.font].height * s.height));
  return tallest + LINE_GAP;
}

const qrCache = new Map<string, { size: number; get: (row: number, col: number) => number }>();
/** The symbol a printer would build from the stored data; a payload QR cannot hold becomes an empty 21-module square. */
function qrMatrix(data: string, level: 'L' | 'M' | 'Q' | 'H'): { size: number; get: (row: number, col: number) => number } {
  const key = `${level}:${data}`;
  let matrix = qrCache.get(key);
  if (!matrix) {
    try {
      const { modules } = QRCode.create(data.length > 0 ? data : ' ', { errorCorrectionLevel: level });
      matrix = { size: modules.size, get: (r, c) => modules.get(r, c) };
    } catch {
      matrix = { size: 21, get: (r, c) => (r === 0 || c === 0 || r === 20 || c === 20 ? 1 : 0) };
    }
    if (qrCache.size > 64) qrCache.clear();
    qrCache.set(key, matrix);
  }
  return matrix;
}

function drawText(canvas: Canvas, item: Extract<PrintedItem, { kind: 'text' }>, top: number, height: number): void {
  const total = item.segments.reduce((sum, s) => sum + segmentWidth(s), 0);
  let x = item.align === 'center' ? Math.floor((canvas.width - total) / 2) : item.align === 'right' ? canvas.width - total : 0;
  for (const s of item.segments) {
    const font = FONTS[s.font];
    const cellW = font.width * s.width;
    const cellH = font.height * s.height;
    const baseline = top + height - LINE_GAP - cellH; // characters of different heights share a bottom line
    const px = font.scaleX * s.width;
    const py = font.scaleY * s.height;
    for (const char of s.text) {
      if (s.invert) fill(canvas, x, baseline, cellW, cellH, 1);
      const rows = glyph(char);
      for (let r = 0; r < GLYPH_ROWS; r++) {
        for (let c = 0; c < GLYPH_COLUMNS; c++) {
          if (((rows[r] ?? 0) >> (GLYPH_COLUMNS - 1 - c)) & 1) {
            // Emphasis is a second strike one dot to the right, as thermal printers do it.
            const gx = x + font.offsetX * s.width + c * px;
            fill(canvas, gx, baseline + font.offsetY * s.height + r * py, px + (s.bold ? s.width : 0), py, s.invert ? 0 : 1);
          }
        }
      }
      if (s.underline) fill(canvas, x, baseline + cellH - s.height, cellW, s.height, 1);
      x += cellW;
    }
  }
}

function drawQr(canvas: Canvas, item: Extract<PrintedItem, { kind: 'qr' }>, top: number): void {
  const matrix = qrMatrix(item.data, item.errorLevel);
  const size = matrix.size * item.moduleSize;
  const left = item.align === 'center' ? Math.floor((canvas.width - size) / 2) : item.align === 'right' ? canvas.width - size : 0;
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size; c++) {
      if (matrix.get(r, c)) fill(canvas, left + c * item.moduleSize, top + r * item.moduleSize, item.moduleSize, item.moduleSize, 1);
    }
  }
}

/** PNG bytes of the job as printed. */
export function renderJob(job: DecodedJob): Buffer {
  const heights = job.items.map(lineHeight);
  const contentHeight = heights.reduce((a, b) => a + b, 0);
  const height = Math.min(MAX_HEIGHT, MARGIN_TOP + contentHeight + MARGIN_BOTTOM);
  const canvas: Canvas = { width: PAPER_WIDTH_DOTS, height, ink: new Uint8Array(PAPER_WIDTH_DOTS * height) };
  let y = MARGIN_TOP;
  job.items.forEach((item, i) => {
    const h = heights[i]!;
    if (y + h > height) return;
    if (item.kind === 'text') drawText(canvas, item, y, h);
    else if (item.kind === 'qr') drawQr(canvas, item, y);
    y += h;
  });
  if (job.cut) for (let x = 0; x < canvas.width; x += 16) fill(canvas, x, height - 4, 8, 2, 1); // where the cutter went through
  const png = new PNG({ width: canvas.width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(canvas.ink.map((ink) => (ink ? 0 : 255)));
  // 8-bit grey in and out; no row filters and default compression: pngjs's adaptive filtering at level 9
  // costs ten times as much for a file that is barely smaller on a mostly white receipt.
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType: 0, deflateLevel: 6 });
}
