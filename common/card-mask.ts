/**
 * The rest of a card's holder data, masked as maskRun (run-mask.ts) masks
 * the RUN: enough left to see that the reader read the right card, not
 * enough for a photo of the screen to identify the holder or to answer for
 * them. The card serial (número de documento) is what online services ask
 * for next to the RUN to prove someone holds the card, so only its last
 * three characters stay; a name keeps each word's first character; a birth
 * date keeps its year, which the first digits of the masked RUN already
 * come close to telling.
 */

/** `A12345678` → `******678`; anything of three characters or fewer becomes `***`. */
export function maskCardSerial(serial: string): string {
  const characters = [...serial.trim()];
  if (characters.length <= 3) return '***';
  return '*'.repeat(characters.length - 3) + characters.slice(-3).join('');
}

/** `GONZÁLEZ PÉREZ` → `G******* P****`: words kept apart, one character each. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => {
      const [first = '', ...rest] = [...word];
      return first + '*'.repeat(rest.length);
    })
    .join(' ');
}

/** `1987-05-14` → `1987-**-**`; anything that is not an ISO 8601 calendar date becomes `****-**-**`. */
export function maskBirthDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date.slice(0, 4)}-**-**` : '****-**-**';
}
