/**
 * ISO/IEC 19794-2:2005 finger minutiae records for the synthetic fingers.
 * The codec itself is production code, written once in
 * biometrics/fingerprint/iso-19794-2.ts (what central and the kiosk read);
 * synthetic/ adds an encoder that throws (its generators only build valid
 * records, so a refusal is a bug) and the single-view record of a capture.
 */
import { encodeFingerMinutiaeRecord as encodeRecord, type FingerMinutiaeRecord } from '../../biometrics/fingerprint/iso-19794-2.ts';
import type { Minutia } from './minutia.ts';

export { BiometricFormatError } from '../../biometrics/fingerprint/errors.ts';
export { decodeFingerMinutiaeRecord, type FingerMinutiaeRecord, type FingerView, MAX_MINUTIAE_PER_VIEW } from '../../biometrics/fingerprint/iso-19794-2.ts';

/** The record's bytes; throws the codec's BiometricFormatError (`fmr.bad_field`) for a field out of range. */
export function encodeFingerMinutiaeRecord(record: FingerMinutiaeRecord): Uint8Array {
  const encoded = encodeRecord(record);
  if (!encoded.ok) throw encoded.error;
  return encoded.value;
}

/** What a captured template needs to become a one-view record. */
export interface SingleViewTemplate {
  readonly fingerPosition: number;
  readonly quality: number;
  readonly width: number;
  readonly height: number;
  readonly resolution: number;
  readonly minutiae: readonly Minutia[];
}

/** A live-scan plain, single-view record; each minutia carries the impression's quality. */
export function singleViewRecord(template: SingleViewTemplate): FingerMinutiaeRecord {
  const quality = Math.round(Math.min(100, Math.max(0, template.quality)));
  return {
    certificationFlags: 0,
    deviceTypeId: 0,
    imageWidth: template.width,
    imageHeight: template.height,
    xResolution: template.resolution,
    yResolution: template.resolution,
    views: [
      {
        fingerPosition: template.fingerPosition,
        viewNumber: 0,
        impressionType: 0,
        fingerQuality: quality,
        minutiae: template.minutiae.map((m) => ({ ...m, quality })),
        extendedData: new Uint8Array(0),
      },
    ],
  };
}
