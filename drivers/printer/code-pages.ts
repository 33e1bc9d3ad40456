/**
 * The single-byte code pages a receipt can be printed in, as the printer sees
 * them (reference §4.2). The encoder side is @point-of-sale/receipt-printer-
 * encoder's; these tables are for the other direction: the simulated printer
 * turning bytes back into text, and the layout knowing which characters a
 * CP858 printer can print at all. Tables computed with Python's codecs
 * (`bytes(range(128, 256)).decode('cp858')`), the same source as §4.2.
 */

/** Upper halves (0x80–0xFF); the lower half is ASCII on every page here. */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅ' + // 80
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' + // 90
  'áíóúñÑªº¿⌐¬½¼¡«»' + // A0
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' + // B0
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' + // C0
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' + // D0
  'αßΓπΣσµτΦΘΩδ∞φε∩' + // E0
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0'; // F0

const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅ' + // 80
  'ÉæÆôöòûùÿÖÜø£Ø×ƒ' + // 90
  'áíóúñÑªº¿®¬½¼¡«»' + // A0
  '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' + // B0
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤' + // C0
  'ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' + // D0 (CP850 has dotless ı at D5; CP858 put € there)
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´' + // E0
  '\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0'; // F0

const CP850_HIGH = CP858_HIGH.slice(0, 0x55) + 'ı' + CP858_HIGH.slice(0x56);

export interface CodePage {
  readonly name: string;
  /** 256 entries; the C0 controls never reach the table (they are commands). */
  readonly chars: readonly string[];
}

function page(name: string, high: string): CodePage {
  const chars = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));
  chars.push(...Array.from(high));
  if (chars.length !== 256) throw new RangeError(`${name}: table has ${chars.length} entries`);
  return { name, chars };
}

function windows1252(): CodePage {
  const decoder = new TextDecoder('windows-1252');
  return { name: 'WPC1252', chars: Array.from({ length: 256 }, (_, i) => decoder.decode(Uint8Array.of(i))) };
}

/** ESC t n → table, for the numbers of the Epson mapping in reference §4.2. */
export const CODE_PAGES: ReadonlyMap<number, CodePage> = new Map([
  [0, page('CP437', CP437_HIGH)],
  [2, page('CP850', CP850_HIGH)],
  [16, windows1252()],
  [19, page('CP858', CP858_HIGH)],
]);

export const CP858_NUMBER = 19;
export const CP858: CodePage = CODE_PAGES.get(CP858_NUMBER)!;

/**
 * Characters a CP858 printer prints as themselves when sent through the
 * encoder: printable ASCII and the upper half, minus the soft hyphen and the
 * no-break space, and minus ¶ and §, which @point-of-sale/codepage-encoder
 * sends as 0x14 and 0x15 (their IBM glyph positions), control bytes that a
 * printer does not print.
 */
const NOT_SENT_AS_PRINTABLE = new Set(['\u00ad', '\u00a0', '¶', '§']);
const CP858_PRINTABLE: ReadonlySet<string> = new Set(CP858.chars.filter((c, i) => (i >= 0x20 && i < 0x7f) || (i >= 0x80 && !NOT_SENT_AS_PRINTABLE.has(c))));

export function isCp858Printable(char: string): boolean {
  return CP858_PRINTABLE.has(char);
}
