/**
 * The probe a verification compares with the registry: minutiae extracted
 * here from a finger image (ISO/IEC 19794-4:2005, with biometrics/, the
 * extractor the registry was enrolled with), or a template a reader extracted
 * itself (ISO/IEC 19794-2:2005). Every refusal is a DomainError with a
 * `reason`; nothing here throws on what a kiosk sends.
 *
 * The image path refuses, in order: a record that does not decode, holds
 * other than one view, is of another finger or not at 500 ppi
 * (image_malformed, 400: the kiosk sent something the wire does not allow);
 * then a print the extractor cannot use (image_unusable, 422, `reason` one of
 * biometrics/fingerprint/guidance.ts, so the kiosk can tell the citizen what
 * to do). The quality byte of the view header is the kiosk's claim and is not
 * trusted: central scores the image itself.
 */
import { extractMinutiae, minutiaeRecord } from '../../biometrics/fingerprint/extraction/index.ts';
import type { Guidance } from '../../biometrics/fingerprint/guidance.ts';
import { MAX_RESOLUTION_PPI, MIN_RESOLUTION_PPI } from '../../biometrics/fingerprint/image.ts';
import { decodeFingerMinutiaeRecord, type FingerMinutiaeRecord } from '../../biometrics/fingerprint/iso-19794-2.ts';
import { decodeFingerImageRecord, fingerprintImageOf } from '../../biometrics/fingerprint/iso-19794-4.ts';
import { pngjsGreyCodec } from '../../biometrics/fingerprint/pngjs-codec.ts';
import { DomainError } from './errors.ts';

/** Fewer minutiae than this cannot be compared reliably (the simulated module refuses below it too). */
export const MIN_PROBE_MINUTIAE = 12;
/**
 * Central refuses images scoring below the extractor's own floor; the kiosk
 * asks for a retake well above it (biometrics ACCEPTABLE_QUALITY), so a
 * capture the kiosk accepted is not refused here for a few points.
 */
export const MIN_IMAGE_QUALITY = 20;

export type Probe = { readonly ok: true; readonly record: FingerMinutiaeRecord } | { readonly ok: false; readonly error: DomainError };

const malformed = (detail: string, reason: string): Probe => ({ ok: false, error: new DomainError('image_malformed', detail, { reason }) });

function unusable(detail: string, guidance: Guidance): Probe {
  const extensions: Record<string, string> = { reason: guidance.reason };
  if (guidance.reason === 'off_centre') extensions.side = guidance.side;
  return { ok: false, error: new DomainError('image_unusable', detail, extensions) };
}

/** ISO/IEC 19794-4 record → minutiae record for the matcher, or image_malformed / image_unusable. */
export function imageProbe(bytes: Uint8Array, finger: number): Probe {
  const decoded = decodeFingerImageRecord(bytes, { png: pngjsGreyCodec });
  if (!decoded.ok) return malformed(decoded.error.message, decoded.error.code.replace(/^fir\./, ''));
  const record = decoded.value;
  if (record.views.length !== 1) return malformed(`expected one finger image, got ${record.views.length}`, 'views');
  const view = record.views[0]!;
  if (view.fingerPosition !== finger)
    return malformed(`the image is of finger position ${view.fingerPosition}, the request names ${finger}`, 'finger_position');
  const image = fingerprintImageOf(record, view);
  const ppi = image.resolutionPpi ?? 500;
  if (!(ppi >= MIN_RESOLUTION_PPI && ppi <= MAX_RESOLUTION_PPI)) return malformed(`the image is at ${Math.round(ppi)} ppi, not 500`, 'resolution');
  const extraction = extractMinutiae(image, { minimumQuality: MIN_IMAGE_QUALITY });
  if (!extraction.ok) return unusable(extraction.error.message, extraction.error.guidance);
  const { minutiae, guidance } = extraction.value;
  // A clean but small print can pass the quality floor with too few minutiae; the extractor's guidance says why when it knows.
  if (minutiae.length < MIN_PROBE_MINUTIAE) return unusable(`${minutiae.length} minutiae`, guidance.reason === 'ok' ? { reason: 'too_small' } : guidance);
  return { ok: true, record: minutiaeRecord(extraction.value, { fingerPosition: finger }) };
}

/** ISO/IEC 19794-2 record from a reader → the same, checked, or template_malformed / template_unusable. */
export function templateProbe(bytes: Uint8Array, finger: number): Probe {
  const decoded = decodeFingerMinutiaeRecord(bytes);
  if (!decoded.ok)
    return { ok: false, error: new DomainError('template_malformed', decoded.error.message, { reason: decoded.error.code.replace(/^fmr\./, '') }) };
  const views = decoded.value.views;
  if (views.length !== 1)
    return { ok: false, error: new DomainError('template_malformed', `expected one finger view, got ${views.length}`, { reason: 'views' }) };
  // A module that cannot tell which finger it saw writes 0 (unknown); any other position must be the one named.
  const position = views[0]!.fingerPosition;
  if (position !== 0 && position !== finger) {
    return {
      ok: false,
      error: new DomainError('template_malformed', `the record is of finger ${position}, the request names ${finger}`, { reason: 'finger_position' }),
    };
  }
  if (views[0]!.minutiae.length < MIN_PROBE_MINUTIAE)
    return { ok: false, error: new DomainError('template_unusable', `${views[0]!.minutiae.length} minutiae`) };
  return { ok: true, record: decoded.value };
}
