/**
 * errno codes that mean "the device is gone", as opposed to a bug or a
 * permission problem. EIO is what a write to a pty slave gets once its master
 * closed (a read gets end-of-file; see serial-binding.ts) and what a USB tty
 * or usblp returns after unplug (Linux tty and usblp drivers);
 * ENXIO/ENODEV when the device node's driver has been unbound; EBADF is how
 * @serialport/bindings-cpp's poller reports a hung-up fd (observed on Linux
 * when the socat pty master exits); EPIPE/ECONNRESET for sockets and FIFOs.
 */
const DISCONNECT_CODES = new Set([
  'EIO',
  'ENXIO',
  'ENODEV',
  'EBADF',
  'ENOENT',
  'EPIPE',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * @serialport/bindings-cpp reports errors as plain Errors with no `code`: its
 * native calls embed strerror(errno) ("Error: Input/output error, cannot
 * drain", "Error: No such file or directory, cannot open …") and its poller
 * passes libuv's uv_strerror ("bad file descriptor", seen on a pty whose master
 * closed). glibc/macOS and libuv texts, matched case-insensitively, back to names.
 */
const STRERROR_CODES: ReadonlyArray<readonly [string, string]> = [
  ['input/output error', 'EIO'],
  ['i/o error', 'EIO'], // libuv
  ['no such device or address', 'ENXIO'],
  ['device not configured', 'ENXIO'], // macOS wording for ENXIO
  ['no such device', 'ENODEV'],
  ['bad file descriptor', 'EBADF'],
  ['no such file or directory', 'ENOENT'],
  ['permission denied', 'EACCES'],
  ['device or resource busy', 'EBUSY'],
  ['resource busy or locked', 'EBUSY'], // libuv
  ['resource temporarily unavailable', 'EAGAIN'], // also how a held TIOCEXCL lock is reported
];

export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  if (!(error instanceof Error)) return undefined;
  const message = error.message.toLowerCase();
  return STRERROR_CODES.find(([text]) => message.includes(text))?.[1];
}

export function isDisconnectError(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && DISCONNECT_CODES.has(code);
}
