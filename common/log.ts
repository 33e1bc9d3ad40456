/**
 * Structured log lines (JSON, one per line). Callers pass an event name and a
 * few scalar fields — codes, counts, command names — never payloads: the
 * privacy rules forbid RUNs, names, emails, phones, passwords and biometric
 * data in logs, and the simplest way to honour that is to never hand a payload
 * to the logger at all.
 *
 * Redaction is defence in depth for the day a caller gets that wrong: a field
 * whose key names personal data is written as "[redacted]", and any RUN,
 * email address or Chilean mobile number inside any string (event name and
 * values alike) is replaced, before the line exists. Over-redaction is the
 * accepted failure: a code that looks like a RUN loses its digits, a person's
 * data never reaches the disk.
 *
 * Why not pino (suggested by the issue): its `redact` option censors fixed
 * key paths only (`req.headers.authorization`, `*.email`), so it would not
 * catch a RUN inside a free-text value such as an error message, which is the
 * leak this layer exists for; we would still need the value scan below. What
 * pino adds beyond that — speed through worker-thread transports, child
 * loggers, serializers — the kiosk does not need at a few lines a minute, and
 * this module must stay pure (no Node built-ins, no dependencies) because
 * electron/main imports it as well as the service. It is also not installed,
 * and a new dependency should earn its place (CONVENTIONS.md, "Habits").
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

export const REDACTED = '[redacted]';

/** `KIOSK_LOG_LEVEL` (debug, info, warn, error); anything else means info. */
export function logLevelFromEnv(value: string | undefined): LogLevel {
  return value !== undefined && Object.hasOwn(LEVEL_ORDER, value) ? (value as LogLevel) : 'info';
}

export function createLogger(write: (line: string) => void, component: string, minLevel: LogLevel = 'debug', now: () => Date = () => new Date()): Logger {
  return {
    log(level, event, fields = {}) {
      if (LEVEL_ORDER[level] < LEVEL_ORDER[minLevel]) return;
      write(`${JSON.stringify({ t: now().toISOString(), level, component: scrubText(component), event: scrubText(event), ...redactFields(fields) })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };

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
  'givenname',
  'familyname',
  'fullname',
  'email',
  'mail',
  'correo',
  'phone',
  'mobile',
  'telefono',
  'celular',
  'password',
  'passwd',
  'contrasena',
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
];

export function isPersonalKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PERSONAL_KEYS.has(normalized) || PERSONAL_KEY_ENDINGS.some((ending) => normalized.endsWith(ending));
}

/*
 * One pass, leftmost match first. The first alternative is a UUID (session
 * ids, idempotency keys), kept as it is: its first group can be all digits
 * and would otherwise read as a RUN. Quantifiers are bounded, so a long value
 * costs linear time.
 * - email: the local part is anything up to 64 characters without space or @
 *   (RFC 5321 §4.5.3.1.1), so unusual characters cannot cut a match short.
 * - Chilean mobile: +56 9 and eight digits, spaces, dots or dashes between
 *   groups optional, the + optional.
 * - RUN: 1.234.567-K or 12345678-5 style, check digit 0-9 or K; a mistyped
 *   check digit is still someone's number, so it is not verified.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EMAIL = '[^\\s@]{1,64}@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,126}\\.[a-z]{2,63}';
const CHILEAN_MOBILE = '\\+?56[\\s.-]?9(?:[\\s.-]?\\d){8}';
const RUN = '\\d{1,3}(?:\\.\\d{3}){2}-[\\dk]|\\d{6,9}-[\\dk]';
const PERSONAL_TEXT = new RegExp(`(${UUID})|${EMAIL}|${CHILEAN_MOBILE}|${RUN}`, 'gi');

/** The text with every RUN, email address and Chilean mobile number replaced by "[redacted]". */
export function scrubText(text: string): string {
  return text.replace(PERSONAL_TEXT, (match, uuid: string | undefined) => (uuid !== undefined ? match : REDACTED));
}

type LogValue = LogFields[string];

function redactValue(key: string, value: LogValue): LogValue {
  if (value === null || typeof value === 'boolean') return value;
  if (isPersonalKey(key) || scrubText(key) !== key) return REDACTED;
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'number') return value;
  // Only scalars are loggable; anything else came from an untyped caller and may be a payload.
  return REDACTED;
}

/** Built with Object.fromEntries so that no key, not even `__proto__`, is lost or reaches a prototype. */
function redactFields(fields: LogFields): Record<string, LogValue> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [scrubText(key), redactValue(key, value)]),
  );
}
