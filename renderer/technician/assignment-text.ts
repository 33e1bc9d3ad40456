/**
 * Small edits to a compact device assignment as the technician builds it on
 * the touch screen; the service validates the result (config/device-config.ts).
 */

/** `serial:/dev/ttyUSB0` + 57600 → `serial:/dev/ttyUSB0@57600`; a speed already there is replaced. Only serial and hid take one. */
export function withBaud(assignment: string, baud: number): string {
  const text = assignment.trim();
  if (!/^(serial|hid):/.test(text)) return text;
  const at = text.lastIndexOf('@');
  const base = at > text.indexOf(':') ? text.slice(0, at) : text;
  return `${base}@${baud}`;
}
