/**
 * Reads the `--kiosk-dev=1|0` argument main passes through
 * `webPreferences.additionalArguments` (electron/main/window-options.ts; a
 * test keeps the two in step, since lint forbids preload and main from
 * importing each other). Anything but exactly one `=1` means production:
 * the dev.* API is only exposed when main clearly asked for it.
 */
export const KIOSK_DEV_ARG = '--kiosk-dev';

export function readDevFlag(argv: readonly string[]): boolean {
  const flags = argv.filter((arg) => arg.startsWith(`${KIOSK_DEV_ARG}=`));
  return flags.length === 1 && flags[0] === `${KIOSK_DEV_ARG}=1`;
}
