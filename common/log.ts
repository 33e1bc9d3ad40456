/**
 * Structured log lines (JSON, one per line). Callers pass an event name and a
 * few scalar fields — codes, counts, command names — never payloads: the
 * privacy rules forbid RUNs, names, emails, phones, passwords and biometric
 * data in logs, and the simplest way to honour that is to never hand a payload
 * to the logger at all.
 *
 * Redaction is defence in depth for the day a caller gets that wrong: a field
 * whose key names personal data is written as "[redacted]", and whatever
 * common/redaction.ts recognises inside any string (event name and values
 * alike: RUNs, e-mail addresses, phone numbers, `password=…`, MRZ lines,
 * private keys, tokens) is replaced, before the line exists. Over-redaction is
 * the accepted failure: a code that looks like a RUN loses its digits, a
 * person's data never reaches the disk.
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
import { isPersonalKey, REDACTED, scrubText } from './redaction.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

export { isPersonalKey, REDACTED, scrubText } from './redaction.ts';

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
