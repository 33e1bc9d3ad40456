/**
 * Receipt layout: pure functions from receipt data to a printer-independent
 * list of blocks (CONVENTIONS: "pure core"). escpos.ts turns a layout into
 * bytes; a future screen fallback or another printer language could read the
 * same blocks. Text is already wrapped here, so what a test sees is what the
 * paper shows.
 *
 * Geometry: 80 mm paper, 576 dots at 203 dpi, Font A 12 dots wide, so 48
 * columns at 1×; a character printed n× wide takes n columns (reference §4.1,
 * GS !).
 */
import { z } from 'zod';
import { maskRun as maskFormattedRun } from '../../common/run-mask.ts';
import { parseRun } from '../card-reader/run.ts';
import { isCp858Printable } from './code-pages.ts';
import { PrinterError } from './printer-errors.ts';
import { CHILE_TIME_ZONES, RECEIPT_TEXT, TEST_RECEIPT_TEXT, type ChileTimeZone, type ReceiptLanguage } from './receipt-text.ts';

export type { ReceiptLanguage } from './receipt-text.ts';

export const RECEIPT_COLUMNS = 48;

export type Align = 'left' | 'center' | 'right';
/** Character magnification, 1–8 each way (GS ! n). */
export interface TextSize {
  readonly width: number;
  readonly height: number;
}
export type QrErrorLevel = 'l' | 'm' | 'q' | 'h';

export type ReceiptBlock =
  | { readonly kind: 'text'; readonly lines: readonly string[]; readonly align: Align; readonly bold: boolean; readonly size: TextSize }
  | { readonly kind: 'rule' }
  | { readonly kind: 'feed'; readonly lines: number }
  | { readonly kind: 'qr'; readonly data: string; readonly align: Align; readonly moduleSize: number; readonly errorLevel: QrErrorLevel }
  | { readonly kind: 'cut'; readonly feedLines: number };

export interface ReceiptLayout {
  /** `unlock-procedure`: the lockout slip (unlock-slip.ts); `guidance`: what to do next after a failure (guidance-slip.ts). */
  readonly kind: 'activation' | 'test' | 'unlock-procedure' | 'guidance';
  readonly language: ReceiptLanguage;
  readonly columns: number;
  readonly blocks: readonly ReceiptBlock[];
}

const NORMAL: TextSize = { width: 1, height: 1 };
/** The cutter sits above the print head: feed the last line past it before cutting (reference §4.1, GS V). */
export const CUT_FEED_LINES = 4;

/**
 * Text as the printer will print it: NFC, accents kept where CP858 has the
 * letter, dropped where only the base letter exists (ő → o), anything else
 * `?`. Control characters become spaces, which also means no field can smuggle
 * an ESC or GS command into the byte stream.
 */
export function toPrintable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isCp858Printable(char)) out += char;
    else if (/[\s\p{Cc}\p{Cf}]/u.test(char)) out += ' ';
    else {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length > 0 && [...base].every(isCp858Printable) ? base : '?';
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/**
 * Greedy word wrap to `width` columns. Words are never split, except a single
 * word longer than a whole line (a long URL), which has no other way onto the
 * paper. Continuation lines start with `indent` (hanging indent for "1. …").
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const hang = indent.length * 2 < width ? indent : '';
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word.length === 0) continue;
    if (line.length > 0 && line.length + 1 + word.length <= width) {
      line += ` ${word}`;
      continue;
    }
    if (line.length > 0) lines.push(line);
    // A word that fits a line but not after the indent loses the indent rather than being split.
    line = lines.length > 0 && hang.length + word.length <= width ? hang + word : word;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = hang + line.slice(width);
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** `k7qm 2xhp-9rta` → `K7QM-2XHP-9RTA`: groups of four read aloud and typed back more reliably than a run of twelve. */
export function groupActivationCode(code: string, groupSize = 4): string {
  const clean = code.toUpperCase().replace(/[\s-]/g, '');
  return clean.match(new RegExp(`.{1,${groupSize}}`, 'g'))?.join('-') ?? '';
}

/**
 * `15.234.871-1` (or `15234871-1`) → `15.234.***-1`: common/run-mask.ts's maskRun, for a
 * RUN as typed, checked first. Throws `printer.invalid_receipt` (without the
 * RUN in the message) when the text is not a valid RUN, so a receipt never
 * prints something that only looks like one.
 */
export function maskRun(run: string): string {
  const parsed = parseRun(run);
  if (!parsed) throw new PrinterError('printer.invalid_receipt', 'layout', 'maskRun: not a valid RUN');
  return maskFormattedRun(parsed.formatted);
}

const MASKED_RUN = /^(?:\d{1,3}(?:\.\d{3})*\.)?\*{3}-[0-9K]$/;
const ActivationReceiptInputSchema = z.object({
  activationCode: z
    .string()
    .transform((c) => c.toUpperCase().replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[A-Z0-9]{4,32}$/)),
  expiresAt: z.date().refine((d) => !Number.isNaN(d.getTime())),
  runMasked: z.string().regex(MASKED_RUN, 'runMasked must be masked, e.g. 12.345.***-5'),
  // Printable ASCII only: the QR payload is sent as bytes (reference §4.2, "keep them ASCII").
  activationUrl: z
    .string()
    .max(300)
    .regex(/^https:\/\/[\x21-\x7e]+$/),
  kioskId: z.string().min(1).max(64),
  office: z.string().min(1).max(120),
  transactionRef: z.string().min(1).max(64),
  printedAt: z.date().refine((d) => !Number.isNaN(d.getTime())),
  language: z.enum(['es-CL', 'en', 'ht']),
  /** IANA zone the expiry is shown in; the kiosk's own (Chile has three). */
  timeZone: z.string().default('America/Santiago'),
});
export type ActivationReceiptInput = z.input<typeof ActivationReceiptInputSchema>;

/** `2025-11-21 12:34:56 UTC`: the traceability timestamp is always UTC (ARCHITECTURE.md, security rules). */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Building an Intl.DateTimeFormat costs most of a layout's time; kiosks use one zone, so keep it. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the kiosk's zone, worded in the receipt's language ("21 de noviembre de 2026, 16:50"). */
export function formatLocal(date: Date, timeZone: string, language: ReceiptLanguage): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    let format = zoneFormats.get(timeZone);
    if (!format) {
      const options = { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
      format = new Intl.DateTimeFormat('en-US', options);
      if (zoneFormats.size < 8) zoneFormats.set(timeZone, format);
    }
    parts = format.formatToParts(date);
  } catch (cause) {
    throw new PrinterError('printer.invalid_receipt', 'layout', `unknown time zone ${timeZone}`, { cause });
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const text = RECEIPT_TEXT[language];
  const month = text.months[Number(part('month')) - 1] ?? part('month');
  return text.dateFormat(Number(part('day')), month, Number(part('year')), `${part('hour')}:${part('minute')}`);
}

const isChileZone = (zone: string): zone is ChileTimeZone => (CHILE_TIME_ZONES as readonly string[]).includes(zone);

/**
 * The name of the zone a receipt time is in: Chile's own zones from the
 * receipt's texts; any other (a kiosk abroad, a test) as ICU names it, or as
 * its UTC offset in Haitian Creole, which ICU has no names for.
 */
export function zoneName(timeZone: string, language: ReceiptLanguage, at: Date): string {
  if (isChileZone(timeZone)) return RECEIPT_TEXT[language].zoneNames[timeZone];
  const style = language === 'ht' ? 'shortOffset' : 'longGeneric';
  const parts = new Intl.DateTimeFormat(language === 'ht' ? 'en' : language, { timeZone, timeZoneName: style }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

export const text = (lines: readonly string[], align: Align = 'left', bold = false, size: TextSize = NORMAL): ReceiptBlock => ({
  kind: 'text',
  lines,
  align,
  bold,
  size,
});

/** The largest magnification (3× or 2×) at which the grouped code fits one line; else 2×, wrapped after a hyphen. */
function codeBlock(grouped: string, columns: number): ReceiptBlock {
  for (const n of [3, 2]) {
    if (grouped.length * n <= columns) return text([grouped], 'center', true, { width: n, height: n });
  }
  const lines = wrapText(grouped.replace(/-/g, '- '), Math.floor(columns / 2)).map((l) => l.replace(/- /g, '-'));
  return text(lines, 'center', true, { width: 2, height: 2 });
}

/** The Civil Digital receipt: everything a citizen needs to activate later, and nothing that identifies them in full. */
export function activationReceipt(input: ActivationReceiptInput): ReceiptLayout {
  const parsed = ActivationReceiptInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new PrinterError('printer.invalid_receipt', 'layout', `invalid field(s): ${fields}`);
  }
  const r = parsed.data;
  const t = RECEIPT_TEXT[r.language];
  const w = RECEIPT_COLUMNS;
  const url = r.activationUrl.replace(/^https:\/\//, '').replace(/\/$/, '');
  const wrap = (s: string, indent = '') => wrapText(toPrintable(s), w, indent);
  const blocks: ReceiptBlock[] = [
    text([toPrintable(t.brand)], 'center', true, { width: 2, height: 2 }),
    text(wrap(t.title), 'center', true),
    { kind: 'rule' },
    text([`${t.runLabel}: ${r.runMasked}`]),
    { kind: 'feed', lines: 1 },
    codeBlock(groupActivationCode(r.activationCode), w),
    // The zone on a line of its own, so its name is never broken across two.
    text(
      [...wrap(`${t.validUntil}:`), ...wrap(formatLocal(r.expiresAt, r.timeZone, r.language)), ...wrap(`(${zoneName(r.timeZone, r.language, r.expiresAt)})`)],
      'center',
    ),
    { kind: 'rule' },
    text(wrap(t.howTitle), 'left', true),
    text(t.steps.flatMap((step) => wrap(step.replace('{url}', url), '   '))),
    { kind: 'feed', lines: 1 },
    text(wrap(t.scan), 'center'),
    { kind: 'qr', data: r.activationUrl, align: 'center', moduleSize: 6, errorLevel: 'm' },
    text([...wrap(t.personal), ...wrap(t.lost)]),
    { kind: 'rule' },
    text([
      ...wrap(`${t.kiosk}: ${r.kioskId}`),
      ...wrap(`${t.office}: ${r.office}`),
      ...wrap(`${t.transaction}: ${r.transactionRef}`),
      ...wrap(`${t.printed}: ${formatUtc(r.printedAt)}`),
    ]),
    { kind: 'cut', feedLines: CUT_FEED_LINES },
  ];
  return { kind: 'activation', language: r.language, columns: w, blocks };
}

/** A technician's test page: every character Spanish needs, each size, each alignment, a ruler and a QR. */
export function testReceipt(input: { kioskId: string; printedAt: Date }): ReceiptLayout {
  const t = TEST_RECEIPT_TEXT;
  const w = RECEIPT_COLUMNS;
  const ruler = Array.from({ length: w }, (_, i) => String((i + 1) % 10)).join('');
  const blocks: ReceiptBlock[] = [
    text([t.title], 'center', true, { width: 2, height: 2 }),
    text([t.subtitle], 'center'),
    { kind: 'rule' },
    text([t.characters], 'left', true),
    text(wrapText(t.charset, w)),
    text([t.sizes], 'left', true),
    text(['Aa 1x1']),
    text(['Aa 2x2'], 'left', false, { width: 2, height: 2 }),
    text(['Aa 3x3'], 'left', false, { width: 3, height: 3 }),
    text([t.bold], 'left', true),
    text([t.alignment], 'left', true),
    text([t.left]),
    text([t.centre], 'center'),
    text([t.right], 'right'),
    text([t.ruler], 'left', true),
    text([ruler]),
    text([t.qr], 'center'),
    { kind: 'qr', data: `PRINTER-TEST:${input.kioskId}`.replace(/[^\x21-\x7e]/g, '?').slice(0, 120), align: 'center', moduleSize: 4, errorLevel: 'm' },
    text(wrapText(t.ok, w)),
    { kind: 'rule' },
    text([...wrapText(toPrintable(`${t.kiosk}: ${input.kioskId}`), w), `${t.printed}: ${formatUtc(input.printedAt)}`]),
    { kind: 'cut', feedLines: CUT_FEED_LINES },
  ];
  return { kind: 'test', language: 'es-CL', columns: w, blocks };
}
