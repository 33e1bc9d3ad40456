/**
 * Errors are values with stable codes (CONVENTIONS.md). Decoders and the
 * extractor return them in a Result; nothing in biometrics/ throws on bad
 * input, so a hostile record or a photo of a cat cannot crash a caller.
 */
import type { Guidance } from './guidance.ts';

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export type FormatErrorCode =
  | 'fir.truncated'
  | 'fir.bad_magic'
  | 'fir.bad_version'
  | 'fir.length_mismatch'
  | 'fir.bad_field'
  | 'fir.bad_dimensions'
  | 'fir.too_large'
  | 'fir.unsupported_compression'
  | 'fir.unsupported_depth'
  | 'fir.bad_image_data'
  | 'fmr.truncated'
  | 'fmr.bad_magic'
  | 'fmr.bad_version'
  | 'fmr.length_mismatch'
  | 'fmr.bad_field';

/** A biometric data record (ISO/IEC 19794-2 or -4) that is malformed, or a value that cannot be encoded. */
export class BiometricFormatError extends Error {
  readonly code: FormatErrorCode;
  /** Byte offset where the problem was found (0 for encode-side errors). */
  readonly offset: number;
  constructor(code: FormatErrorCode, message: string, offset: number) {
    super(message);
    this.name = 'BiometricFormatError';
    this.code = code;
    this.offset = offset;
  }
}

export type FingerprintImageErrorCode =
  | 'fingerprint.bad_image'
  | 'fingerprint.bad_dimensions'
  | 'fingerprint.bad_depth'
  | 'fingerprint.bad_resolution'
  | 'fingerprint.blank'
  | 'fingerprint.not_a_finger'
  | 'fingerprint.low_quality';

/** An image the extractor refuses; `guidance` says what the citizen can do about it. */
export class FingerprintImageError extends Error {
  readonly code: FingerprintImageErrorCode;
  readonly guidance: Guidance;
  constructor(code: FingerprintImageErrorCode, message: string, guidance: Guidance) {
    super(message);
    this.name = 'FingerprintImageError';
    this.code = code;
    this.guidance = guidance;
  }
}
