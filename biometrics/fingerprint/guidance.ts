/**
 * What the capture screen should tell the citizen. Pure data: the kiosk maps
 * each reason to a translated message (and a picture); no text lives here.
 */

/** Where the print lies on the image; the citizen should move the finger towards the opposite side. */
export type ImageSide = 'left' | 'right' | 'top' | 'bottom';

export type Guidance =
  | { readonly reason: 'ok' }
  /** Nothing on the sensor (a blank or nearly uniform image). */
  | { readonly reason: 'no_finger' }
  /** Something is there but it has no ridge structure (noise, a gradient, a photo, a smear). */
  | { readonly reason: 'not_a_finger' }
  /** Faint ridges: press harder. */
  | { readonly reason: 'too_light' }
  /** Dark, merged ridges: dry the finger. */
  | { readonly reason: 'too_wet' }
  /** Bright, broken ridges: moisten the finger. */
  | { readonly reason: 'too_dry' }
  /** Ridges present but unclear (moved, smudged sensor): clean and hold still. */
  | { readonly reason: 'smudged' }
  | { readonly reason: 'off_centre'; readonly side: ImageSide }
  /** A small or partial contact area: place more of the finger flat on the sensor. */
  | { readonly reason: 'too_small' };

export type GuidanceReason = Guidance['reason'];

export const GUIDANCE_REASONS: readonly GuidanceReason[] = [
  'ok',
  'no_finger',
  'not_a_finger',
  'too_light',
  'too_wet',
  'too_dry',
  'smudged',
  'off_centre',
  'too_small',
];
