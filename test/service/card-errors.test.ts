import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../electron/contract/errors.ts';
import { CARD_READ_ERRORS } from '../../drivers/card-reader/card-read.ts';

describe('card reading errors', () => {
  it('cross the contract with the codes and message keys the card reader uses', () => {
    for (const [code, entry] of Object.entries(CARD_READ_ERRORS)) {
      expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE], code).toEqual(entry);
    }
  });
});
