/**
 * Minutiae in the ISO/IEC 19794-2:2005 coordinate system (hardware-protocols.md
 * §7.1): origin at the top-left pixel, x to the right, y downwards; the angle
 * is counter-clockwise from the x axis as seen on the image, in 360/256° units.
 *
 * Direction convention: a ridge ending points along its ridge, away from the
 * end (into the ridge); a bifurcation points away from its stem, between the
 * two branches. Both point towards the side with one ridge more, which is the
 * duality ISO uses (a ridge ending is a valley bifurcation).
 */

export type MinutiaType = 'ridge-ending' | 'bifurcation' | 'other';

export interface Minutia {
  readonly x: number;
  readonly y: number;
  /** 0–255, in units of 1.40625°. */
  readonly angle: number;
  readonly type: MinutiaType;
  /** 0–100; 0 means "not reported". */
  readonly quality: number;
}

export const ANGLE_UNITS = 256;
const RADIANS_PER_UNIT = (2 * Math.PI) / ANGLE_UNITS;

/** ISO angle units → radians, counter-clockwise as seen on the image. */
export function isoAngleToRadians(angle: number): number {
  return angle * RADIANS_PER_UNIT;
}

/** Radians counter-clockwise as seen on the image → 0–255 ISO units. */
export function radiansToIsoAngle(radians: number): number {
  const units = Math.round(radians / RADIANS_PER_UNIT) % ANGLE_UNITS;
  return units < 0 ? units + ANGLE_UNITS : units;
}

/**
 * Image arrays index rows downwards, so an angle computed with atan2(dy, dx) on
 * pixel offsets turns clockwise as seen; ISO turns counter-clockwise.
 */
export function imageRadiansToIsoAngle(imageRadians: number): number {
  return radiansToIsoAngle(-imageRadians);
}

/** Smallest absolute difference between two angles in radians, in [0, π]. */
export function angleDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** 500 ppi in pixels per centimetre, as ISO records carry it (196.85, rounded as usual to 197). */
export const PPCM_AT_500_PPI = 197;

export function ppiToPpcm(ppi: number): number {
  return Math.round(ppi / 2.54);
}
