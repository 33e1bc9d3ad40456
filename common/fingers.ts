/**
 * ISO/IEC 19794-2 finger positions (finger view header byte 0;
 * hardware-protocols.md §7.1): the one table of finger names and positions
 * that the contract, the service, the drivers, central and synthetic/ share.
 * Position 0 ("unknown") is a valid header byte but never a finger anyone is
 * asked for, so it is not a name here.
 */
export const FINGER_POSITIONS = {
  'right-thumb': 1,
  'right-index': 2,
  'right-middle': 3,
  'right-ring': 4,
  'right-little': 5,
  'left-thumb': 6,
  'left-index': 7,
  'left-middle': 8,
  'left-ring': 9,
  'left-little': 10,
} as const;
export type FingerName = keyof typeof FINGER_POSITIONS;
/** 1 (right thumb) … 10 (left little). */
export type FingerPosition = (typeof FINGER_POSITIONS)[FingerName];

/** The names in position order, as zod enums and the translation keys take them. */
export const FINGER_NAMES = Object.keys(FINGER_POSITIONS) as readonly FingerName[];
