/**
 * Minutiae of the synthetic fingers, in the ISO/IEC 19794-2:2005 coordinate
 * system and angle units of biometrics/fingerprint/minutia.ts (x right, y
 * down, angle counter-clockwise as seen, 360/256° units); the angle helpers
 * are those. A synthetic minutia has no quality of its own: a capture gives
 * each one the impression's (iso-19794-2.ts, singleViewRecord).
 */
import type { Minutia as RecordMinutia } from '../../biometrics/fingerprint/minutia.ts';

export {
  ANGLE_UNITS,
  angleDistance,
  isoAngleToRadians as angleToRadians,
  type MinutiaType,
  radiansToIsoAngle as radiansToAngle,
} from '../../biometrics/fingerprint/minutia.ts';

export type Minutia = Omit<RecordMinutia, 'quality'>;

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
