/**
 * Minutiae in the ISO/IEC 19794-2:2005 coordinate system (hardware-protocols.md
 * §7.1): origin at the top-left pixel, x to the right, y downwards, integer
 * pixels at the record's resolution; the angle is measured counter-clockwise
 * from the x axis as seen on the image, in units of 360/256 = 1.40625°.
 */

export type MinutiaType = 'ridge-ending' | 'bifurcation' | 'other';

export interface Minutia {
  readonly x: number;
  readonly y: number;
  /** 0–255, in units of 1.40625°. */
  readonly angle: number;
  readonly type: MinutiaType;
}

/** The R30x image the synthetic sensor produces: 256 × 288 px (hardware-protocols.md §1.6). */
export const SENSOR_WIDTH = 256;
export const SENSOR_HEIGHT = 288;
/** 500 dpi expressed as ISO wants it, pixels per centimetre (§7.1: 197 ≈ 500 dpi). */
export const SENSOR_RESOLUTION_PPCM = 197;
/**
 * Mean ridge period of an adult finger, about 0.46 mm, i.e. 9 px at 500 dpi.
 * Two minutiae are never closer than this: an extractor cannot resolve them.
 */
export const RIDGE_SPACING_PX = 9;

export const ANGLE_UNITS = 256;
const RADIANS_PER_UNIT = (2 * Math.PI) / ANGLE_UNITS;

export function angleToRadians(angle: number): number {
  return angle * RADIANS_PER_UNIT;
}

/** Quantises any angle in radians to 0–255 ISO units. */
export function radiansToAngle(radians: number): number {
  const units = Math.round(radians / RADIANS_PER_UNIT) % ANGLE_UNITS;
  return units < 0 ? units + ANGLE_UNITS : units;
}

/** Smallest absolute difference between two angles in radians, in [0, π]. */
export function angleDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}
