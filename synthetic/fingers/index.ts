/**
 * Synthetic fingerprints: deterministic fingers per (citizen key, finger
 * position), a capture model that turns a finger into an impression, the
 * ISO/IEC 19794-2:2005 record codec, the minutiae matcher, and ridge images
 * (master prints and sensor impressions with ground-truth minutiae). Used by the
 * fingerprint simulators, the central sandbox and tests; never on a
 * production path.
 */
export * from './minutia.ts';
export { type Random, seededRandom } from './random.ts';
export {
  citizenFingerKey,
  type Finger,
  generateFinger,
  MINUTIAE_PER_FINGER,
  type PatternClass,
  ridgeOrientation,
  type SingularPoint,
} from './finger-generator.ts';
export { captureImpression, type CaptureOptions, type CaptureParameters, captureParameters, type Impression } from './capture.ts';
export * from './iso-19794-2.ts';
export {
  type Alignment,
  compareTemplates,
  IMAGE_MATCH_THRESHOLD,
  MATCH_THRESHOLD,
  type MatcherTemplate,
  type MatchResult,
  matchMinutiae,
  matchRecords,
  prepareTemplate,
} from './matcher.ts';
export * from './ridge-image/index.ts';
