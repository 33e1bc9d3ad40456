import { type ErrorCode, fail, isCommandName, type Result, type ValidatedCommand, validateCommand } from '../contract/index.ts';
import type { Logger } from '../../common/log.ts';
import { isTrustedSender } from './url-guard.ts';

/** Who sent an IPC message, as read from `event.senderFrame` by index.ts. */
export interface InvokeSender {
  /** URL of the sending frame; null when the frame is gone. */
  readonly frameUrl: string | null | undefined;
  /** Top frame of the kiosk window (not a subframe, not another webContents). */
  readonly isMainFrame: boolean;
}

export interface InvokeGuardOptions {
  /** Simulated devices present: dev.* commands exist. */
  readonly dev: boolean;
  /** Runs a validated command (relay to the service, or answer in main). */
  readonly forward: (command: ValidatedCommand) => Promise<Result<unknown>>;
  readonly log: Logger;
}

/** The preload's message: `{ command, payload }` and nothing else. */
function readInvokeMessage(raw: unknown): { command: unknown; payload: unknown } | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  if (!Object.keys(raw).every((key) => key === 'command' || key === 'payload')) return null;
  const message = raw as { command?: unknown; payload?: unknown };
  return { command: message.command, payload: message.payload };
}

/**
 * Everything between `ipcMain.handle` and the service (reference §1.2, "IPC
 * sender validation"): a trusted sender, a well-formed message, a known
 * command whose payload passes its zod schema, and dev commands only on a
 * kiosk with simulated devices. Each refusal is a typed Result and one log
 * line with the code and the command name. The payload is never logged, and
 * an unknown command name is not either: it is renderer-controlled text and
 * could carry anything (a RUN, an email).
 */
export async function handleInvoke(sender: InvokeSender, raw: unknown, options: InvokeGuardOptions): Promise<Result<unknown>> {
  const refuse = (code: ErrorCode, command: unknown): Result<never> => {
    options.log.log('warn', 'ipc.refused', { code, command: isCommandName(command) ? command : '(unknown)' });
    return fail(code);
  };

  const message = readInvokeMessage(raw);
  if (!isTrustedSender(sender.frameUrl, sender.isMainFrame)) return refuse('ipc.untrusted_sender', message?.command);
  if (message === null) return refuse('contract.invalid_payload', undefined);

  const validated = validateCommand(message.command, message.payload, { dev: options.dev });
  if (!validated.ok) return refuse(validated.error.code, message.command);

  try {
    return await options.forward(validated.value);
  } catch {
    options.log.log('error', 'ipc.forward_failed', { command: validated.value.name });
    return fail('service.internal');
  }
}
