/**
 * How a technician (through kioskctl, on stdin) or a test drives a byte-level
 * device simulator: one control line in, one JSON reply out. Shared by the
 * card-reader and fingerprint simulators, so both answer, fail and stop the
 * same way.
 */
import { createInterface } from 'node:readline';

/** Replies are log lines: a RUN in one is masked (card-reader/run.ts maskRun). */
export type SimulatorReply =
  | ({ readonly ok: true; readonly command: string } & Readonly<Record<string, unknown>>)
  | { readonly ok: false; readonly command: string | null; readonly error: { readonly code: string; readonly message: string } };

export function failure(command: string | null, code: string, message: string): SimulatorReply {
  return { ok: false, command, error: { code, message } };
}

/** A command that threw: the error's stable code when it has one (TransportError's, …), else sim.internal. */
export function thrownReply(command: string, error: unknown): SimulatorReply {
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'sim.internal';
  return failure(command, code, error instanceof Error ? error.message : String(error));
}

export interface ControlledSimulator {
  readonly isRunning: boolean;
  /** Stops the simulator for good (unplugs, removes its link). */
  stop(): Promise<void>;
}

/**
 * Drives the simulator from a line stream (stdin for kioskctl), one line at a
 * time through `handle` (which answers null for a blank line and never
 * throws), until `quit`, the end of input (after the queued lines are done)
 * or `stop` resolves (SIGINT/SIGTERM); then stops it.
 */
export async function runSimulatorControl(
  simulator: ControlledSimulator,
  handle: (line: string) => Promise<SimulatorReply | null>,
  input: NodeJS.ReadableStream,
  emit: (reply: SimulatorReply) => void,
  stop: Promise<void>,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let queue = Promise.resolve();
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      if (!simulator.isRunning) return;
      const reply = await handle(line);
      if (reply) emit(reply);
      if (reply?.ok && reply.command === 'quit') quit();
    });
  });
  const ended = new Promise<void>((resolve) => lines.once('close', resolve)).then(() => queue);
  try {
    await Promise.race([ended, quitting, stop]);
  } finally {
    lines.close();
    await simulator.stop();
    // A command cut short by the stop answers (not_connected) before the caller's final line.
    await queue;
  }
}
