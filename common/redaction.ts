/**
 * What the logger and the diagnostics bundle scrub out of text. The logger
 * never gets a payload to begin with (common/log.ts); this is the defence in
 * depth for the day a caller gets that wrong, and for a service log file that
 * also caught whatever else wrote to stderr. Over-redaction is the accepted
 * failure: a count that looks like a RUN loses its digits, a person's data
 * never leaves the kiosk.
 *
 * Three passes over the text, in this order:
 * 1. Key and value: a value whose key names personal data or a secret
 *    (`password=…`, `"givenNames":[…]`, `Nombre: …`, `token: …`), quoted or
 *    not, JSON or free text. This is how names go: a name has no shape a
 *    pattern could tell from other words, but it comes with a key. The value
 *    runs to the end of its quotes or brackets, else to the next `,` `;` `&`
 *    quote, bracket or line end (so a passphrase with spaces goes whole).
 * 2. Known names, when the scrubber is given a list (the synthetic
 *    population's, say): each as a whole word, as written or in capitals,
 *    with or without its accents and apostrophes (the MRZ drops them).
 * 3. Shapes: a PEM private key (the whole block, or to the end of its
 *    base64 when the END line is missing); an MRZ line (letters, digits and
 *    `<` filler); e-mail addresses; Chilean mobile numbers with or without
 *    +56; RUNs with dots and hyphen, with a hyphen only, or bare (any
 *    standalone 8 or 9 digits, the last one possibly K: a 7- or 8-digit
 *    number and its check digit — card serials have that shape too); the
 *    alphanumeric card serial (`B5F089055`); and tokens: a standalone run of
 *    32 or more base64url characters holding two of upper case, lower case
 *    and digits (a registration token is 43; hex digests go too, as hex keys
 *    would). UUIDs are kept: session ids and
 *    idempotency keys carry nobody's data, and their first group can be all
 *    digits.
 *
 * Quantifiers are bounded or anchored to run starts, so a long text costs
 * linear time. Pure: no Node built-ins, no dependencies (electron/main and the
 * renderer-free layers import it).
 */
export const REDACTED = '[redacted]';

/**
 * Keys compared after lower-casing and dropping everything but letters and
 * digits, so `firstName`, `first_name` and `FIRST-NAME` are one key. Spanish
 * names too: a field is as likely to be called `correo` as `email`.
 */
const PERSONAL_KEYS = new Set([
  'run',
  'rut',
  'citizenrun',
  'cedula',
  'documentnumber',
  'cardserial',
  'mrz',
  'name',
  'names',
  'nombre',
  'nombres',
  'apellido',
  'apellidos',
  'firstname',
  'lastname',
  'surname',
  'surnames',
  'givenname',
  'givennames',
  'familyname',
  'fullname',
  'holder',
  'titular',
  'email',
  'mail',
  'correo',
  'phone',
  'mobile',
  'telefono',
  'celular',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'contrasena',
  // `contraseña` without its ñ, as the normalisation below leaves it.
  'contrasea',
  'clave',
  'pin',
  'secret',
  'template',
  'minutiae',
  'token',
  'verificationtoken',
  'activationcode',
  'codigoactivacion',
  'address',
  'direccion',
  'birthdate',
  'dateofbirth',
  'fechanacimiento',
]);
/** A key ending in one of these is personal whatever comes before (`citizenEmail`, `centralRegistrationToken`). */
const PERSONAL_KEY_ENDINGS = [
  'rut',
  'email',
  'phone',
  'mobile',
  'password',
  'passphrase',
  'pin',
  'pinhash',
  'secret',
  'privatekey',
  'token',
  'activationcode',
  'fingertemplate',
  'fingerprinttemplate',
  'firstname',
  'lastname',
  'fullname',
  'givenname',
  'givennames',
  'surname',
  'surnames',
  'holdername',
  'nombres',
  'apellidos',
];

export function isPersonalKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PERSONAL_KEYS.has(normalized) || PERSONAL_KEY_ENDINGS.some((ending) => normalized.endsWith(ending));
}

/** `citizen.name`, `holder.givenNames`: the last segment decides as well. */
const isPersonalKeyPath = (key: string): boolean => isPersonalKey(key) || isPersonalKey(key.slice(key.lastIndexOf('.') + 1));

/*
 * A key (optionally quoted, as in JSON), then `=` or `:`. The key starts at a
 * word start, so `hostname:` is read as one key and never as `name:`.
 */
const KEY_THEN_SEPARATOR = /(?<![A-Za-z0-9_])(["']?)([A-Za-z][\w.-]{0,40})\1[ \t]*[=:][ \t]*/g;
const MAX_VALUE = 20_000;
const UNQUOTED_END = /[,;&"'\]}\r\n]|\\[nr"]/;

/** Where the value that starts at `start` ends: its closing quote or bracket, or the next delimiter. */
function valueEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_VALUE);
  const first = text[start];
  if (first === '"' || first === "'") {
    for (let i = start + 1; i < limit; i += 1) {
      if (text[i] === '\\') i += 1;
      else if (text[i] === first) return i + 1;
    }
    return limit;
  }
  // A quote escaped inside a JSON string: `\"secret words\"`.
  if (first === '\\' && text[start + 1] === '"') {
    const close = text.indexOf('\\"', start + 2);
    return close < 0 || close > limit ? limit : close + 2;
  }
  if (first === '[' || first === '{') {
    let depth = 0;
    let quote: string | null = null;
    for (let i = start; i < limit; i += 1) {
      const c = text[i]!;
      if (quote !== null) {
        if (c === '\\') i += 1;
        else if (c === quote) quote = null;
      } else if (c === '"') quote = c;
      else if (c === '[' || c === '{') depth += 1;
      else if (c === ']' || c === '}') {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
    return limit;
  }
  const rest = text.slice(start, limit);
  const end = UNQUOTED_END.exec(rest);
  // Trailing spaces before a delimiter stay: they are layout, not the value.
  const value = end === null ? rest : rest.slice(0, end.index);
  return start + value.trimEnd().length;
}

function redactKeyedValues(text: string): string {
  let out = '';
  let from = 0;
  KEY_THEN_SEPARATOR.lastIndex = 0;
  for (let match = KEY_THEN_SEPARATOR.exec(text); match !== null; match = KEY_THEN_SEPARATOR.exec(text)) {
    if (!isPersonalKeyPath(match[2]!)) continue;
    const start = match.index + match[0].length;
    const end = valueEnd(text, start);
    const value = text.slice(start, end);
    // A flag, an empty value or a marker written in a secret's place ("[set]", "[redacted]") carries nobody's data.
    if (end === start || /^(?:true|false|null|"\[(?:set|redacted)\]")$/.test(value)) continue;
    // Quotes stay where they were, so a JSON line stays JSON.
    const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0];
    const jsonKey = match[1] === '"';
    const replacement = quoted ? `${value[0]}${REDACTED}${value[0]}` : jsonKey ? `"${REDACTED}"` : REDACTED;
    out += text.slice(from, start) + replacement;
    from = end;
    KEY_THEN_SEPARATOR.lastIndex = end;
  }
  return out + text.slice(from);
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PEM_PRIVATE_KEY =
  '-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(?:[\\s\\S]{0,16384}?-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|[A-Za-z0-9+/=\\s\\\\:,-]{0,16384})';
/** TD1 lines are 30 characters, TD2 36, TD3 44; a logged one may be cut, so: 8 or more, at least one `<`, from a run start. */
const MRZ_LINE = '(?<![a-z0-9<])(?=[a-z0-9<]{0,99}<)[a-z0-9<]{8,}';
// The local part is anything up to 64 characters without space or @ (RFC 5321 §4.5.3.1.1).
const EMAIL = '[^\\s@]{1,64}@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,126}\\.[a-z]{2,63}';
const CHILEAN_MOBILE = '\\+?56[\\s.-]?9(?:[\\s.-]?\\d){8}';
/** Not inside a longer word or number (a decimal, a version, a timestamp). */
const ALONE_BEFORE = '(?<![\\w.+])';
const ALONE_AFTER = '(?![\\w]|[.,]\\d)';
const NATIONAL_MOBILE = `${ALONE_BEFORE}9[\\s.-]?\\d{4}[\\s.-]?\\d{4}${ALONE_AFTER}`;
const RUN = '\\d{1,3}(?:\\.\\d{3}){2}-[\\dk]|\\d{6,9}-[\\dk]';
const BARE_RUN = `${ALONE_BEFORE}\\d{7,8}[\\dk]${ALONE_AFTER}`;
const ALPHANUMERIC_SERIAL = `${ALONE_BEFORE}[a-z]\\d[a-z]\\d{6}${ALONE_AFTER}`;
const TOKEN_CANDIDATE = '(?<![\\w-])[\\w-]{32,}(?![\\w-])';

const SHAPES = [PEM_PRIVATE_KEY, MRZ_LINE, EMAIL, CHILEAN_MOBILE, RUN, NATIONAL_MOBILE, BARE_RUN, ALPHANUMERIC_SERIAL];
const PERSONAL_TEXT = new RegExp(`(${UUID})|(${TOKEN_CANDIDATE})|${SHAPES.join('|')}`, 'gi');
const PERSONAL_TEXT_BUT_TOKENS = new RegExp(`(${UUID})|${SHAPES.join('|')}`, 'gi');

/** Two of upper case, lower case and digits: a random base64url string always has them; a snake_case code has neither. */
const looksRandom = (text: string): boolean => [/[A-Z]/, /[a-z]/, /\d/].filter((kind) => kind.test(text)).length >= 2;

function redactShapes(text: string): string {
  return text.replace(PERSONAL_TEXT, (match, uuid: string | undefined, tokenCandidate: string | undefined) => {
    if (uuid !== undefined) return match;
    if (tokenCandidate === undefined) return REDACTED;
    if (looksRandom(tokenCandidate)) return REDACTED;
    // A long identifier that is not a token may still hold a RUN between its hyphens.
    return tokenCandidate.replace(PERSONAL_TEXT_BUT_TOKENS, (inner, innerUuid: string | undefined) => (innerUuid !== undefined ? inner : REDACTED));
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withoutAccents = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/**
 * A name as written (`Pía`) and in capitals (`PÍA`), each with and without its
 * accents and apostrophes (the MRZ drops them: ICAO 9303 Part 3 §6). Not in
 * lower case: kiosk ids and event codes are, and `pia-01` is not a person.
 */
function knownNamesPattern(names: readonly string[]): RegExp | null {
  const forms = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim().normalize('NFC');
    if (trimmed.length < 2) continue;
    for (const written of [trimmed, trimmed.toUpperCase()]) {
      forms.add(written);
      forms.add(withoutAccents(written));
      forms.add(withoutAccents(written).replace(/'/g, ''));
    }
  }
  if (forms.size === 0) return null;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
}

export type TextScrubber = (text: string) => string;

/** A scrubber that also knows some names (given names, surnames) to take out wherever they appear. */
export function createTextScrubber(options: { readonly knownNames?: readonly string[] } = {}): TextScrubber {
  const names = knownNamesPattern(options.knownNames ?? []);
  return (text) => {
    const keyed = redactKeyedValues(text);
    return redactShapes(names === null ? keyed : keyed.normalize('NFC').replace(names, REDACTED));
  };
}

/** The text with every personal value or secret this module recognises replaced by "[redacted]". */
export const scrubText: TextScrubber = createTextScrubber();
