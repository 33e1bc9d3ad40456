/**
 * A small bitmap font for the simulated printer's PNG: 5×9 glyphs (7 rows of
 * capital height, 2 of descender), drawn for this project. Accented letters
 * are composed from a base letter and a 2-row mark above it, which covers
 * every letter CP858 has for Spanish and Kreyòl (á é í ó ú ñ ü, è ò à …).
 *
 * Encoding: each glyph is 9 base-32 digits, one per row from the top; a digit
 * is the row's 5 pixels as bits, leftmost pixel = 16.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  '0': 'ehjlphe00',
  '1': '4c4444e00',
  '2': 'eh1248v00',
  '3': 'eh161he00',
  '4': '26aiv2200',
  '5': 'vgu11he00',
  '6': '68guhhe00',
  '7': 'v12488800',
  '8': 'ehhehhe00',
  '9': 'ehhf12c00',
  A: 'ehhvhhh00',
  B: 'uhhuhhu00',
  C: 'ehggghe00',
  D: 'sihhhis00',
  E: 'vgguggv00',
  F: 'vgguggg00',
  G: 'ehgnhhf00',
  H: 'hhhvhhh00',
  I: 'e44444e00',
  J: '72222ic00',
  K: 'hikokih00',
  L: 'ggggggv00',
  M: 'hrllhhh00',
  N: 'hhpljhh00',
  O: 'ehhhhhe00',
  P: 'uhhuggg00',
  Q: 'ehhhlid00',
  R: 'uhhukih00',
  S: 'fgge11u00',
  T: 'v44444400',
  U: 'hhhhhhe00',
  V: 'hhhhha400',
  W: 'hhhllla00',
  X: 'hha4ahh00',
  Y: 'hha444400',
  Z: 'v1248gv00',
  a: '00e1fhf00',
  b: 'ggmphhu00',
  c: '00egghe00',
  d: '11djhhf00',
  e: '00ehvge00',
  f: '698s88800',
  g: '00fhhhf1e',
  h: 'ggmphhh00',
  i: '40c444e00',
  j: '2062222ic',
  k: 'ggikoki00',
  l: 'c44444e00',
  m: '00qllll00',
  n: '00mphhh00',
  o: '00ehhhe00',
  p: '00uhhhugg',
  q: '00fhhhf11',
  r: '00mpggg00',
  s: '00fge1u00',
  t: '88s889600',
  u: '00hhhjd00',
  v: '00hhha400',
  w: '00hhlla00',
  x: '00ha4ah00',
  y: '00hhhhf1e',
  z: '00v248v00',
  ı: '00c444e00',
  '!': '444440400',
  '"': 'aaa000000',
  '#': 'aavavaa00',
  $: '4fke5u400',
  '%': 'op248j300',
  '&': 'cik8lid00',
  "'": '448000000',
  '(': '248884200',
  ')': '842224800',
  '*': '04lel4000',
  '+': '044v44000',
  ',': '00000cc48',
  '-': '000v00000',
  '.': '00000cc00',
  '/': '01248g000',
  ':': '0cc0cc000',
  ';': '0cc0cc480',
  '<': '248g84200',
  '=': '00v0v0000',
  '>': '842124800',
  '?': 'eh1240400',
  '@': 'eh1dlle00',
  '[': 'e88888e00',
  '\\': '0g8421000',
  ']': 'e22222e00',
  '^': '4ah000000',
  _: '0000000v0',
  '`': '842000000',
  '{': '244844200',
  '|': '444444400',
  '}': '844244800',
  '~': '008l20000',
  '¿': '4048ghe00',
  '¡': '404444400',
  '€': '78u8u8700',
  ª: 'e1fhf0v00',
  º: 'ehhe0v000',
  '°': 'ciic00000',
  '·': '000cc0000',
  '«': '05aka5000',
  '»': '0ka5ak000',
  ç: '00egghe4c',
  Ç: 'ehggghe4c',
  ß: 'ciikiim00',
  '×': '0ha4ah000',
  '÷': '040v04000',
  '±': '44v440v00',
  '£': '698s88v00',
};

/** Marks, two rows each, drawn above the x-height (lower case) or above the capital (upper case). */
const MARKS = { acute: [0b00010, 0b00100], grave: [0b01000, 0b00100], circumflex: [0b00100, 0b01010], tilde: [0b01101, 0b10010], diaeresis: [0b01010, 0] };
type Mark = keyof typeof MARKS;

const COMPOSED: Readonly<Record<string, readonly [string, Mark]>> = Object.fromEntries(
  (
    [
      ['acute', 'áéíóúýÁÉÍÓÚÝ', 'aeıouyAEIOUY'],
      ['grave', 'àèìòùÀÈÌÒÙ', 'aeıouAEIOU'],
      ['circumflex', 'âêîôûÂÊÎÔÛ', 'aeıouAEIOU'],
      ['tilde', 'ãõñÃÕÑ', 'aonAON'],
      ['diaeresis', 'äëïöüÿÄËÏÖÜ', 'aeıouyAEIOU'],
    ] as const
  ).flatMap(([mark, accented, bases]) => [...accented].map((c, i) => [c, [[...bases][i]!, mark as Mark]] as const)),
);

/** Drawn for anything the font lacks: a hollow box, so a missing glyph is visible rather than silently blank. */
const MISSING = 'vhhhhhv00';

export const GLYPH_COLUMNS = 5;
/** Rows −2 and −1 hold capital accents; rows 0–6 capital height; 7–8 descenders. */
export const GLYPH_ROWS = 11;

function rowsOf(code: string): number[] {
  return [...code].map((d) => parseInt(d, 32));
}

/** The glyph for `char` as 11 rows of 5 bits (leftmost pixel = 16). */
export function glyph(char: string): readonly number[] {
  const direct = GLYPHS[char];
  if (direct !== undefined) return [0, 0, ...rowsOf(direct)];
  const composed = COMPOSED[char];
  if (!composed) return char.trim() === '' ? new Array<number>(GLYPH_ROWS).fill(0) : [0, 0, ...rowsOf(MISSING)];
  const [baseChar, mark] = composed;
  const rows = [0, 0, ...rowsOf(GLYPHS[baseChar] ?? MISSING)];
  // Lower-case letters leave rows 0–1 free for the mark; capitals take it above, in rows −2 and −1.
  const at = baseChar === baseChar.toLowerCase() ? 2 : 0;
  rows[at] = MARKS[mark][0]!;
  rows[at + 1] = MARKS[mark][1]!;
  return rows;
}
