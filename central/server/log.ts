/**
 * Structured log lines for the central sandbox (JSON, one per line). Same
 * shape as the kiosk's logger, kept separate because central/ shares no code
 * with the kiosk. Fields are scalars chosen by the caller — route patterns,
 * status codes, kiosk ids, certificate serials — never bodies, tokens, keys,
 * RUNs, names or anything else a citizen typed.
 */
export type CentralLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type CentralLogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface CentralLogger {
  log(level: CentralLogLevel, event: string, fields?: CentralLogFields): void;
}

export function createCentralLogger(write: (line: string) => void, now: () => Date = () => new Date()): CentralLogger {
  return {
    log(level, event, fields = {}) {
      write(`${JSON.stringify({ t: now().toISOString(), level, component: 'central', event, ...fields })}\n`);
    },
  };
}

export const silentCentralLogger: CentralLogger = { log() {} };
