/**
 * The slip a citizen whose fingerprint verification is locked may print on
 * the lockout screen: when the lock lifts by itself, and how to lift it
 * sooner. In the session's language, in the kiosk's zone, like the activation
 * receipt (receipt-layout.ts), and with nothing that identifies the citizen:
 * a slip left on the counter tells a stranger nothing.
 */
import { PrinterError } from './printer-errors.ts';
import {
  CUT_FEED_LINES,
  formatLocal,
  RECEIPT_COLUMNS,
  type ReceiptBlock,
  type ReceiptLayout,
  text,
  toPrintable,
  wrapText,
  zoneName,
} from './receipt-layout.ts';
import { RECEIPT_TEXT, type ReceiptLanguage } from './receipt-text.ts';

export interface UnlockSlipText {
  readonly title: string;
  readonly what: string;
  readonly liftsAt: string;
  readonly soonerTitle: string;
  readonly steps: readonly string[];
  readonly kiosk: string;
  readonly office: string;
}

export const UNLOCK_SLIP_TEXT: Readonly<Record<ReceiptLanguage, UnlockSlipText>> = {
  'es-CL': {
    title: 'Huella bloqueada',
    what: 'Por tu seguridad, la verificación con tu huella quedó bloqueada después de 3 intentos fallidos.',
    liftsAt: 'El bloqueo se levanta solo el',
    soonerTitle: 'Para desbloquearla antes:',
    steps: [
      '1. Ve a una oficina del Registro Civil con tu cédula de identidad vigente.',
      '2. Un funcionario verificará tu identidad y levantará el bloqueo.',
      '3. Después podrás volver a usar este tótem.',
    ],
    kiosk: 'Tótem',
    office: 'Oficina',
  },
  en: {
    title: 'Fingerprint locked',
    what: 'For your security, fingerprint verification was locked after 3 failed attempts.',
    liftsAt: 'The lock lifts by itself on',
    soonerTitle: 'To unlock it sooner:',
    steps: [
      '1. Go to a Registro Civil office with your valid identity card.',
      '2. An officer will check your identity and lift the lock.',
      '3. You can then use this kiosk again.',
    ],
    kiosk: 'Kiosk',
    office: 'Office',
  },
  ht: {
    title: 'Anprent dwèt bloke',
    what: 'Pou sekirite ou, verifikasyon anprent dwèt ou bloke apre 3 esè ki pa mache.',
    liftsAt: 'Blokaj la ap leve pou kont li',
    soonerTitle: 'Pou debloke l pi vit:',
    steps: [
      '1. Ale nan yon biwo Registro Civil ak kat idantite ou ki valab.',
      '2. Yon anplwaye ap verifye idantite ou epi leve blokaj la.',
      '3. Apre sa, ou ka sèvi ak kyòs sa a ankò.',
    ],
    kiosk: 'Kyòs',
    office: 'Biwo',
  },
};

export interface UnlockSlipInput {
  readonly language: ReceiptLanguage;
  /** When the lock lifts by itself; null when central did not say. */
  readonly liftsAt: Date | null;
  readonly timeZone: string;
  readonly kioskId: string;
  readonly office: string;
}

export function unlockProcedureSlip(input: UnlockSlipInput): ReceiptLayout {
  const t = UNLOCK_SLIP_TEXT[input.language];
  const receipt = RECEIPT_TEXT[input.language];
  const w = RECEIPT_COLUMNS;
  const wrap = (s: string, indent = '') => wrapText(toPrintable(s), w, indent);
  if (input.liftsAt !== null && Number.isNaN(input.liftsAt.getTime())) throw new PrinterError('printer.invalid_receipt', 'layout', 'invalid field(s): liftsAt');
  const lifts: ReceiptBlock[] =
    input.liftsAt === null
      ? []
      : [
          text(wrap(`${t.liftsAt}:`), 'center'),
          text(
            [...wrap(formatLocal(input.liftsAt, input.timeZone, input.language)), ...wrap(`(${zoneName(input.timeZone, input.language, input.liftsAt)})`)],
            'center',
            true,
          ),
          { kind: 'feed', lines: 1 },
        ];
  const blocks: ReceiptBlock[] = [
    text([toPrintable(receipt.brand)], 'center', true, { width: 2, height: 2 }),
    text(wrap(t.title), 'center', true),
    { kind: 'rule' },
    text(wrap(t.what)),
    { kind: 'feed', lines: 1 },
    ...lifts,
    text(wrap(t.soonerTitle), 'left', true),
    text(t.steps.flatMap((step) => wrap(step, '   '))),
    { kind: 'rule' },
    text([...wrap(`${t.kiosk}: ${input.kioskId}`), ...wrap(`${t.office}: ${input.office}`)]),
    { kind: 'cut', feedLines: CUT_FEED_LINES },
  ];
  return { kind: 'unlock-procedure', language: input.language, columns: w, blocks };
}
