/**
 * Structured log lines (JSON, one per line). Callers pass an event name and a
 * few scalar fields — codes, counts, command names — never payloads: the
 * privacy rules forbid RUNs, names, emails, phones, passwords and biometric
 * data in logs, and the simplest way to honour that is to never hand a payload
 * to the logger at all.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** `KIOSK_LOG_LEVEL` (debug, info, warn, error); anything else means info. */
export function logLevelFromEnv(value: string | undefined): LogLevel {
  return value !== undefined && Object.hasOwn(LEVEL_ORDER, value) ? (value as LogLevel) : 'info';
}

export function createLogger(
  write: (line: string) => void,
  component: string,
  minLevel: LogLevel = 'debug',
  now: () => Date = () => new Date(),
): Logger {
  return {
    log(level, event, fields = {}) {
      if (LEVEL_ORDER[level] < LEVEL_ORDER[minLevel]) return;
      write(`${JSON.stringify({ t: now().toISOString(), level, component, event, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
