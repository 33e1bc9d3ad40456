import { describe, expect, it } from 'vitest';
import { isCp858Printable } from '../../../drivers/printer/code-pages.ts';
import { RECEIPT_COLUMNS, type ReceiptLayout } from '../../../drivers/printer/receipt-layout.ts';
import { UNLOCK_SLIP_TEXT, unlockProcedureSlip } from '../../../drivers/printer/unlock-slip.ts';

const lines = (layout: ReceiptLayout) => layout.blocks.flatMap((b) => (b.kind === 'text' ? b.lines.map((line) => ({ line, width: b.size.width })) : []));
const BASE = { timeZone: 'America/Santiago', kioskId: 'kiosk-01', office: 'Oficina de prueba' } as const;

describe('unlockProcedureSlip', () => {
  it('says when the lock lifts in the kiosk zone and how to lift it sooner, in the session language', () => {
    // 2026-11-22 15:00 UTC is 12:00 in Santiago (UTC−3 in summer).
    const slip = unlockProcedureSlip({ ...BASE, language: 'es-CL', liftsAt: new Date('2026-11-22T15:00:00Z') });
    const text = lines(slip).map((l) => l.line);
    expect(slip.kind).toBe('unlock-procedure');
    expect(text).toContain('Huella bloqueada');
    expect(text.join('\n')).toContain('22 de noviembre de 2026, 12:00\n(hora de Chile continental)');
    expect(text.join(' ')).toContain('Registro Civil');
    expect(slip.blocks.at(-1)).toMatchObject({ kind: 'cut' });
  });

  it('leaves the lift time out when central did not say it', () => {
    const text = lines(unlockProcedureSlip({ ...BASE, language: 'en', liftsAt: null })).map((l) => l.line);
    expect(text.join(' ')).not.toContain(UNLOCK_SLIP_TEXT.en.liftsAt);
    expect(text).toContain(UNLOCK_SLIP_TEXT.en.soonerTitle);
  });

  it('fits the paper and prints only CP858 characters, in every language', () => {
    for (const language of ['es-CL', 'en', 'ht'] as const) {
      for (const { line, width } of lines(unlockProcedureSlip({ ...BASE, language, liftsAt: new Date('2026-11-22T15:00:00Z') }))) {
        expect([...line].length * width, line).toBeLessThanOrEqual(RECEIPT_COLUMNS);
        for (const char of line) expect(isCp858Printable(char), `${language}: ${char}`).toBe(true);
      }
    }
  });

  it('has the same parts in every language', () => {
    const shape = (t: (typeof UNLOCK_SLIP_TEXT)['en']) => ({ ...t, steps: t.steps.length, title: typeof t.title });
    expect(Object.keys(UNLOCK_SLIP_TEXT.ht)).toEqual(Object.keys(UNLOCK_SLIP_TEXT['es-CL']));
    expect(shape(UNLOCK_SLIP_TEXT.en).steps).toBe(shape(UNLOCK_SLIP_TEXT['es-CL']).steps);
  });
});
