/**
 * The shape of a kioskctl command: a path of words (`card parse`), a summary
 * for `kioskctl help`, and a `run` that returns a JSON-serialisable result or
 * throws a CliError. Long-running commands (simulators) resolve when stopped.
 */
export interface CliIO {
  readonly stdin: NodeJS.ReadableStream;
  /** One JSON document per line, for results and for simulators' events. */
  emit(value: unknown): void;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM or end of stdin for simulators). */
  readonly stopped: Promise<void>;
  /** The process environment (KIOSK_DATA_DIR); injectable for tests of the commands in-process. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where questions to a person at a terminal go (stderr: stdout carries only JSON). */
  readonly prompts?: NodeJS.WritableStream;
}

export interface CliCommand {
  readonly path: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIO): Promise<unknown>;
}

/**
 * kioskctl's exit codes, stable for scripts (listed by `kioskctl help`).
 * 78 is not among them: that is the service's own EX_CONFIG.
 */
export const EXIT_CODES = {
  ok: 0,
  /** A check failed (selftest, a device that does not answer) or the command could not do what it was asked. */
  failed: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** The configuration is invalid or incomplete (a value out of range, a non-https URL, not registered yet). */
  invalidConfiguration: 3,
  /** Something the command needs cannot be reached: central, the kiosk database. */
  unavailable: 4,
  /** Central answered and refused: a wrong, used or expired token, a certificate it does not accept. */
  refused: 5,
} as const;

export const EXIT_CODE_MEANINGS: Readonly<Record<number, string>> = {
  [EXIT_CODES.ok]: 'ok (a selftest with warnings only is ok)',
  [EXIT_CODES.failed]: 'a check failed, or the command could not do what it was asked (the error says why)',
  [EXIT_CODES.usage]: 'usage error: unknown command or option, missing or malformed argument',
  [EXIT_CODES.invalidConfiguration]: 'invalid or incomplete configuration; error.field names the field; nothing was written',
  [EXIT_CODES.unavailable]: 'not reachable or unavailable: central (connection refused, timeout, untrusted certificate) or the kiosk database',
  [EXIT_CODES.refused]: 'central refused: wrong, used or expired registration token, or a client certificate it does not accept',
};

const UNAVAILABLE = new Set([
  'central.unreachable',
  'central.timeout',
  'central.untrusted',
  'central.error',
  'central.bad_response',
  'db.open_failed',
  'db.not_found',
  'db.newer_version',
]);
const REFUSED = new Set(['central.registration_failed', 'central.refused']);
const INVALID_CONFIGURATION = new Set(['config.invalid', 'central.config_invalid', 'central.not_registered', 'central.credentials_invalid']);

/** The exit code an error code means, unless the error says otherwise. */
export function exitCodeFor(code: string): number {
  if (code === 'usage') return EXIT_CODES.usage;
  if (INVALID_CONFIGURATION.has(code)) return EXIT_CODES.invalidConfiguration;
  if (UNAVAILABLE.has(code)) return EXIT_CODES.unavailable;
  if (REFUSED.has(code)) return EXIT_CODES.refused;
  return EXIT_CODES.failed;
}

export type CliErrorCode = 'usage' | 'not_found' | 'device' | 'timeout' | 'invalid_input' | 'internal';

/** An error a technician can act on: a stable code plus a sentence, and the configuration field when one is at fault. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly field: string | undefined;
  constructor(code: string, message: string, exitCode = exitCodeFor(code), field?: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
    this.field = field;
  }
}

/** A result printed on stdout that still ends with a non-zero exit code (a selftest with a failed check). */
export class CliOutcome {
  readonly value: unknown;
  readonly exitCode: number;
  constructor(value: unknown, exitCode: number) {
    this.value = value;
    this.exitCode = exitCode;
  }
}
