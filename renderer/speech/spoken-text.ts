import { SPEECH_TEXT_MAX } from '../../electron/contract/speech-limits.ts';

/**
 * A value the service masked (`12.345.***-5`, `v***@correo.cl`) as it is
 * spoken: each run of mask characters becomes the catalogue's word for
 * hidden characters, so the citizen hears that part is hidden instead of
 * "asterisk asterisk asterisk" (EN 301 549 5.1.3.8, masked entry).
 */
export function spokenMasked(value: string, hiddenWord: string): string {
  return (
    value
      // `+56 9 **** **78` has one hidden part, not two: runs split only by spaces are one.
      .split(/([*•]+(?:\s+[*•]+)*)/)
      .filter((part) => part !== '')
      .map((part) => (/^[*•]/.test(part) ? ` ${hiddenWord} ` : part))
      .join('')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Ends a sentence that has no ending, so the synthesiser pauses between a title and what follows. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/…$/, '.');
  return /[.!?:;]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Parts of a screen's guidance joined into one utterance, within the
 * contract's limit. A text too long loses whole sentences from its end (the
 * title and the instruction come first), never half a word.
 */
export function utterance(parts: ReadonlyArray<string | null | undefined | false>, max = SPEECH_TEXT_MAX): string {
  const text = parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map(sentence)
    .join(' ')
    .replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  if (end > 0) return cut.slice(0, end + 1);
  const space = cut.lastIndexOf(' ');
  return space > 0 ? cut.slice(0, space) : cut;
}
