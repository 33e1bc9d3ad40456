/**
 * Confirmation codes: the first content byte of every ACK (hardware-protocols.md
 * §1.4, from the ZFM-20 manual, the R503 manual v1.2.2 and the R30X library).
 * Codes marked R50x or R30x are only sent by that family. Adafruit's host-side
 * pseudo-codes 0xFE/0xFF (bad packet, timeout) are NOT here: the module never
 * sends them, and our host-side failures are typed errors (errors.ts).
 */
const TABLE = [
  [0x00, 'ok', 'command executed'],
  [0x01, 'packetReceiveError', 'error receiving the packet'],
  [0x02, 'noFinger', 'no finger on the sensor'],
  [0x03, 'imageCaptureFailed', 'failed to capture or enroll the image'],
  [0x04, 'imageOverDisorderly', 'image over-disorderly (R30x)'],
  [0x05, 'imageOverWet', 'image over-wet (R30x)'],
  [0x06, 'imageTooDisorderly', 'image too disorderly to generate features'],
  [0x07, 'tooFewFeatures', 'too few feature points or image too small'],
  [0x08, 'noMatch', 'fingers do not match'],
  [0x09, 'notFound', 'no matching finger found'],
  [0x0a, 'combineFailed', 'failed to combine character files'],
  [0x0b, 'pageIdOutOfRange', 'PageID beyond the library range'],
  [0x0c, 'invalidTemplate', 'error reading a template from the library, or template invalid'],
  [0x0d, 'templateUploadFailed', 'error uploading a template'],
  [0x0e, 'cannotReceiveData', 'module cannot receive the following data packets'],
  [0x0f, 'imageUploadFailed', 'error uploading an image'],
  [0x10, 'deleteFailed', 'failed to delete a template'],
  [0x11, 'clearLibraryFailed', 'failed to clear the library'],
  [0x13, 'wrongPassword', 'wrong password'],
  [0x15, 'noValidImage', 'no valid primary image in the buffer'],
  [0x18, 'flashWriteError', 'flash write error'],
  [0x19, 'undefinedError', 'undefined error (R50x)'],
  [0x1a, 'invalidRegister', 'invalid register number'],
  [0x1b, 'badRegisterConfiguration', 'incorrect register configuration (R50x)'],
  [0x1c, 'badNotepadPage', 'wrong notepad page number (R50x)'],
  [0x1d, 'portOperationFailed', 'failed to operate the communication port (R50x)'],
  [0x1f, 'libraryFull', 'library full (R50x)'],
  [0x20, 'wrongAddress', 'address code incorrect'],
  [0x21, 'passwordRequired', 'password must be verified'],
  [0x22, 'templateEmpty', 'template empty (R50x)'],
  [0x24, 'libraryEmpty', 'library empty (R50x)'],
  [0x26, 'timeout', 'timeout (R50x auto commands)'],
  [0x27, 'fingerprintExists', 'fingerprint already exists (R50x)'],
  [0x29, 'sensorHardwareError', 'sensor hardware error (R50x)'],
  [0x41, 'secondScanNoFinger', 'second scan: no finger (R30x)'],
  [0x42, 'secondScanEnrollFailed', 'second scan: enroll failed (R30x)'],
  [0x43, 'secondScanTooFewFeatures', 'second scan: too few features (R30x)'],
  [0x44, 'secondScanDisorderly', 'second scan: image disorderly (R30x)'],
  [0x45, 'duplicateFingerprint', 'second scan: duplicate fingerprint (R30x)'],
  [0xfc, 'unsupportedCommand', 'unsupported command (R50x)'],
  [0xfd, 'hardwareError', 'hardware error (R50x)'],
  [0xfe, 'commandExecutionFailed', 'command execution failure (R50x)'],
] as const;

type Entry = (typeof TABLE)[number];
export type ConfirmationName = Entry[1];

export interface ConfirmationInfo {
  readonly code: number;
  readonly name: ConfirmationName | 'unknown';
  readonly meaning: string;
}

/** Name → code, e.g. `CONFIRMATION.noFinger === 0x02`. */
export const CONFIRMATION = Object.fromEntries(TABLE.map(([code, name]) => [name, code])) as { readonly [E in Entry as E[1]]: E[0] };

const BY_CODE: ReadonlyMap<number, ConfirmationInfo> = new Map(TABLE.map(([code, name, meaning]) => [code, { code, name, meaning }]));

export const CONFIRMATION_CODES: readonly ConfirmationInfo[] = [...BY_CODE.values()];

/** Describes any byte; codes outside the table are `unknown` rather than an error (firmware families differ above 0x1F). */
export function describeConfirmation(code: number): ConfirmationInfo {
  return BY_CODE.get(code) ?? { code, name: 'unknown', meaning: `unknown confirmation code 0x${code.toString(16).padStart(2, '0')}` };
}
