/**
 * What the receipt says, in the kiosk's three citizen languages: Spanish
 * (Chile) first, then English and Haitian Creole (Kreyòl ayisyen, the largest
 * non-Spanish-speaking immigrant community in Chile). The renderer's i18n
 * catalogues cannot be imported from drivers/ (ARCHITECTURE.md import rules),
 * and a receipt has other constraints anyway: short lines, no markup, and only
 * characters a CP858 printer has (every string here is checked by a test).
 *
 * `{url}` is replaced by the activation address without its scheme.
 */
export type ReceiptLanguage = 'es-CL' | 'en' | 'ht';

/** Chile's three time zones (continental, Magallanes since 2017, Easter Island), named on the receipt next to the time. */
export const CHILE_TIME_ZONES = ['America/Santiago', 'America/Punta_Arenas', 'Pacific/Easter'] as const;
export type ChileTimeZone = (typeof CHILE_TIME_ZONES)[number];

export interface ReceiptText {
  readonly brand: string;
  readonly title: string;
  readonly runLabel: string;
  readonly validUntil: string;
  /** The zone's name after a time, so a receipt read elsewhere says which clock it means. */
  readonly zoneNames: Readonly<Record<ChileTimeZone, string>>;
  readonly howTitle: string;
  readonly steps: readonly string[];
  readonly scan: string;
  readonly personal: string;
  readonly lost: string;
  readonly kiosk: string;
  readonly office: string;
  readonly transaction: string;
  readonly printed: string;
  readonly months: readonly string[];
  /** Day, month name, year and time in the language's usual order. */
  readonly dateFormat: (day: number, month: string, year: number, time: string) => string;
}

export const RECEIPT_TEXT: Readonly<Record<ReceiptLanguage, ReceiptText>> = {
  'es-CL': {
    brand: 'ClaveÚnica',
    title: 'Código de activación',
    runLabel: 'RUN',
    validUntil: 'Válido hasta',
    zoneNames: { 'America/Santiago': 'hora de Chile continental', 'America/Punta_Arenas': 'hora de Magallanes', 'Pacific/Easter': 'hora de Isla de Pascua' },
    howTitle: '¿Cómo activar tu ClaveÚnica?',
    steps: ['1. Entra a {url} desde un computador o un teléfono.', '2. Escribe tu RUN y este código.', '3. Crea tu contraseña.'],
    scan: 'O escanea este código QR:',
    personal: 'El código es personal y sirve una sola vez. No lo compartas con nadie.',
    lost: 'Si lo pierdes o vence, pide uno nuevo en un tótem o en una oficina del Registro Civil.',
    kiosk: 'Tótem',
    office: 'Oficina',
    transaction: 'Transacción',
    printed: 'Impreso',
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    dateFormat: (day, month, year, time) => `${day} de ${month} de ${year}, ${time}`,
  },
  en: {
    brand: 'ClaveÚnica',
    title: 'Activation code',
    runLabel: 'RUN',
    validUntil: 'Valid until',
    zoneNames: { 'America/Santiago': 'mainland Chile time', 'America/Punta_Arenas': 'Magallanes time', 'Pacific/Easter': 'Easter Island time' },
    howTitle: 'How to activate your ClaveÚnica',
    steps: ['1. Go to {url} on a computer or a phone.', '2. Enter your RUN and this code.', '3. Create your password.'],
    scan: 'Or scan this QR code:',
    personal: 'This code is personal and works only once. Do not share it with anyone.',
    lost: 'If you lose it or it expires, ask for a new one at a kiosk or at a Registro Civil office.',
    kiosk: 'Kiosk',
    office: 'Office',
    transaction: 'Transaction',
    printed: 'Printed',
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    dateFormat: (day, month, year, time) => `${day} ${month} ${year}, ${time}`,
  },
  ht: {
    brand: 'ClaveÚnica',
    title: 'Kòd aktivasyon',
    runLabel: 'RUN',
    validUntil: 'Valab jiska',
    zoneNames: { 'America/Santiago': 'lè Chili kontinantal', 'America/Punta_Arenas': 'lè Magallanes', 'Pacific/Easter': 'lè Isla de Pascua' },
    howTitle: 'Kijan pou w aktive ClaveÚnica ou?',
    steps: ['1. Ale sou {url} sou yon òdinatè oswa yon telefòn.', '2. Antre RUN ou ak kòd sa a.', '3. Kreye modpas ou.'],
    scan: 'Oswa eskane kòd QR sa a:',
    personal: 'Kòd sa a se pou ou sèlman, epi li sèvi yon sèl fwa. Pa bay pèsonn li.',
    lost: 'Si ou pèdi l oswa li ekspire, mande yon lòt nan yon kyòs (tótem) oswa nan yon biwo Registro Civil.',
    kiosk: 'Kyòs',
    office: 'Biwo',
    transaction: 'Tranzaksyon',
    printed: 'Enprime',
    months: ['janvye', 'fevriye', 'mas', 'avril', 'me', 'jen', 'jiyè', 'out', 'septanm', 'oktòb', 'novanm', 'desanm'],
    dateFormat: (day, month, year, time) => `${day} ${month} ${year}, ${time}`,
  },
};

/** The technician's test page is not citizen-facing: Spanish, with English glosses. */
export const TEST_RECEIPT_TEXT = {
  title: 'PRUEBA DE IMPRESORA',
  subtitle: 'Printer test',
  characters: 'Caracteres (CP858):',
  charset: 'ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡ € º ª',
  sizes: 'Tamaños / sizes:',
  bold: 'Negrita / bold',
  alignment: 'Alineación / alignment:',
  left: 'izquierda / left',
  centre: 'centro / centre',
  right: 'derecha / right',
  ruler: 'Regla de 48 columnas / 48-column ruler:',
  qr: 'Código QR de prueba / test QR code:',
  ok: 'Si puedes leer esto, la impresora funciona. / If you can read this, the printer works.',
  kiosk: 'Tótem / kiosk',
  printed: 'Impreso / printed',
} as const;
