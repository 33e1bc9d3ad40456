/**
 * sd_notify(3) for a kiosk started by a systemd unit (packaging/linux/systemd),
 * without a native module: Node has no unix datagram sockets, so the message
 * goes through systemd's own `systemd-notify` tool, run as a child.
 *
 * No `--pid`: that would send MAINPID= and make systemd watch the Electron
 * process instead of cage, the unit's real main process. The sender is a
 * short-lived child, which the unit accepts because of NotifyAccess=all (any
 * process of the unit's cgroup); and systemd-notify since v246 waits until the
 * manager has processed the message (sd_notify_barrier; `--no-block` turns it
 * off), which closes the old race where the sender exited before systemd could
 * tell which unit it belonged to.
 *
 * Outside a unit (NOTIFY_SOCKET unset: development, tests, a kiosk started by
 * hand) nothing is run at all.
 */
import { execFile } from 'node:child_process';

/** The states the kiosk sends; STATUS= text is ours (a code), never citizen data. */
export type NotifyState = 'READY=1' | 'WATCHDOG=1' | 'STOPPING=1' | `STATUS=${string}`;

export type NotifyErrorCode = 'systemd.notify_failed' | 'systemd.notify_bad_state';

export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  readonly code: NotifyErrorCode;
  readonly reason: string;
  constructor(code: NotifyErrorCode, reason: string) {
    super(`${code}: ${reason}`);
    this.code = code;
    this.reason = reason;
  }
}

export type NotifyOutcome = { readonly ok: true; readonly sent: boolean } | { readonly ok: false; readonly error: NotifyError };

/** Runs `systemd-notify` with these arguments; resolves with its exit code, or an error text when it could not run. */
export type RunNotifyTool = (args: readonly string[]) => Promise<{ readonly exitCode: number } | { readonly failure: string }>;

export interface SystemdNotifier {
  /** True when a service manager listens (NOTIFY_SOCKET is set). */
  readonly enabled: boolean;
  notify(...states: readonly NotifyState[]): Promise<NotifyOutcome>;
}

/**
 * Above systemd-notify's own barrier wait (5 s, after which it exits by itself) so a slow manager is not cut
 * short; a tool hung past it costs one watchdog ping (30 s apart), not the ones after.
 */
const TOOL_TIMEOUT_MS = 10_000;

/** The real tool, with the environment that holds NOTIFY_SOCKET. */
export const systemdNotifyTool =
  (env: NodeJS.ProcessEnv): RunNotifyTool =>
  (args) =>
    new Promise((resolve) => {
      execFile('systemd-notify', [...args], { env, timeout: TOOL_TIMEOUT_MS, windowsHide: true }, (error) => {
        if (error === null) return resolve({ exitCode: 0 });
        // A numeric code is the tool's own exit status; anything else (ENOENT, killed on timeout) means it did not run through.
        if (typeof error.code === 'number') return resolve({ exitCode: error.code });
        resolve({ failure: error.killed ? 'timed out' : String(error.code ?? error.message) });
      });
    });

/** A state is one line of the datagram: a newline in it would smuggle in another assignment. */
function isWellFormed(state: string): boolean {
  return /^[A-Z_]+=[^\n\r\0]*$/.test(state);
}

export function createSystemdNotifier(env: NodeJS.ProcessEnv, run: RunNotifyTool = systemdNotifyTool(env)): SystemdNotifier {
  const enabled = typeof env.NOTIFY_SOCKET === 'string' && env.NOTIFY_SOCKET !== '';
  return {
    enabled,
    async notify(...states) {
      const bad = states.find((state) => !isWellFormed(state));
      if (bad !== undefined || states.length === 0) {
        return { ok: false, error: new NotifyError('systemd.notify_bad_state', states.length === 0 ? 'no state given' : 'malformed state') };
      }
      if (!enabled) return { ok: true, sent: false };
      const result = await run(states);
      if ('failure' in result) return { ok: false, error: new NotifyError('systemd.notify_failed', result.failure) };
      if (result.exitCode !== 0) return { ok: false, error: new NotifyError('systemd.notify_failed', `exit code ${result.exitCode}`) };
      return { ok: true, sent: true };
    },
  };
}
