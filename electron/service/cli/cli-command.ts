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
}

export interface CliCommand {
  readonly path: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIO): Promise<unknown>;
}

export type CliErrorCode = 'usage' | 'not_found' | 'device' | 'timeout' | 'invalid_input' | 'internal';

/** An error a technician can act on: a stable code plus a sentence. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = code === 'usage' ? 2 : 1) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
  }
}
