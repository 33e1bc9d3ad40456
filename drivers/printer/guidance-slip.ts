/**
 * Guidance slips: a short printed "what to do now" for a citizen the kiosk
 * could not serve, so the way out does not depend on remembering a screen.
 * One layout for every topic (a title, paragraphs, the kiosk's traceability
 * lines), and the words per topic and language here, beside the receipt's
 * (receipt-text.ts: drivers cannot import the renderer's catalogues). A topic
 * is added by adding its text; nothing on the slip identifies the citizen.
 */
import { z } from 'zod';
import { PrinterError } from './printer-errors.ts';
import { CUT_FEED_LINES, formatUtc, RECEIPT_COLUMNS, type ReceiptBlock, type ReceiptLayout, text, toPrintable, wrapText } from './receipt-layout.ts';
import { RECEIPT_TEXT, type ReceiptLanguage } from './receipt-text.ts';

export const GUIDANCE_TOPICS = ['finger_unreadable'] as const;
export type GuidanceTopic = (typeof GUIDANCE_TOPICS)[number];

export interface GuidanceText {
  readonly title: string;
  /** Paragraphs, each wrapped on its own; "Label: text" paragraphs print the label in bold. */
  readonly paragraphs: readonly string[];
}

/** In the "tú" register, like the screens. Public addresses only; no phone numbers that could go stale. */
export const GUIDANCE_TEXT: Readonly<Record<ReceiptLanguage, Readonly<Record<GuidanceTopic, GuidanceText>>>> = {
  'es-CL': {
    finger_unreadable: {
      title: 'Obtén tu ClaveÚnica en persona',
      paragraphs: [
        'No pudimos leer tu huella en este tótem. Puedes obtener tu ClaveÚnica en persona, sin huella: un funcionario verificará tu identidad.',
        'Dónde: en una oficina del Registro Civil o en un punto de atención ChileAtiende.',
        'Qué llevar: tu cédula de identidad vigente.',
        'Busca la oficina más cercana en registrocivil.cl o chileatiende.gob.cl.',
      ],
    },
  },
  en: {
    finger_unreadable: {
      title: 'Get your ClaveÚnica in person',
      paragraphs: [
        'We could not read your fingerprint at this kiosk. You can get your ClaveÚnica in person, without a fingerprint: an officer will check your identity.',
        'Where: at a Registro Civil office or a ChileAtiende service point.',
        'What to bring: your valid identity card (cédula de identidad).',
        'Find the nearest office at registrocivil.cl or chileatiende.gob.cl.',
      ],
    },
  },
  ht: {
    finger_unreadable: {
      title: 'Jwenn ClaveÚnica ou an pèsòn',
      paragraphs: [
        'Nou pa t kapab li anprent dwèt ou nan kyòs sa a. Ou ka jwenn ClaveÚnica ou an pèsòn, san anprent: yon anplwaye ap verifye idantite ou.',
        'Ki kote: nan yon biwo Registro Civil oswa nan yon pwen sèvis ChileAtiende.',
        'Sa pou w pote: kat idantite ou (cédula de identidad) ki valab.',
        'Chèche biwo ki pi pre a sou registrocivil.cl oswa chileatiende.gob.cl.',
      ],
    },
  },
};

const GuidanceSlipInputSchema = z.object({
  topic: z.enum(GUIDANCE_TOPICS),
  language: z.enum(['es-CL', 'en', 'ht']),
  kioskId: z.string().min(1).max(64),
  office: z.string().min(1).max(120),
  printedAt: z.date().refine((d) => !Number.isNaN(d.getTime())),
});
export type GuidanceSlipInput = z.input<typeof GuidanceSlipInputSchema>;

/** The slip: brand, title, the topic's paragraphs, then where and when it was printed (UTC, as every receipt). */
export function guidanceSlip(input: GuidanceSlipInput): ReceiptLayout {
  const parsed = GuidanceSlipInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new PrinterError('printer.invalid_receipt', 'layout', `invalid field(s): ${fields}`);
  }
  const r = parsed.data;
  const receipt = RECEIPT_TEXT[r.language];
  const topic = GUIDANCE_TEXT[r.language][r.topic];
  const w = RECEIPT_COLUMNS;
  const wrap = (s: string) => wrapText(toPrintable(s), w);
  const paragraph = (p: string): ReceiptBlock[] => {
    const colon = p.indexOf(': ');
    // "Dónde: …" — a short label leads in bold, the rest follows as plain text.
    if (colon > 0 && colon <= 24) return [text(wrap(p.slice(0, colon + 1)), 'left', true), text(wrap(p.slice(colon + 2)))];
    return [text(wrap(p))];
  };
  const blocks: ReceiptBlock[] = [
    text([toPrintable(receipt.brand)], 'center', true, { width: 2, height: 2 }),
    text(wrap(topic.title), 'center', true),
    { kind: 'rule' },
    ...topic.paragraphs.flatMap((p, i) => (i === 0 ? paragraph(p) : [{ kind: 'feed', lines: 1 } as const, ...paragraph(p)])),
    { kind: 'rule' },
    text([...wrap(`${receipt.kiosk}: ${r.kioskId}`), ...wrap(`${receipt.office}: ${r.office}`), ...wrap(`${receipt.printed}: ${formatUtc(r.printedAt)}`)]),
    { kind: 'cut', feedLines: CUT_FEED_LINES },
  ];
  return { kind: 'guidance', language: r.language, columns: w, blocks };
}
