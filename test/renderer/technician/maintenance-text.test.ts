/** Every message and advice key the maintenance layer can send has words in every technician catalogue, with the parameters it fills. */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../electron/contract/app.ts';
import { MAINTENANCE_ADVICE_KEYS, MAINTENANCE_MESSAGE_KEYS } from '../../../electron/service/maintenance/maintenance-error.ts';
import { CATALOGUES } from '../../../renderer/i18n/catalogues.ts';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each(LANGUAGES)('the %s technician catalogue', (language) => {
  const words = CATALOGUES[language].technician.maintenance;

  it('words every maintenance message and advice key, and nothing else', () => {
    expect(Object.keys(words.messages).sort()).toEqual([...MAINTENANCE_MESSAGE_KEYS].sort());
    expect(Object.keys(words.advice).sort()).toEqual([...MAINTENANCE_ADVICE_KEYS].sort());
  });

  it('fills the same parameters as es-CL in every text', () => {
    const reference = CATALOGUES['es-CL'].technician.maintenance;
    for (const kind of ['messages', 'advice'] as const) {
      for (const [key, text] of Object.entries(words[kind])) {
        expect(placeholders(text), `${kind}.${key}`).toEqual(placeholders((reference[kind] as Record<string, string>)[key]!));
      }
    }
  });

  it('points the technician at the screen, never at kioskctl', () => {
    expect(Object.values(words.advice).filter((text) => /kioskctl|--force|--data-dir/.test(text))).toEqual([]);
  });
});
