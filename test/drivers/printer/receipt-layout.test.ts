import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCp858Printable } from '../../../drivers/printer/code-pages.ts';
import { PrinterError } from '../../../drivers/printer/printer-errors.ts';
import {
  activationReceipt,
  groupActivationCode,
  maskRun,
  RECEIPT_COLUMNS,
  testReceipt,
  toPrintable,
  zoneName,
  wrapText,
  type ReceiptLayout,
} from '../../../drivers/printer/receipt-layout.ts';
import { RECEIPT_TEXT, TEST_RECEIPT_TEXT } from '../../../drivers/printer/receipt-text.ts';
import { SAMPLE } from './fixtures.ts';
import { ustedForm } from '../../support/spanish-register.ts';

function allText(layout: ReceiptLayout): string[] {
  return layout.blocks.flatMap((b) => (b.kind === 'text' ? b.lines : []));
}

function columnsUsed(layout: ReceiptLayout): number[] {
  return layout.blocks.flatMap((b) => (b.kind === 'text' ? b.lines.map((l) => [...l].length * b.size.width) : []));
}

describe('wrapText', () => {
  it('breaks between words, never inside one', () => {
    expect(wrapText('El código es personal y sirve una sola vez.', 20)).toEqual(['El código es', 'personal y sirve una', 'sola vez.']);
  });

  it('indents continuation lines (hanging indent for numbered steps)', () => {
    expect(wrapText('1. Ingrese a claveunica.example.cl/activar desde un computador', 32, '   ')).toEqual([
      '1. Ingrese a',
      '   claveunica.example.cl/activar',
      '   desde un computador',
    ]);
  });

  it('drops the indent rather than split a word that fits a line', () => {
    expect(wrapText('1. Ingrese a claveunica.example.cl/activar.', 30, '   ')).toEqual(['1. Ingrese a', 'claveunica.example.cl/activar.']);
  });

  it('splits only a word longer than a whole line', () => {
    expect(wrapText(`ver ${'x'.repeat(25)}`, 10)).toEqual(['ver', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']);
  });

  it('for any text: no line is too long, and the words come back unchanged when no word is longer than a line', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdeñáü¿?'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 12, max: 48 }), (words, width) => {
        const lines = wrapText(words.join(' '), width);
        expect(lines.every((l) => l.length <= width)).toBe(true);
        expect(lines.join(' ').split(' ')).toEqual(words.length ? words : ['']);
      }),
    );
  });
});

describe('groupActivationCode', () => {
  it.each([
    ['K7QM2XHP9RTA', 'K7QM-2XHP-9RTA'],
    ['k7qm 2xhp-9rta', 'K7QM-2XHP-9RTA'],
    ['ABCDEFGHIJ', 'ABCD-EFGH-IJ'],
    ['ABCD', 'ABCD'],
  ])('%s → %s', (code, grouped) => {
    expect(groupActivationCode(code)).toBe(grouped);
  });
});

describe('maskRun', () => {
  it.each([
    ['12.345.678-5', '12.345.***-5'],
    ['12345678-5', '12.345.***-5'],
    ['7.775.735-k', '7.775.***-K'],
    ['15234871-1', '15.234.***-1'],
  ])('%s → %s', (run, masked) => {
    expect(maskRun(run)).toBe(masked);
  });

  it('refuses something that is not a RUN, without echoing it', () => {
    const error = (() => {
      try {
        maskRun('12.345.678-9');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PrinterError);
    expect((error as PrinterError).code).toBe('printer.invalid_receipt');
    expect((error as PrinterError).message).not.toContain('12.345');
  });
});

describe('activationReceipt', () => {
  it.each(['es-CL', 'en', 'ht'] as const)(
    'in %s: the code large and grouped, the masked RUN, expiry, how to activate, QR, references, UTC time, cut',
    (language) => {
      const layout = activationReceipt({ ...SAMPLE, language });
      const t = RECEIPT_TEXT[language];
      const lines = allText(layout);
      const code = layout.blocks.find((b) => b.kind === 'text' && b.lines.includes('K7QM-2XHP-9RTA'));
      expect(code).toMatchObject({ bold: true, align: 'center', size: { width: 3, height: 3 } });
      expect(lines).toContain(`RUN: 12.345.***-5`);
      expect(lines).toContain(`${t.validUntil}:`);
      // 15:30 UTC is 12:30 in Santiago in November (UTC−3, summer time).
      expect(lines.some((l) => l.includes('28') && l.includes('2025, 12:30') && l.includes(t.months[10]!))).toBe(true);
      expect(lines.join(' ')).toContain('claveunica.example.cl/activar');
      expect(layout.blocks).toContainEqual({ kind: 'qr', data: SAMPLE.activationUrl, align: 'center', moduleSize: 6, errorLevel: 'm' });
      expect(lines).toContain(`${t.kiosk}: KSK-SIM-0001`);
      expect(lines).toContain(`${t.transaction}: TX-SYN-000042`);
      expect(lines).toContain(`${t.printed}: 2025-11-21 12:34:56 UTC`);
      expect(layout.blocks.at(-1)).toEqual({ kind: 'cut', feedLines: 4 });
    },
  );

  it.each(['es-CL', 'en', 'ht'] as const)('in %s: every line fits 48 columns at its size', (language) => {
    const layout = activationReceipt({ ...SAMPLE, language, office: 'Oficina de prueba con un nombre bastante más largo de lo normal' });
    expect(Math.max(...columnsUsed(layout))).toBeLessThanOrEqual(RECEIPT_COLUMNS);
  });

  it('prints a long code at 2× and wraps it after a hyphen', () => {
    const layout = activationReceipt({ ...SAMPLE, activationCode: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' });
    const code = layout.blocks.find((b) => b.kind === 'text' && b.lines.some((l) => l.startsWith('ABCD-')));
    expect(code).toMatchObject({ size: { width: 2, height: 2 }, lines: ['ABCD-EFGH-JKLM-NPQR-', 'STUV-WXYZ-2345-6789'] });
  });

  it('shows the expiry in the kiosk’s own zone', () => {
    const easter = activationReceipt({ ...SAMPLE, timeZone: 'Pacific/Easter' });
    expect(allText(easter).some((l) => l.includes('2025, 10:30'))).toBe(true);
  });

  it.each([
    ['es-CL', 'America/Santiago', '(hora de Chile continental)'],
    ['es-CL', 'America/Punta_Arenas', '(hora de Magallanes)'],
    ['en', 'Pacific/Easter', '(Easter Island time)'],
    ['ht', 'America/Santiago', '(lè Chili kontinantal)'],
  ] as const)('in %s, names the zone %s after the expiry: %s', (language, timeZone, name) => {
    const text = allText(activationReceipt({ ...SAMPLE, language, timeZone })).join(' ');
    expect(text).toContain(name);
    expect(text).not.toMatch(/hora local|local time|lè lokal/);
  });

  it('names a zone outside Chile as ICU does, and by its offset in Kreyòl (ICU has no ht names)', () => {
    const at = new Date('2025-11-28T15:30:00Z');
    expect(zoneName('Asia/Tokyo', 'en', at)).toBe('Japan Standard Time');
    expect(zoneName('Asia/Tokyo', 'ht', at)).toBe('GMT+9');
  });

  it('speaks to the citizen as “tú”, as the screens do: no “usted” forms on the Spanish receipt', () => {
    const text = allText(activationReceipt({ ...SAMPLE, language: 'es-CL' })).join(' ');
    expect(text).toContain('Crea tu contraseña');
    expect(ustedForm(text)).toBeNull();
  });

  it.each([
    ['an unmasked RUN', { runMasked: '12.345.678-5' }],
    ['a code with symbols', { activationCode: 'K7QM/2XHP' }],
    ['a plain-http activation URL', { activationUrl: 'http://claveunica.example.cl' }],
    ['a non-ASCII URL (the QR payload is bytes)', { activationUrl: 'https://clave.example.cl/ñ' }],
    ['an invalid date', { expiresAt: new Date('nope') }],
    ['an unknown zone', { timeZone: 'Mars/Olympus' }],
  ])('refuses %s with printer.invalid_receipt', (_, change) => {
    expect(() => activationReceipt({ ...SAMPLE, ...change })).toThrow(expect.objectContaining({ code: 'printer.invalid_receipt' }));
  });

  it('cannot carry printer commands in a field: control characters become spaces', () => {
    const lines = allText(activationReceipt({ ...SAMPLE, office: 'Ñuñoa\x1b@\x1dV\x01' }));
    expect([...lines.join('')].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
    expect(lines).toContain('Oficina: Ñuñoa @ V');
  });
});

describe('toPrintable', () => {
  it('keeps what CP858 has, drops accents it lacks, replaces the rest', () => {
    expect(toPrintable('Ñuñoa ¿€? Ōsaka 東京 ok')).toBe('Ñuñoa ¿€? Osaka ?? ok');
  });
});

describe('receipt text catalogue', () => {
  const strings = [
    ...Object.values(RECEIPT_TEXT).flatMap((t) => [
      ...Object.values(t).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : [])),
      ...Object.values(t.zoneNames),
    ]),
    ...Object.values(TEST_RECEIPT_TEXT),
  ];

  it('uses only characters a CP858 printer prints', () => {
    for (const s of strings) for (const char of s) expect(isCp858Printable(char), `${JSON.stringify(char)} in ${s}`).toBe(true);
  });

  it('has the same shape in every language', () => {
    const shape = (t: object) => Object.entries(t).map(([k, v]) => [k, Array.isArray(v) ? v.length : typeof v]);
    expect(shape(RECEIPT_TEXT.en)).toEqual(shape(RECEIPT_TEXT['es-CL']));
    expect(shape(RECEIPT_TEXT.ht)).toEqual(shape(RECEIPT_TEXT['es-CL']));
  });
});

describe('testReceipt', () => {
  it('shows every Spanish character, each size and alignment, a 48-column ruler and a QR', () => {
    const layout = testReceipt({ kioskId: 'KSK-SIM-0001', printedAt: new Date('2025-11-21T12:34:56Z') });
    const lines = allText(layout);
    expect(lines.join(' ')).toContain('ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡ €');
    expect(lines).toContain('123456789012345678901234567890123456789012345678');
    expect(new Set(layout.blocks.flatMap((b) => (b.kind === 'text' ? [b.align] : [])))).toEqual(new Set(['left', 'center', 'right']));
    expect(layout.blocks.some((b) => b.kind === 'qr' && b.data === 'PRINTER-TEST:KSK-SIM-0001')).toBe(true);
    expect(Math.max(...columnsUsed(layout))).toBeLessThanOrEqual(RECEIPT_COLUMNS);
  });
});
