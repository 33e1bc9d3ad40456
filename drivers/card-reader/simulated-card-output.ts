/**
 * What a serial MRZ/QR reader sends when a synthetic citizen's card is
 * presented: shared by the in-process simulated reader and the byte-level
 * simulator, so both deliver exactly the same bytes.
 *
 * Wire shape (reference §2.3): each MRZ row, then the QR URL, terminated by
 * the configured line ending; optionally the whole scan wrapped in STX/ETX.
 * For `both`, the MRZ comes first and the QR right behind it in the same
 * burst, as a document reader that decodes the back of the card in one pass.
 */
import { createPrng, renderMrz, renderQrUrl, type Prng, type SyntheticCitizen } from '../../synthetic/citizens/index.ts';

export type CardFormat = 'mrz' | 'qr' | 'both';
export type CardNoise = 'none' | 'ocr';

export interface ReaderFraming {
  readonly lineEnding: '\r' | '\n' | '\r\n';
  /** Wrap each scan in STX … ETX (a common vendor option, §2.3). */
  readonly stxEtx: boolean;
}

export const DEFAULT_FRAMING: ReaderFraming = { lineEnding: '\r\n', stxEtx: false };

export const FRAMING_NAMES = {
  crlf: { lineEnding: '\r\n', stxEtx: false },
  cr: { lineEnding: '\r', stxEtx: false },
  lf: { lineEnding: '\n', stxEtx: false },
  'stx-etx': { lineEnding: '\r\n', stxEtx: true },
} as const satisfies Record<string, ReaderFraming>;
export type FramingName = keyof typeof FRAMING_NAMES;

/**
 * The synthetic population, for the kiosk service's dev.* commands: the
 * service may not import synthetic/, so it reaches it through this module.
 */
export { defaultPopulation as simulatedPopulation, findCitizen } from '../../synthetic/citizens/index.ts';

/**
 * OCR-B look-alikes, the same table the MRZ parser corrects against
 * (mrz-text.ts, from the `mrz` package). OCR noise swaps characters only for
 * their look-alike: that is what an MRZ OCR engine gets wrong, and what the
 * parser must either correct or refuse. QR text is never noised: a QR symbol
 * carries Reed–Solomon error correction, so a decoder delivers it exactly or
 * not at all.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  O: '0',
  I: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '8': 'B',
};

/** One to three look-alike swaps at seeded positions. */
export function ocrNoise(lines: readonly string[], prng: Prng): string[] {
  const rows = lines.map((line) => [...line]);
  const candidates = rows.flatMap((row, r) => row.flatMap((char, c) => (LOOK_ALIKES[char] ? [[r, c] as const] : [])));
  const swaps = Math.min(candidates.length, 1 + prng.below(3));
  for (let i = 0; i < swaps; i++) {
    const [r, c] = candidates.splice(prng.below(candidates.length), 1)[0]!;
    rows[r]![c] = LOOK_ALIKES[rows[r]![c]!]!;
  }
  return rows.map((row) => row.join(''));
}

export interface CardPresentation {
  readonly format: CardFormat;
  readonly noise?: CardNoise;
  /** Seeds the OCR noise, so a run of the simulator is repeatable. */
  readonly noiseSeed?: string;
  readonly framing?: ReaderFraming;
}

export function cardReaderText(citizen: SyntheticCitizen, presentation: CardPresentation): string {
  const framing = presentation.framing ?? DEFAULT_FRAMING;
  const mrz =
    presentation.noise === 'ocr' ? ocrNoise(renderMrz(citizen), createPrng(presentation.noiseSeed ?? String(citizen.run.number))) : renderMrz(citizen);
  const lines = [...(presentation.format === 'qr' ? [] : mrz), ...(presentation.format === 'mrz' ? [] : [renderQrUrl(citizen)])];
  return frameScan(lines, framing);
}

/** Lines as the reader frames one scan. */
export function frameScan(lines: readonly string[], framing: ReaderFraming = DEFAULT_FRAMING): string {
  const body = lines.map((line) => line + framing.lineEnding).join('');
  return framing.stxEtx ? `\x02${body}\x03` : body;
}

/** Noise as a reader at the wrong line speed, or a faulty cable, delivers it: any byte value. */
export function garbageBytes(count: number, prng: Prng): Uint8Array {
  return Uint8Array.from({ length: count }, () => prng.below(256));
}

/**
 * ISO-8859-1 bytes, one per character, the way the framer reads them back
 * (scan-framer.ts); a character beyond Latin-1 goes out as UTF-8, as a reader
 * set to UTF-8 would send it (and the parsers refuse what it decodes to).
 */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(
    Buffer.concat([...text].map((char) => (char.codePointAt(0)! <= 0xff ? Buffer.from([char.codePointAt(0)!]) : Buffer.from(char, 'utf8')))),
  );
}
