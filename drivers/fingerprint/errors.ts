/**
 * Typed errors of the fingerprint reader (CONVENTIONS: "errors are values with
 * names", each with a stable `code` the service and renderer map to messages).
 * The codec only produces `ProtocolError`; the driver issue uses the others.
 */

/** Why bytes from (or for) the module were refused. */
export type ProtocolErrorReason =
  /** Bytes that did not start a packet (noise, a lost sync, the R50x power-on 0x55). */
  | 'bad_header'
  /** EF 01 and our address, but a PID other than 01/02/07/08 (reference §1.2). */
  | 'unexpected_pid'
  /** A length field below the minimum or above the maximum packet size: it would make us wait for bytes that never come. */
  | 'bad_length'
  | 'bad_checksum'
  /** A well-formed packet for another module address (the module ignores them, and so do we). */
  | 'wrong_address'
  /** A packet started but its bytes stopped coming; abandoned by `flush()`. */
  | 'truncated'
  /** A well-formed packet whose content does not fit the instruction or reply it should carry. */
  | 'bad_content'
  | 'unknown_instruction'
  /** A value passed to an encoder does not fit its field (a programming error on our side). */
  | 'out_of_range';

export interface ProtocolErrorDetails {
  /** Offset in the decoder's input stream of the first offending byte. */
  readonly streamOffset?: number;
  readonly byteCount?: number;
  readonly expected?: number;
  readonly actual?: number;
}

export type FingerprintErrorCode =
  | `fingerprint.protocol.${ProtocolErrorReason}`
  | 'fingerprint.timeout'
  | 'fingerprint.disconnected'
  | 'fingerprint.poor_quality'
  | 'fingerprint.no_finger'
  | 'fingerprint.command_rejected';

export abstract class FingerprintError extends Error {
  abstract readonly code: FingerprintErrorCode;
}

export class ProtocolError extends FingerprintError {
  readonly code: `fingerprint.protocol.${ProtocolErrorReason}`;
  readonly reason: ProtocolErrorReason;
  readonly details: ProtocolErrorDetails;
  constructor(reason: ProtocolErrorReason, message: string, details: ProtocolErrorDetails = {}) {
    super(message);
    this.name = 'ProtocolError';
    this.reason = reason;
    this.code = `fingerprint.protocol.${reason}`;
    this.details = details;
  }
}

/** No reply (or no complete reply) within the driver's deadline. */
export class DeviceTimeout extends FingerprintError {
  readonly code = 'fingerprint.timeout';
  readonly operation: string;
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(`fingerprint reader did not answer ${operation} within ${timeoutMs} ms`);
    this.name = 'DeviceTimeout';
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/** The transport went away (unplugged, port closed) while we needed it. */
export class DeviceDisconnected extends FingerprintError {
  readonly code = 'fingerprint.disconnected';
  constructor(message = 'fingerprint reader disconnected') {
    super(message);
    this.name = 'DeviceDisconnected';
  }
}

/** The module saw a finger but could not extract usable features (confirmation 06/07, reference §1.4). */
export class PoorQuality extends FingerprintError {
  readonly code = 'fingerprint.poor_quality';
  readonly confirmation: number;
  constructor(confirmation: number, message = 'fingerprint image too poor to extract features') {
    super(message);
    this.name = 'PoorQuality';
    this.confirmation = confirmation;
  }
}

/** No finger was placed before the capture deadline (GenImg kept answering 02). */
export class NoFinger extends FingerprintError {
  readonly code = 'fingerprint.no_finger';
  constructor(message = 'no finger on the sensor') {
    super(message);
    this.name = 'NoFinger';
  }
}

/** The module answered with a confirmation code the caller did not expect (reference §1.4). */
export class CommandRejected extends FingerprintError {
  readonly code = 'fingerprint.command_rejected';
  readonly instruction: string;
  readonly confirmation: number;
  constructor(instruction: string, confirmation: number, meaning: string) {
    super(`${instruction} rejected by the module: 0x${confirmation.toString(16).padStart(2, '0')} ${meaning}`);
    this.name = 'CommandRejected';
    this.instruction = instruction;
    this.confirmation = confirmation;
  }
}

export type Result<T, E = ProtocolError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };
