import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { formatDateTime } from '../../renderer/i18n/format-date.ts';

// 17:30 UTC on a Friday in January: 14:30 in Santiago (UTC−3 in the southern summer).
const EXPIRES = '2026-01-16T17:30:00.000Z';

describe('formatDateTime', () => {
  it.each([
    ['es-CL', 'viernes 16 de enero de 2026, a las 14:30'],
    ['en', 'Friday 16 January 2026 at 14:30'],
    ['ht', 'vandredi 16 janvye 2026 a 14:30'],
  ] as const)('writes the date in %s from the catalogue', (language, text) => {
    expect(formatDateTime(EXPIRES, CATALOGUES[language].dates, 'America/Santiago')).toBe(text);
  });

  it('reads the wall clock of the given zone, across a day boundary', () => {
    expect(formatDateTime('2026-07-01T02:15:00.000Z', CATALOGUES.ht.dates, 'America/Santiago')).toBe('madi 30 jen 2026 a 22:15');
  });

  it('uses the Kreyòl month names, not ICU (which has none for ht)', () => {
    const months = Array.from({ length: 12 }, (_, m) => formatDateTime(new Date(Date.UTC(2026, m, 10, 15)).toISOString(), CATALOGUES.ht.dates, 'UTC'));
    expect(months.map((text) => text.split(' ')[2])).toEqual([
      'janvye',
      'fevriye',
      'mas',
      'avril',
      'me',
      'jen',
      'jiyè',
      'out',
      'septanm',
      'oktòb',
      'novanm',
      'desanm',
    ]);
  });

  it('gives back what it cannot read rather than "Invalid Date"', () => {
    expect(formatDateTime('not a date', CATALOGUES['es-CL'].dates, 'America/Santiago')).toBe('not a date');
  });
});
