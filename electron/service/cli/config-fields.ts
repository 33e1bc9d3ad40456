/** A configuration field as a technician types it on the command line (`stepTimeouts.cardSeconds`). */
import { CliError } from './cli-command.ts';

const SEGMENT = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** `stepTimeouts.cardSeconds` → its path; a segment that is not a plain name (`__proto__`, `a..b`) is a usage error. */
export function fieldPath(field: string): string[] {
  const path = field.split('.');
  if (path.length > 4 || !path.every((segment) => SEGMENT.test(segment))) {
    throw new CliError(
      'usage',
      `"${field}" is not a configuration field; fields are names joined by dots, e.g. stepTimeouts.cardSeconds (see kioskctl config get)`,
    );
  }
  return path;
}
