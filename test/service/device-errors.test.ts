import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../electron/contract/errors.ts';
import { CARD_READ_ERRORS } from '../../drivers/card-reader/card-read.ts';
import { PRINTER_ERRORS } from '../../drivers/printer/printer-errors.ts';

describe('device errors', () => {
  it('cross the contract with the codes and message keys the card reader uses', () => {
    for (const [code, entry] of Object.entries(CARD_READ_ERRORS)) {
      expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE], code).toEqual(entry);
    }
  });

  it('cross the contract with the codes, message keys and retry advice the printer uses', () => {
    for (const [code, { messageKey, retryable }] of Object.entries(PRINTER_ERRORS)) {
      expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE], code).toEqual({ messageKey, retryable });
    }
  });
});
