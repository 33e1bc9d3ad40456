import { describe, expect, it } from 'vitest';
import { isCp858Printable } from '../../../drivers/printer/code-pages.ts';
import { GUIDANCE_TEXT, GUIDANCE_TOPICS, guidanceSlip } from '../../../drivers/printer/guidance-slip.ts';
import { PrinterError } from '../../../drivers/printer/printer-errors.ts';
import { RECEIPT_COLUMNS, type ReceiptLayout } from '../../../drivers/printer/receipt-layout.ts';

const LANGUAGES = ['es-CL', 'en', 'ht'] as const;
const BASE = { kioskId: 'kiosk-dev-01', office: 'Oficina de prueba', printedAt: new Date(Date.UTC(2026, 11, 7, 3, 0, 0)) };

const lines = (layout: ReceiptLayout) => layout.blocks.flatMap((b) => (b.kind === 'text' ? b.lines.map((l) => ({ l, w: b.size.width })) : []));

describe('guidance slip', () => {
  it.each(LANGUAGES)('lays out where to enroll in person, in %s, within 48 columns, and ends with a cut', (language) => {
    const layout = guidanceSlip({ ...BASE, topic: 'finger_unreadable', language });
    expect(layout).toMatchObject({ kind: 'guidance', language, columns: RECEIPT_COLUMNS });
    for (const { l, w } of lines(layout)) expect([...l].length * w).toBeLessThanOrEqual(RECEIPT_COLUMNS);
    const printed = lines(layout)
      .map(({ l }) => l)
      .join(' ');
    expect(printed).toContain('Registro Civil');
    expect(printed).toContain('ChileAtiende');
    expect(printed).toContain('kiosk-dev-01');
    expect(printed).toContain('2026-12-07 03:00:00 UTC');
    expect(layout.blocks.at(-1)).toMatchObject({ kind: 'cut' });
  });

  it('says what to bring: the cédula', () => {
    const printed = lines(guidanceSlip({ ...BASE, topic: 'finger_unreadable', language: 'es-CL' }))
      .map(({ l }) => l)
      .join(' ');
    expect(printed).toContain('Qué llevar:');
    expect(printed).toContain('tu cédula de identidad vigente.');
  });

  it('uses only characters a CP858 printer has', () => {
    for (const language of LANGUAGES)
      for (const topic of GUIDANCE_TOPICS)
        for (const s of [GUIDANCE_TEXT[language][topic].title, ...GUIDANCE_TEXT[language][topic].paragraphs])
          for (const char of s) expect(isCp858Printable(char), `${JSON.stringify(char)} in ${s}`).toBe(true);
  });

  it('refuses a topic it has no words for, with a typed printer error', () => {
    expect(() => guidanceSlip({ ...BASE, topic: 'nonsense' as never, language: 'es-CL' })).toThrow(PrinterError);
  });
});
